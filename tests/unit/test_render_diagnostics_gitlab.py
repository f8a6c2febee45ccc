"""The GitLab renderer: a Code Quality report whose fingerprints survive unrelated edits."""

from __future__ import annotations

import hashlib
import json

from ktb_action.diagnostics import Diagnostic, Severity, Span
from ktb_action.render.diagnostics_gitlab import render_gitlab

BAD_LINE = "        partitons: 3"


def _unknown_key(line: int) -> Diagnostic:
    return Diagnostic(
        "schema-unknown-key",
        Severity.ERROR,
        "unknown key `partitons` in `topics`",
        Span("t.yaml", line, 9, line, 18),
        "did you mean `partitions`?",
    )


def _report(diagnostics: list[Diagnostic], source: str) -> list[dict[str, object]]:
    report = json.loads(render_gitlab(diagnostics, {"t.yaml": source}))
    assert isinstance(report, list)
    return report


def test_render_gitlab_writes_a_code_quality_issue() -> None:
    expected_fingerprint = hashlib.sha256(
        "\0".join(("schema-unknown-key", "t.yaml", "partitons: 3", "0")).encode()
    ).hexdigest()
    assert _report([_unknown_key(2)], f"topics:\n{BAD_LINE}\n") == [
        {
            "description": "unknown key `partitons` in `topics` (help: did you mean `partitions`?)",
            "check_name": "schema-unknown-key",
            "fingerprint": expected_fingerprint,
            "severity": "major",
            "location": {"path": "t.yaml", "lines": {"begin": 2, "end": 2}},
        }
    ]


def test_render_gitlab_fingerprint_survives_lines_added_above() -> None:
    before = _report([_unknown_key(2)], f"topics:\n{BAD_LINE}\n")
    after = _report([_unknown_key(4)], f"# a\n# b\ntopics:\n{BAD_LINE}\n")
    assert before[0]["fingerprint"] == after[0]["fingerprint"]


def test_render_gitlab_fingerprints_identical_findings_apart() -> None:
    report = _report([_unknown_key(1), _unknown_key(2)], f"{BAD_LINE}\n{BAD_LINE}\n")
    assert report[0]["fingerprint"] != report[1]["fingerprint"]


def test_render_gitlab_maps_severities() -> None:
    diagnostics = [Diagnostic(str(s), s, "m", Span.point("t.yaml")) for s in Severity]
    report = _report(diagnostics, "x\n")
    assert [issue["severity"] for issue in report] == ["major", "minor", "info"]
