"""The GitHub renderer: workflow commands, escaped as the Actions runner expects."""

from __future__ import annotations

from ktb_action.diagnostics import Diagnostic, Severity, Span
from ktb_action.render.diagnostics_github import render_github


def test_render_github_writes_one_command_per_diagnostic_with_the_hint_on_a_new_line() -> None:
    diagnostics = [
        Diagnostic(
            "schema-unknown-key",
            Severity.ERROR,
            "unknown key `partitons` in `topics`",
            Span("topics/team-a.yaml", 6, 9, 6, 18),
            "did you mean `partitions`?",
        ),
        Diagnostic(
            "file-empty", Severity.WARNING, "file has no topology in it", Span.point("e.yaml")
        ),
        Diagnostic("rule-x", Severity.NOTICE, "whole run"),
    ]
    assert render_github(diagnostics) == (
        "::error file=topics/team-a.yaml,line=6,endLine=6,col=9,endColumn=18,"
        "title=schema-unknown-key::unknown key `partitons` in `topics`%0Ahelp: did you mean"
        " `partitions`?\n"
        "::warning file=e.yaml,line=1,endLine=1,col=1,endColumn=2,title=file-empty::"
        "file has no topology in it\n"
        "::notice title=rule-x::whole run\n"
    )


def test_render_github_shows_newlines_and_escapes_percent_and_property_separators() -> None:
    diagnostic = Diagnostic(
        "r", Severity.ERROR, "100% of\r\nlines: a,b", Span("dir,x/a:b%.yaml", 1, 1, 1, 2)
    )
    assert render_github([diagnostic]) == (
        "::error file=dir%2Cx/a%3Ab%25.yaml,line=1,endLine=1,col=1,endColumn=2,title=r::"
        "100%25 of\\r\\nlines: a,b\n"
    )
