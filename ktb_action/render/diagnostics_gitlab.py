"""Diagnostics as a GitLab Code Quality report (shown in merge request widgets and diffs).

The fingerprint hashes the rule, the path and the *content* of the offending line, not its
number, so a finding keeps its identity when unrelated lines are added above it, and GitLab
shows it as existing rather than new-and-fixed. Descriptions are shown to people as plain text
(`escape_text`); paths stay exact, JSON-escaped by `dumps_json`.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from ktb_action.diagnostics import Diagnostic, Severity
from ktb_action.render.escape import dumps_json, escape_text
from ktb_action.render.source_lines import SourceLines

_SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.NOTICE: "info"}


def render_gitlab(diagnostics: Sequence[Diagnostic], sources: Mapping[str, str]) -> str:
    """A JSON list of Code Quality issues, one per diagnostic."""
    lines = SourceLines(sources)
    seen: Counter[tuple[str, str, str]] = Counter()
    issues = []
    for diagnostic in diagnostics:
        span = diagnostic.span
        path = span.file if span else ""
        content = (lines.line(span.file, span.line) or "").strip() if span else diagnostic.message
        identity = (diagnostic.rule, path, content)
        # Identical lines with the same finding (two `partitons: 3`) still get distinct
        # fingerprints: the n-th occurrence is part of the hash.
        occurrence = seen[identity]
        seen[identity] += 1
        issues.append(_issue(diagnostic, path, _fingerprint(*identity, occurrence)))
    return dumps_json(issues)


def _fingerprint(rule: str, path: str, content: str, occurrence: int) -> str:
    key = "\0".join((rule, path, content, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _issue(diagnostic: Diagnostic, path: str, fingerprint: str) -> dict[str, Any]:
    span = diagnostic.span
    description = escape_text(diagnostic.message)
    if diagnostic.hint:
        description += f" (help: {escape_text(diagnostic.hint)})"
    return {
        "description": description,
        "check_name": diagnostic.rule,
        "fingerprint": fingerprint,
        "severity": _SEVERITIES[diagnostic.severity],
        "location": {
            "path": path,
            "lines": {
                "begin": span.line if span else 1,
                "end": span.end_line if span else 1,
            },
        },
    }
