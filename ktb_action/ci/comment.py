"""The sticky plan comment: marker, commit and run, the markdown plan (its summary table and
collapsible sections per project), the findings, and truncation that keeps what matters.

A comment over the platform's limit is rebuilt from the plan's changes (`PlanDigest`): the
summary, every error, every deletion and every blocked or unsupported change stay; creations,
updates and warnings fill what room is left, and the comment says how many more are in the
job summary or artefact. User text sits in escaped markdown or in code fences it cannot end.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from ktb_action.ci.plan_digest import PlanDigest
from ktb_action.diagnostics import Diagnostic, Severity, count, sorted_diagnostics
from ktb_action.errors import KtbError, UsageError
from ktb_action.render.escape import escape_markdown, escape_text

MARKER = "<!-- ktb-action:plan -->"
APPLY_MARKER = "<!-- ktb-action:apply -->"
COMMENT_LIMIT = 65_536
"""Characters: GitHub's limit on a comment body."""
NOTE_LIMIT = 1_000_000
"""Characters: GitLab's limit on a note body."""
STEP_SUMMARY_LIMIT = 1024 * 1024 - 1
"""Bytes: GitHub's limit on a step's job summary (measure it with `utf8_size`)."""
_FENCES = ("```", "~~~")
_KEY = re.compile(r"[A-Za-z0-9._-]{1,64}")
_SHA = re.compile(r"[0-9a-f]{7,64}")
_HEADER_COMMIT = re.compile(r"^Commit `([0-9a-f]{12})`", re.MULTILINE)
# Run URLs come from the platform's variables; anything that could end the link is refused.
_URL = re.compile(r"https?://[^\s()<>\[\]]+")


class _Section(StrEnum):
    """The parts of a cut comment, in the order they are kept."""

    ERRORS = "Errors"
    DELETES = "Deletions"
    BLOCKED = "Not applied (blocked or unsupported)"
    CHANGES = "Creations and updates"
    RAW = ""
    FINDINGS = "Warnings and notices"


_FENCED = frozenset({_Section.DELETES, _Section.BLOCKED, _Section.CHANGES})
_Entry = tuple[_Section, str]


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
    digest: PlanDigest | None = None
    """The plan's changes by kind, to cut a long comment by priority."""
    no_plan_reason: str = ""
    """Why the plan could not be made (user text possible: escaped here)."""
    header: str = ""
    """Trusted markdown: the commit and the run this comment is for."""
    result_markdown: str = ""
    """Trusted or escaped markdown shown before the plan, e.g. what apply did."""


def plan_marker(key: str = "") -> str:
    """The hidden marker of the plan comment; `key` tells apart the comments of a matrix."""
    if not key:
        return MARKER
    if _KEY.fullmatch(key) is None:
        raise UsageError(
            f"comment key `{key[:80]}` is not allowed",
            hint="use up to 64 letters, digits, `.`, `_` or `-`, e.g. the cluster name",
        )
    return f"<!-- ktb-action:plan key={key} -->"


def apply_marker(plan_marker: str) -> str:
    """The marker of the apply result comment that goes with a plan comment's marker."""
    return plan_marker.replace("ktb-action:plan", "ktb-action:apply", 1)


def run_header(sha: str | None, run_url: str | None) -> str:
    """`Commit `ec26c3e57ca3` · [run](…)`: which commit a comment is for and which run wrote
    it, so a reader can tell a current comment from a stale one."""
    pieces = []
    if sha and _SHA.fullmatch(sha):
        pieces.append(f"Commit `{sha[:12]}`")
    if run_url and _URL.fullmatch(run_url):
        pieces.append(f"[run]({run_url})")
    return " · ".join(pieces)


def commit_of(body: str) -> str | None:
    """The commit a comment written by `run_header` is for (its abbreviation), if it says."""
    found = _HEADER_COMMIT.search(body)
    return found.group(1) if found else None


def stale_comment(run_sha: str, current_sha: str) -> KtbError:
    """Why a run leaves the comment of a newer commit alone."""
    return KtbError(
        f"comment not updated: this run is for `{run_sha[:12]}`, the comment already shows "
        f"the newer `{current_sha[:12]}`, the change request's head"
    )


def utf8_size(text: str) -> int:
    """Size in bytes, for limits counted in bytes rather than characters."""
    return len(text.encode("utf-8"))


