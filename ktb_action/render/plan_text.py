"""A plan as terminal text, in Terraform's manner: `+` create, `~` update, `-` delete.

Renderers decide nothing: every line comes from a `Change`'s fields.
"""

from __future__ import annotations

from collections.abc import Callable

from ktb_action.core.plan import CHANGED_OUTSIDE, Change, Plan, Status, Summary, summarize
from ktb_action.kinds.registry import kind_named
from ktb_action.render.escape import escape_text

NO_CHANGES = "No changes. The cluster matches the topology."
COLORS = {"+": "\033[32m", "~": "\033[33m", "-": "\033[31m", "!": "\033[1;31m"}
"""Terminal colours by change symbol: green create, yellow update, red delete and failure."""
RESET = "\033[0m"


def summary_line(summary: Summary) -> str:
    """`Plan: 3 to create, 1 to update, 0 to delete.` (ready changes only)."""
    return (
        f"Plan: {summary.create} to create, {summary.update} to update, {summary.delete} to delete."
    )


def side_notes(summary: Summary) -> list[str]:
    """Lines about changes that will not be made: blocked ones (deletions the policy forbids,
    creations outside the managed prefixes), unsupported ones."""
    notes = []
    if summary.blocked:
        noun = "change" if summary.blocked == 1 else "changes"
        notes.append(f"({summary.blocked} {noun} blocked by policy)")
    if summary.unsupported:
        noun = "change" if summary.unsupported == 1 else "changes"
        notes.append(
            f"({summary.unsupported} unsupported {noun}: apply refuses to run until fixed)"
        )
    return notes


def contexts_note(plan: Plan, quote: Callable[[str], str] = str) -> str | None:
    """Which contexts were compared: others were not read, so nothing of theirs shows (and
    nothing of theirs is deleted). `quote` escapes the names for the output format."""
    if not plan.contexts:
        return None
    names = ", ".join(quote(c) for c in plan.contexts)
    if len(plan.contexts) == 1:
        return f"Only context {names} was compared (others were not read)."
    return f"Only contexts {names} were compared (others were not read)."


def render_text(plan: Plan, *, color: bool = False) -> str:
    """The whole plan as text; ANSI colours only when `color` (the caller knows the TTY)."""
    if not plan.changes:
        return NO_CHANGES + "\n"
    lines: list[str] = []
    note = contexts_note(plan, escape_text)
    if note:
        lines += [note, ""]
    for change in plan.changes:
        lines += _paint(change_lines(change), _marker(change), color)
    summary = summarize(plan.changes)
    lines += ["", summary_line(summary), *side_notes(summary)]
    return "\n".join(lines) + "\n"


def _marker(change: Change) -> str:
    return "!" if change.status is Status.UNSUPPORTED else change.verb.symbol


def _paint(lines: list[str], marker: str, color: bool) -> list[str]:
    if not color:
        return lines
    return [f"{COLORS[marker]}{lines[0]}{RESET}", *lines[1:]]


def change_lines(change: Change) -> list[str]:
    """The lines of one change: its head, then its kind's details indented. Names, reasons
    and values come from files and servers: each line is escaped for a terminal (no control
    character or bidi override gets through, and a newline cannot start a forged line)."""
    head = f"  {_marker(change)} {change.kind} {escape_text(change.name)}"
    if change.status is Status.BLOCKED_BY_POLICY:
        head += f"  [blocked: {escape_text(change.reason or '')}]"
    elif change.status is Status.UNSUPPORTED:
        head += f"  [unsupported: {escape_text(change.reason or '')}]"
    if change.changed_outside:
        head += f"  [{CHANGED_OUTSIDE}]"
    details = kind_named(change.kind).describe(change)
    return [head, *(f"      {escape_text(line)}" for line in details)]
