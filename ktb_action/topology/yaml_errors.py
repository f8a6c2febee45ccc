"""What a YAML parser's error means for a person: the diagnostic at the place it stopped,
with a hint for the common causes; and text split into lines as YAML counts them."""

from __future__ import annotations

import re
from typing import Any

import yaml

from ktb_action.diagnostics import Diagnostic, Severity, Span

# libyaml when available (10x faster); the pure-Python parser gives the same events.
LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)

_TAB_HINT = "indent with spaces; YAML does not allow tabs for indentation"
_INDENT_HINT = "check the indentation: items of one list or mapping line up"
_SYNTAX_HINTS = (
    (
        "mapping values are not allowed",
        "quote the value if it contains `: `, or fix the indentation",
    ),
    ("expected <block end>", _INDENT_HINT),
    ("did not find expected '-' indicator", _INDENT_HINT),
    ("did not find expected key", _INDENT_HINT),
    ("could not find expected ':'", "write `key: value`, with a space after the colon"),
    ("did not find expected ',' or ']'", "close the `[` list, and separate its items with `,`"),
    (
        "did not find expected ',' or '}'",
        "close the `{` mapping, and separate its entries with `,`",
    ),
    ("found unexpected end of stream", "close the quote or bracket that starts here"),
)
_UNCLOSED = "found unexpected end of stream"


def syntax_diagnostic(error: yaml.MarkedYAMLError, text: str, file: str) -> Diagnostic:
    problem = (error.problem or error.context or "invalid YAML").rstrip(".")
    context = error.context_mark
    mark: Any
    if problem == _UNCLOSED and error.context and context is not None:
        # At the end of the file the useful place is where the unclosed thing opened.
        opened = error.context.removeprefix("while scanning ").removeprefix("while parsing ")
        message, mark = f"the file ends inside {opened}", context
    else:
        message, mark = problem, error.problem_mark or context
        if error.context and error.problem and context is not None:
            where = f"line {context.line + 1}, column {context.column + 1}"
            message += f" ({error.context} at {where})"
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    hint = next((h for needle, h in _SYNTAX_HINTS if needle in problem), None)
    if _char_at(text, line, column) == "\t":
        hint = _TAB_HINT
    return Diagnostic("yaml-syntax", Severity.ERROR, message, Span.point(file, line, column), hint)


def _char_at(text: str, line: int, column: int) -> str | None:
    lines = yaml_lines(text)
    if 0 < line <= len(lines) and 0 < column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return None


def reader_diagnostic(error: yaml.reader.ReaderError, text: str, file: str) -> Diagnostic:
    position = error.position
    if LOADER is not yaml.SafeLoader:
        # libyaml counts UTF-8 bytes where the pure-Python reader counts characters.
        position = len(text.encode("utf-8")[:position].decode("utf-8", errors="ignore"))
    line, column = line_column(text, position)
    return Diagnostic(
        "yaml-syntax",
        Severity.ERROR,
        f"character `U+{error.character:04X}` is not allowed in YAML",
        Span.point(file, line, column),
        "remove the control character, or write it as an escape in a double-quoted string",
    )


_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What YAML (and libyaml's marks) count as the end of a line."""


def yaml_lines(text: str) -> list[str]:
    """The lines of `text` as YAML numbers them (`str.splitlines` also splits on form
    feeds and other characters that YAML does not treat as line breaks)."""
    lines = _LINE_BREAK.split(text)
    return lines[:-1] if lines and not lines[-1] else lines


def line_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of character `index` in `text`, as YAML counts lines."""
    breaks = list(_LINE_BREAK.finditer(text, 0, index))
    line_start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, index - line_start + 1
