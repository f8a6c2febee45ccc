"""Diagnostics as GitHub Actions workflow commands: each becomes an inline annotation.

`::error file=F,line=L,endLine=EL,col=C,endColumn=EC,title=T::MESSAGE`, every value escaped
by `ktb_action.render.escape` so that no user-written text can end the command or start
another one (`::add-mask::`, `::stop-commands::`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ktb_action.diagnostics import Diagnostic
from ktb_action.render.escape import escape_workflow_data, escape_workflow_property

# The only line break in a message is the one ktb puts before the hint.
_NEWLINE = "%0A"


def render_github(diagnostics: Sequence[Diagnostic]) -> str:
    """One workflow command per diagnostic; the hint goes on a second line of the message."""
    return "".join(f"{_command(d)}\n" for d in diagnostics)


def _command(diagnostic: Diagnostic) -> str:
    span = diagnostic.span
    properties: list[tuple[str, str]] = []
    if span is not None:
        properties += [
            ("file", span.file),
            ("line", str(span.line)),
            ("endLine", str(span.end_line)),
            ("col", str(span.column)),
            ("endColumn", str(span.end_column)),
        ]
    properties.append(("title", diagnostic.rule))
    message = escape_workflow_data(diagnostic.message)
    if diagnostic.hint:
        message += f"{_NEWLINE}help: {escape_workflow_data(diagnostic.hint)}"
    joined = ",".join(f"{name}={escape_workflow_property(value)}" for name, value in properties)
    return f"::{diagnostic.severity} {joined}::{message}"
