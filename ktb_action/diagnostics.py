"""Diagnostics: every problem a user can fix, as a value with a rule id and a location."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import NamedTuple


class Severity(StrEnum):
    """How bad a finding is; only errors fail a run (unless warnings are made fatal)."""

    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"


class Span(NamedTuple):
    """A 1-based, end-inclusive-line / end-exclusive-column region of a file.

    `file` is relative to the repository root so that platform adapters can annotate it.
    A tuple rather than a frozen dataclass: the loader makes one per YAML node, and a
    frozen dataclass takes two and a half times as long to build (a tenth of loading).
    """

    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    @staticmethod
    def point(file: str, line: int = 1, column: int = 1) -> Span:
        """A one-character span, for findings with no better extent (e.g. a whole file)."""
        return Span(file, line, column, line, column + 1)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: what rule, where, what is wrong (`message`) and how to fix it (`hint`)."""

    rule: str
    severity: Severity
    message: str
    span: Span | None = None
    hint: str | None = None

    def with_severity(self, severity: Severity) -> Diagnostic:
        """The same finding at another severity (settings may raise or lower a rule)."""
        return replace(self, severity=severity)


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, int, str]:
    """Order by file and position, as a reader walks the files; whole-run findings first."""
    span = diagnostic.span
    if span is None:
        return ("", 0, 0, diagnostic.rule)
    return (span.file, span.line, span.column, diagnostic.rule)


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics in reading order, with exact duplicates removed (never the same error twice)."""
    return sorted(set(diagnostics), key=sort_key)


def count(diagnostics: Iterable[Diagnostic], severity: Severity) -> int:
    """How many diagnostics have the given severity."""
    return sum(1 for d in diagnostics if d.severity is severity)


def location(span: Span) -> str:
    """`file:line:column`, for messages that point at a second place (e.g. a first declaration)."""
    return f"{span.file}:{span.line}:{span.column}"


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """A `did you mean `x`?` hint naming the closest candidate, or None if none is close."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else None
