"""Diagnostics as JSON for machines: one object per finding plus a summary.

Strings are exact (machines match on them), written by `dumps_json`.

`version` is the format version; it changes only when a field changes meaning or goes away.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ktb_action.diagnostics import Diagnostic, Severity, count
from ktb_action.render.escape import dumps_json

FORMAT_VERSION = 1


def render_json(diagnostics: Sequence[Diagnostic], *, files: int, topics: int) -> str:
    """`{"version", "diagnostics": [...], "summary": {errors, warnings, files, topics}}`."""
    document = {
        "version": FORMAT_VERSION,
        "diagnostics": [_entry(d) for d in diagnostics],
        "summary": {
            "errors": count(diagnostics, Severity.ERROR),
            "warnings": count(diagnostics, Severity.WARNING),
            "files": files,
            "topics": topics,
        },
    }
    return dumps_json(document)


def _entry(diagnostic: Diagnostic) -> dict[str, Any]:
    span = diagnostic.span
    return {
        "rule": diagnostic.rule,
        "severity": str(diagnostic.severity),
        "file": span.file if span else None,
        "line": span.line if span else None,
        "column": span.column if span else None,
        "end_line": span.end_line if span else None,
        "end_column": span.end_column if span else None,
        "message": diagnostic.message,
        "hint": diagnostic.hint,
    }
