"""A plan as terminal text, in Terraform's manner: `+` create, `~` update, `-` delete.

Renderers decide nothing: every line comes from a `Change`'s fields.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ktb_action.plan.model import Action, Change, Plan, Status, Summary, summarize

NO_CHANGES = "No changes. The cluster matches the topology."
COLORS = {"+": "\033[32m", "~": "\033[33m", "-": "\033[31m", "!": "\033[1;31m"}
"""Terminal colours by change symbol: green create, yellow update, red delete and failure."""
RESET = "\033[0m"
_BROKER_DEFAULT = "(broker default)"


def summary_line(summary: Summary) -> str:
    """`Plan: 3 to create, 1 to update, 0 to delete.` (ready changes only)."""
    return (
        f"Plan: {summary.create} to create, {summary.update} to update, {summary.delete} to delete."
    )


def side_notes(summary: Summary) -> list[str]:
    """Lines about changes that will not be made: blocked deletions, unsupported changes."""
    notes = []
    if summary.blocked:
        noun = "deletion" if summary.blocked == 1 else "deletions"
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
    note = contexts_note(plan)
    if note:
        lines += [note, ""]
    for change in plan.changes:
        lines += _paint(change_lines(change), _marker(change), color)
    summary = summarize(plan.changes)
    lines += ["", summary_line(summary), *side_notes(summary)]
    return "\n".join(lines) + "\n"


def _marker(change: Change) -> str:
    return "!" if change.status is Status.UNSUPPORTED else change.action.symbol


def _paint(lines: list[str], marker: str, color: bool) -> list[str]:
    if not color:
        return lines
    return [f"{COLORS[marker]}{lines[0]}{RESET}", *lines[1:]]


def change_lines(change: Change) -> list[str]:
    """The lines of one change: its head, then its details indented."""
    kind = change.action.resource_type
    head = f"  {_marker(change)} {kind} {change.name}"
    if change.status is Status.BLOCKED_BY_POLICY:
        head += f"  [blocked: {change.reason}]"
    elif change.status is Status.UNSUPPORTED:
        head += f"  [unsupported: {change.reason}]"
    return [head, *(f"      {line}" for line in _details(change))]


def _details(change: Change) -> list[str]:
    if change.action is Action.CREATE_TOPIC:
        after = change.after or {}
        return [
            f"partitions: {_count(after.get('partitions'))}",
            f"replication_factor: {_count(after.get('replication_factor'))}",
            *(f"{k}: {_quote(v)}" for k, v in sorted((after.get("configs") or {}).items())),
        ]
    if change.action in (Action.UPDATE_TOPIC_CONFIG, Action.INCREASE_PARTITIONS):
        before, after = change.before or {}, change.after or {}
        return [_key_change(k, before.get(k), after.get(k)) for k in sorted(after)]
    return []


def _key_change(key: str, before: Any, after: Any) -> str:
    if before is None:
        return f"+ {key}: {_quote(after)}"
    if after is None:
        return f"- {key}: {_quote(before)} (back to the broker default)"
    return f"~ {key}: {_quote(before)} -> {_quote(after)}"


def _count(value: Any) -> str:
    return _BROKER_DEFAULT if value is None else str(value)


def _quote(value: Any) -> str:
    return json.dumps(value) if isinstance(value, str) else str(value)
