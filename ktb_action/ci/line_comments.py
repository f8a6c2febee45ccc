"""Line comments on a change request's diff: one per finding, marked so that a re-run does
not repeat it, with a suggested change the reviewer can commit when the fix is mechanical (a
misspelt key with one close match)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ktb_action.diagnostics import Diagnostic
from ktb_action.render.escape import escape_markdown

# The hint `did_you_mean` writes: the only fix ktb is sure enough of to offer as a commit.
_DID_YOU_MEAN = re.compile(r"did you mean `([^`\n]+)`\?")
_MARKER = re.compile(r"<!-- ktb-action:finding [0-9a-f]{16} -->")


@dataclass(frozen=True, slots=True)
class Suggestion:
    """The whole new text of the finding's line (platforms replace whole lines)."""

    diagnostic: Diagnostic
    line: str


def suggestions(
    diagnostics: Iterable[Diagnostic], sources: Mapping[str, str]
) -> tuple[Suggestion, ...]:
    """One suggestion per finding whose hint names a single replacement for the exact text
    its span covers on one line."""
    found = []
    for diagnostic in diagnostics:
        span = diagnostic.span
        match = _DID_YOU_MEAN.fullmatch(diagnostic.hint or "")
        if span is None or match is None or span.end_line != span.line:
            continue
        lines = sources.get(span.file, "").splitlines()
        if not 0 < span.line <= len(lines):
            continue
        text = lines[span.line - 1]
        start, end = span.column - 1, span.end_column - 1
        if not 0 <= start < end <= len(text):
            continue
        found.append(Suggestion(diagnostic, text[:start] + match.group(1) + text[end:]))
    return tuple(found)


def suggestion_block(suggestion: Suggestion, fence_info: str) -> str:
    """A fenced block the platform offers to commit (` ```suggestion `, GitLab
    ` ```suggestion:-0+0 `), fenced longer than any backtick run in the line."""
    longest = max((len(run) for run in re.findall(r"`+", suggestion.line)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{fence_info}\n{suggestion.line}\n{fence}"


def finding_id(diagnostic: Diagnostic) -> str:
    """A stable id of a finding (rule, file, message), so a re-run does not repeat it."""
    span_file = diagnostic.span.file if diagnostic.span else ""
    text = "\0".join((diagnostic.rule, span_file, diagnostic.message))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def finding_marker(diagnostic: Diagnostic) -> str:
    """The hidden marker a line comment about `diagnostic` starts with."""
    return f"<!-- ktb-action:finding {finding_id(diagnostic)} -->"


def line_comment_body(diagnostic: Diagnostic, suggestion: str = "") -> str:
    """Marker, escaped message and hint, then the suggestion block if there is one."""
    rule = diagnostic.rule.replace("`", "'")
    text = f"**{diagnostic.severity}** `{rule}`: {escape_markdown(diagnostic.message)}"
    if diagnostic.hint:
        text += f"\n\nhelp: {escape_markdown(diagnostic.hint)}"
    if suggestion:
        text += f"\n\n{suggestion}"
    return f"{finding_marker(diagnostic)}\n{text}"


def already_posted(bodies: Iterable[str]) -> set[str]:
    """The markers found in existing comments' bodies."""
    return {m.group(0) for body in bodies for m in _MARKER.finditer(body)}
