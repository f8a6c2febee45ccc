"""A plan's changes grouped by what a reviewer must see first, for comments that must be cut.

Built from the `Plan` value (not from its rendered markdown), so a long plan can keep every
deletion and every blocked change and drop only creations and updates. A change's kind is
read in one place, `kind_of`, and its text comes from the plain-text renderer.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ktb_action.core.plan import Change, Plan, Status, Summary, Verb, summarize
from ktb_action.render.plan_text import change_lines

OUTCOME_LABELS = frozenset({"ktb:no-changes", "ktb:changes", "ktb:deletes"})


class Kind(StrEnum):
    """How a change ranks in a cut comment: deletions and blocked ones are never dropped."""

    DELETE = "delete"
    BLOCKED = "blocked"
    OTHER = "other"


def kind_of(change: Change) -> Kind:
    """The only place a change's status and verb are read."""
    if change.status is not Status.READY:
        return Kind.BLOCKED
    return Kind.DELETE if change.verb is Verb.DELETE else Kind.OTHER


@dataclass(frozen=True, slots=True)
class PlanDigest:
    """The plan's counts and each change's text lines, grouped by `Kind` in plan order."""

    summary: Summary
    deletes: tuple[str, ...]
    blocked: tuple[str, ...]
    others: tuple[str, ...]

    @property
    def outcome_label(self) -> str:
        """The label of the change request for this plan, as tfcmt sets them."""
        s = self.summary
        if s.delete:
            return "ktb:deletes"
        return "ktb:changes" if s.create or s.update else "ktb:no-changes"

    @property
    def summary_line(self) -> str:
        """`1 to create, 0 to update, 40 to delete, 2 not applied` (counts only)."""
        s = self.summary
        return (
            f"{s.create} to create, {s.update} to update, {s.delete} to delete, "
            f"{s.blocked + s.unsupported} not applied"
        )


def digest(plan: Plan) -> PlanDigest:
    """Group the plan's changes; each change becomes one text (its head and details)."""
    groups: dict[Kind, list[str]] = {kind: [] for kind in Kind}
    for change in plan.changes:
        lines = change_lines(change)
        # A diff block colours a line by its first character: the marker, not the indent.
        groups[kind_of(change)].append("\n".join([lines[0].lstrip(), *lines[1:]]))
    return PlanDigest(
        summary=summarize(plan.changes),
        deletes=tuple(groups[Kind.DELETE]),
        blocked=tuple(groups[Kind.BLOCKED]),
        others=tuple(groups[Kind.OTHER]),
    )
