"""What an apply run did, change by change, for the check run, the job summary and the
comment on the merged pull/merge request."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ktb_action.core.applier import Outcome
from ktb_action.render.apply_text import REPLAN
from ktb_action.render.escape import escape_markdown

WORDS = {
    Outcome.SUCCEEDED: "done",
    Outcome.FAILED: "failed",
    Outcome.NOT_ATTEMPTED: "not attempted",
    Outcome.UNKNOWN: "unknown",
}
"""Each outcome as reviewers read it (`unknown`: sent, no answer; plan again to know)."""


@dataclass(frozen=True, slots=True)
class AppliedChange:
    """One change (its one-line text, e.g. `+ topic acme.orders`) and what became of it."""

    text: str
    result: Outcome
    error: str | None = None


@dataclass(frozen=True)
class Applied:
    """What apply reported: whether every change was done, its text for the log, and each
    change's result (empty when nothing was to be done)."""

    ok: bool
    text: str
    results: tuple[AppliedChange, ...] = ()


def apply_summary(applied: Applied) -> str:
    """`3 done, 1 failed, 2 not attempted` (counts only; `, 1 unknown` when there are)."""
    counts = {result: _count(applied.results, result) for result in WORDS}
    return ", ".join(
        f"{count} {WORDS[result]}"
        for result, count in counts.items()
        if count or result is not Outcome.UNKNOWN
    )


def apply_markdown(applied: Applied) -> str:
    """The result as markdown: a heading with the counts, then one line per change."""
    if not applied.results:
        return "### ktb apply\n\nNothing to apply: Kafka already matched the topology."
    lines = [f"### ktb apply: {apply_summary(applied)}", ""]
    for change in applied.results:
        line = f"- **{WORDS[change.result]}** {escape_markdown(change.text)}"
        if change.error:
            line += f": {escape_markdown(change.error)}"
        lines.append(line)
    if any(change.result is Outcome.UNKNOWN for change in applied.results):
        lines += ["", f"**{escape_markdown(REPLAN)}**"]
    return "\n".join(lines)


def _count(results: Iterable[AppliedChange], result: Outcome) -> int:
    return sum(1 for change in results if change.result is result)
