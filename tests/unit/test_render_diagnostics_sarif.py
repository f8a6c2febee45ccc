"""The SARIF renderer: a SARIF 2.1.0 log that code scanning accepts."""

from __future__ import annotations

import json
from typing import Any

from ktb_action import __version__
from ktb_action.diagnostics import Diagnostic, Severity, Span
from ktb_action.render.diagnostics_sarif import SARIF_SCHEMA, render_sarif

DIAGNOSTICS = [
    Diagnostic(
        "schema-unknown-key",
        Severity.ERROR,
        "unknown key `partitons` in `topics`",
        Span("t.yaml", 6, 9, 6, 18),
        "did you mean `partitions`?",
    ),
    Diagnostic("file-empty", Severity.WARNING, "file has no topology in it", Span.point("e.yaml")),
    Diagnostic("naming", Severity.NOTICE, "whole run"),
]


def _log(**options: Any) -> Any:
    return json.loads(render_sarif(DIAGNOSTICS, **options))


def test_render_sarif_writes_the_log_header_and_the_tool() -> None:
    log = _log(
        descriptions={"file-empty": "A topology file with nothing in it"},
        information_uri="https://example.invalid/ktb",
        help_uri="https://example.invalid/ktb/rules",
    )
    assert (log["$schema"], log["version"]) == (SARIF_SCHEMA, "2.1.0")
    assert log["runs"][0]["columnKind"] == "unicodeCodePoints"
    assert log["runs"][0]["tool"]["driver"] == {
        "name": "ktb",
        "version": __version__,
        "informationUri": "https://example.invalid/ktb",
        "rules": [
            {
                "id": "file-empty",
                "shortDescription": {"text": "A topology file with nothing in it"},
                "helpUri": "https://example.invalid/ktb/rules#file-empty",
            },
            {
                "id": "naming",
                "shortDescription": {"text": "naming"},
                "helpUri": "https://example.invalid/ktb/rules#naming",
            },
            {
                "id": "schema-unknown-key",
                "shortDescription": {"text": "schema-unknown-key"},
                "helpUri": "https://example.invalid/ktb/rules#schema-unknown-key",
            },
        ],
    }


def test_render_sarif_writes_a_result_with_its_region() -> None:
    assert _log()["runs"][0]["results"][0] == {
        "ruleId": "schema-unknown-key",
        "ruleIndex": 2,
        "level": "error",
        "message": {
            "text": "unknown key `partitons` in `topics`\nhelp: did you mean `partitions`?"
        },
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": "t.yaml", "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": 6, "startColumn": 9, "endLine": 6, "endColumn": 18},
                }
            }
        ],
    }


def test_render_sarif_maps_levels_and_omits_locations_of_whole_run_findings() -> None:
    results = _log()["runs"][0]["results"]
    assert [r["level"] for r in results] == ["error", "warning", "note"]
    assert "locations" not in results[2]


def test_render_sarif_leaves_out_unknown_optional_tool_fields() -> None:
    driver = _log()["runs"][0]["tool"]["driver"]
    assert "informationUri" not in driver
    assert all("helpUri" not in rule for rule in driver["rules"])
