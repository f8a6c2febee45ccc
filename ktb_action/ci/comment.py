"""The sticky plan comment: marker, the markdown plan (its summary table and collapsible
sections per project), the findings, and safe truncation.

Platforms cap a comment at 65,536 characters. Cutting blindly could leave a code fence or a
`<details>` open and swallow the rest of the page, so the comment is cut only between
top-level blocks, and it then says where the full plan is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ktb_action.diagnostics import Diagnostic, Severity, count, sorted_diagnostics
from ktb_action.render.escape import escape_markdown, escape_text

MARKER = "<!-- ktb-action:plan -->"
COMMENT_LIMIT = 65_536
"""Characters: GitHub's and GitLab's limit on a comment body."""
STEP_SUMMARY_LIMIT = 1024 * 1024 - 1
"""Bytes: GitHub's limit on a step's job summary (measure it with `utf8_size`)."""
_FENCES = ("```", "~~~")


@dataclass(frozen=True, slots=True)
class CommentParts:
    """What a comment shows; `plan_markdown` is the plan already rendered and escaped."""

    title: str
    diagnostics: Sequence[Diagnostic]
    plan_markdown: str
    """'' when no plan was made (e.g. validation failed)."""
    full_plan_at: str
    """Markdown naming where the untruncated plan is (written by ktb, not by users)."""
    note: str = ""
    """Trusted status text, e.g. which parts could not be posted."""


def utf8_size(text: str) -> int:
    """Size in bytes, for limits counted in bytes rather than characters."""
    return len(text.encode("utf-8"))


def build_comment(
    parts: CommentParts,
    limit: int = COMMENT_LIMIT,
    *,
    marker: bool = True,
    size: Callable[[str], int] = len,
) -> str:
    """The comment body, never over `limit` as measured by `size` (characters by default);
    it starts with the marker unless `marker` is False (job summaries and check runs are
    not searched for it)."""
    head = "\n\n".join(piece for piece in (MARKER if marker else "", parts.note) if piece)
    blocks = [*_plan_blocks(parts), *_diagnostics_blocks(parts.diagnostics)]
    body = _join(head, blocks)
    if size(body) <= limit:
        return body
    notice = (
        "> [!NOTE]\n> This comment was truncated to fit the platform's size limit. "
        f"The full plan is in {parts.full_plan_at}."
    )
    kept: list[str] = []
    for block in blocks:
        if size(_join(head, [*kept, block, notice])) > limit:
            break
        kept.append(block)
    return _join(head, [*kept, notice])


def findings_line(diagnostics: Sequence[Diagnostic]) -> str:
    """`2 errors, 1 warning` (counts only, no user text)."""
    errors = count(diagnostics, Severity.ERROR)
    warnings = count(diagnostics, Severity.WARNING)
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def diagnostic_line(diagnostic: Diagnostic) -> str:
    """One list item: severity, rule, location, then the escaped message and hint."""
    where = ""
    if diagnostic.span is not None:
        span = diagnostic.span
        where = f" `{_code(span.file)}:{span.line}:{span.column}`"
    line = (
        f"- **{diagnostic.severity}** `{_code(diagnostic.rule)}`{where}: "
        f"{escape_markdown(diagnostic.message)}"
    )
    if diagnostic.hint:
        line += f" (help: {escape_markdown(diagnostic.hint)})"
    return line


def safe_blocks(markdown: str) -> list[str]:
    """Split markdown at blank lines that are outside code fences and `<details>` sections."""
    blocks: list[str] = []
    current: list[str] = []
    fence: str | None = None
    depth = 0
    for line in markdown.splitlines():
        stripped = line.strip()
        if fence is None and stripped.startswith(_FENCES):
            fence = stripped[:3]
        elif fence is not None and stripped.startswith(fence):
            fence = None
        elif fence is None:
            depth += stripped.count("<details") - stripped.count("</details>")
        if not stripped and fence is None and depth <= 0:
            if current:
                blocks.append("\n".join(current))
                current = []
            continue
        current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks


def _plan_blocks(parts: CommentParts) -> list[str]:
    if parts.plan_markdown.strip():
        return safe_blocks(parts.plan_markdown)
    return [f"### {parts.title}", "No plan was made: fix the errors below first."]


def _diagnostics_blocks(diagnostics: Sequence[Diagnostic]) -> list[str]:
    findings = sorted_diagnostics(diagnostics)
    if not findings:
        return []
    return [
        f"<details open><summary>{findings_line(findings)}</summary>\n\n"
        + "\n".join(diagnostic_line(d) for d in findings)
        + "\n\n</details>"
    ]


def _join(head: str, blocks: Sequence[str]) -> str:
    return "\n\n".join([piece for piece in (head, *blocks) if piece]) + "\n"


def _code(text: str) -> str:
    # Inside a code span only a backtick can end it early; a line break or a bidi control
    # in a file name would still break the line or reorder it, so they are shown.
    return escape_text(text).replace("`", "'")
