"""Diagnostics as GitHub Actions workflow commands: each becomes an inline annotation.

`::error file=F,line=L,endLine=EL,col=C,endColumn=EC,title=T::MESSAGE`, escaped as the
runner expects (`%`, CR, LF everywhere; `:` and `,` too inside properties).
"""

from __future__ import annotations

from collections.abc import Sequence

from ktb_action.diagnostics import Diagnostic

# `%` first, so the escapes added after it are not escaped again.
_DATA_ESCAPES = (("%", "%25"), ("\r", "%0D"), ("\n", "%0A"))
_PROPERTY_ESCAPES = (*_DATA_ESCAPES, (":", "%3A"), (",", "%2C"))


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
    message = diagnostic.message
    if diagnostic.hint:
        message += f"\nhelp: {diagnostic.hint}"
    joined = ",".join(f"{name}={_escape(value, _PROPERTY_ESCAPES)}" for name, value in properties)
    return f"::{diagnostic.severity} {joined}::{_escape(message, _DATA_ESCAPES)}"


def _escape(text: str, escapes: tuple[tuple[str, str], ...]) -> str:
    for raw, escaped in escapes:
        text = text.replace(raw, escaped)
    return text
