"""Diagnostics for a terminal, in ruff's and rustc's manner: the place, the line, a caret.

```
topology.yaml:6:9: error[schema-unknown-key] unknown key `partitons` in `topics`
  |
6 |         partitons: 3
  |         ^^^^^^^^^
  |
  = help: did you mean `partitions`?
```
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ktb_action.diagnostics import Diagnostic, Severity, count
from ktb_action.render.escape import escape_text
from ktb_action.render.source_lines import SourceLines
from ktb_action.rule_docs import documented_rules

_RESET = "\033[0m"
_BOLD = "\033[1m"
_GUTTER = "\033[1;34m"
_SEVERITY_COLORS = {
    Severity.ERROR: "\033[1;31m",
    Severity.WARNING: "\033[1;33m",
    Severity.NOTICE: "\033[1;36m",
}


class _Paint:
    """ANSI styling that is a no-op when colour is off (pipes, files, CI logs)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, style: str, text: str) -> str:
        return f"{style}{text}{_RESET}" if self.enabled and text else text


def render_text(
    diagnostics: Sequence[Diagnostic],
    sources: Mapping[str, str],
    *,
    files: int,
    color: bool = False,
) -> str:
    """Every diagnostic with its source line and caret, then the summary line."""
    paint = _Paint(color)
    lines = SourceLines(sources)
    blocks = [_block(d, lines, paint) for d in diagnostics]
    return "".join(f"{block}\n" for block in blocks) + summary_line(diagnostics, files) + "\n"


def summary_line(diagnostics: Sequence[Diagnostic], files: int) -> str:
    """`Found 2 errors, 1 warning in 3 files.`"""
    errors = count(diagnostics, Severity.ERROR)
    warnings = count(diagnostics, Severity.WARNING)
    return (
        f"Found {_plural(errors, 'error')}, {_plural(warnings, 'warning')} "
        f"in {_plural(files, 'file')}."
    )


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _block(diagnostic: Diagnostic, sources: SourceLines, paint: _Paint) -> str:
    span = diagnostic.span
    label = paint(
        _SEVERITY_COLORS[diagnostic.severity], f"{diagnostic.severity}[{diagnostic.rule}]"
    )
    header = f"{label} {paint(_BOLD, escape_text(diagnostic.message))}"
    if span is not None:
        place = f"{escape_text(span.file)}:{span.line}:{span.column}:"
        header = f"{paint(_BOLD, place)} {header}"
    lines = [header]
    source_line = sources.line(span.file, span.line) if span is not None else None
    if span is not None and source_line is not None:
        number = str(span.line)
        pad = " " * len(number)
        bar = paint(_GUTTER, "|")
        end = span.end_column if span.end_line == span.line else len(source_line) + 1
        # Measured on the escaped text, so the caret stays under a character shown as
        # `<U+202E>`; tabs are kept in the indent so it lines up under the same character.
        before = escape_text(source_line[: span.column - 1])
        width = max(1, len(escape_text(source_line[span.column - 1 : end - 1])))
        indent = "".join(c if c == "\t" else " " for c in before)
        lines += [
            f"{pad} {bar}",
            f"{paint(_GUTTER, number)} {bar} {escape_text(source_line)}".rstrip(),
            f"{pad} {bar} {indent}{paint(_SEVERITY_COLORS[diagnostic.severity], '^' * width)}",
            f"{pad} {bar}",
        ]
    else:
        pad = " "
    help_text = _help(diagnostic)
    if help_text:
        lines.append(f"{pad} = {paint(_BOLD, 'help')}: {help_text}")
    return "\n".join(lines)


def _help(diagnostic: Diagnostic) -> str:
    """The hint, then where the rule is explained when docs/rules.md documents it."""
    parts = [escape_text(diagnostic.hint)] if diagnostic.hint else []
    if diagnostic.rule in documented_rules():
        parts.append(f"see `ktb rule {diagnostic.rule}`")
    return "; ".join(parts)