def build_comment(
    parts: CommentParts,
    limit: int = COMMENT_LIMIT,
    *,
    marker: str = MARKER,
    size: Callable[[str], int] = len,
) -> str:
    """The comment body, never over `limit` as measured by `size` (characters by default);
    it starts with `marker` unless that is '' (job summaries and check runs are not searched
    for it)."""
    head = "\n\n".join(
        piece
        for piece in (
            marker,
            parts.note,
            parts.header,
            _banner(parts.digest),
            parts.result_markdown,
        )
        if piece
    )
    blocks = [
        *_deletes_block(parts.digest),
        *_plan_blocks(parts),
        *_diagnostics_blocks(parts.diagnostics),
    ]
    body = _join(head, blocks)
    if size(body) <= limit:
        return body
    return _cut(head, parts, limit, size)


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
    return [f"### {parts.title}", _no_plan_text(parts)]


def _no_plan_text(parts: CommentParts) -> str:
    if parts.no_plan_reason:
        return f"**Plan not made:** {escape_markdown(parts.no_plan_reason)}"
    return "No plan was made: fix the errors below first."


def _banner(digest: PlanDigest | None) -> str:
    if digest is None or not digest.deletes:
        return ""
    n = len(digest.deletes)
    return (
        f"> [!CAUTION]\n> This plan **deletes {n} resource{'s' * (n != 1)}**: "
        "read the deletions before merging."
    )


def _deletes_block(digest: PlanDigest | None) -> list[str]:
    # Deletions come first and never inside a collapsed section.
    if digest is None or not digest.deletes:
        return []
    return [_section(_Section.DELETES, list(digest.deletes), len(digest.deletes))]


def _cut(head: str, parts: CommentParts, limit: int, size: Callable[[str], int]) -> str:
    findings = sorted_diagnostics(parts.diagnostics)
    errors = [diagnostic_line(d) for d in findings if d.severity is Severity.ERROR]
    others = [diagnostic_line(d) for d in findings if d.severity is not Severity.ERROR]
    digest = parts.digest
    required: list[_Entry] = [(_Section.ERRORS, line) for line in errors]
    optional: list[_Entry] = []
    if digest is not None:
        title = f"### {parts.title}\n\n**{digest.summary_line}**"
        required += [(_Section.DELETES, text) for text in digest.deletes]
        required += [(_Section.BLOCKED, text) for text in digest.blocked]
        optional += [(_Section.CHANGES, text) for text in digest.others]
    elif parts.plan_markdown.strip():
        title = ""
        optional += [(_Section.RAW, block) for block in safe_blocks(parts.plan_markdown)]
    else:
        title = f"### {parts.title}\n\n{_no_plan_text(parts)}"
    optional += [(_Section.FINDINGS, line) for line in others]
    totals = {
        section: sum(1 for s, _ in required + optional if s is section) for section in _Section
    }
    entries = required + optional

    def render(shown: int) -> str:
        kept = entries[:shown]
        blocks = [title] if title else []
        for section in _Section:
            texts = [text for s, text in kept if s is section]
            if texts:
                blocks.append(_section(section, texts, totals[section]))
        omitted = len(entries) - shown
        blocks.append(
            "> [!NOTE]\n> This comment was truncated to fit the platform's size limit"
            + (f": {omitted} more changes and findings are" if omitted else ". The full plan is")
            + f" in {parts.full_plan_at}."
        )
        return _join(head, blocks)

    return render(_most_that_fit(len(entries), render, limit, size))


def _most_that_fit(
    total: int, render: Callable[[int], str], limit: int, size: Callable[[str], int]
) -> int:
    """The largest count whose rendering fits (a binary search: sizes grow with the count)."""
    low, high = 0, total
    while low < high:
        middle = (low + high + 1) // 2
        if size(render(middle)) <= limit:
            low = middle
        else:
            high = middle - 1
    return low


def _section(section: _Section, texts: list[str], total: int) -> str:
    if section is _Section.RAW:
        return "\n\n".join(texts)
    body = "\n".join(texts)
    if section in _FENCED:
        # A fence longer than any backtick run inside cannot be closed by a name.
        longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
        fence = "`" * max(3, longest + 1)
        body = f"{fence}diff\n{body}\n{fence}"
    return f"#### {section.value} ({total})\n\n{body}"


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
