"""The JSON renderer: one object per diagnostic and a summary, for machines."""

from __future__ import annotations

import json

from ktb_action.diagnostics import Diagnostic, Severity, Span
from ktb_action.render.diagnostics_json import render_json


def test_render_json_lists_every_field_and_the_summary() -> None:
    diagnostics = [
        Diagnostic(
            "schema-type",
            Severity.ERROR,
            "`name` must be a string",
            Span("a.yaml", 3, 11, 3, 15),
            'quote the value: `"2024"`',
        ),
        Diagnostic(
            "file-empty", Severity.WARNING, "file has no topology in it", Span.point("b.yaml")
        ),
        Diagnostic("no-topology", Severity.ERROR, "no topology paths given"),
    ]
    assert json.loads(render_json(diagnostics, files=2, topics=7)) == {
        "version": 1,
        "diagnostics": [
            {
                "rule": "schema-type",
                "severity": "error",
                "file": "a.yaml",
                "line": 3,
                "column": 11,
                "end_line": 3,
                "end_column": 15,
                "message": "`name` must be a string",
                "hint": 'quote the value: `"2024"`',
            },
            {
                "rule": "file-empty",
                "severity": "warning",
                "file": "b.yaml",
                "line": 1,
                "column": 1,
                "end_line": 1,
                "end_column": 2,
                "message": "file has no topology in it",
                "hint": None,
            },
            {
                "rule": "no-topology",
                "severity": "error",
                "file": None,
                "line": None,
                "column": None,
                "end_line": None,
                "end_column": None,
                "message": "no topology paths given",
                "hint": None,
            },
        ],
        "summary": {"errors": 2, "warnings": 1, "files": 2, "topics": 7},
    }


def test_render_json_keeps_non_ascii_readable() -> None:
    diagnostic = Diagnostic("r", Severity.ERROR, "topic `bär`", Span.point("a.yaml"))
    assert "topic `bär`" in render_json([diagnostic], files=1, topics=0)
