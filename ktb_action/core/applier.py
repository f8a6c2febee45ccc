"""Execute a plan phase by phase across kinds, batched per phase, with a result per change.

Phases run in the order the kinds declare (create topics, alter them, create ACLs, delete
ACLs, delete topics …): new access is granted before old access is taken away, and nothing is
deleted before everything new is in place. Each phase starts once the server acknowledged the
previous one; apply then waits once, at the end, until reads show everything, so a plan made
right after it is empty. When a phase has a failure, later phases are not attempted: a re-run
(which recomputes the plan) converges from wherever this one stopped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from ktb_action.core.kind import ResourceKind
from ktb_action.core.no_answer import NoAnswer
from ktb_action.core.plan import Change, Plan, Status
from ktb_action.core.progress import Progress
from ktb_action.errors import KtbError

if TYPE_CHECKING:
    from ktb_action.servers import Servers

NO_RESULT = "the server returned no result for this change"


class Outcome(StrEnum):
    """What happened to one change."""

    SUCCEEDED = "succeeded"
    FAILED = "failed"
    NOT_ATTEMPTED = "not_attempted"
    UNKNOWN = "unknown"
    """Sent, but no answer came: only reading the cluster again tells whether it was made."""


@dataclass(frozen=True, slots=True)
class ChangeResult:
    """One change and what became of it (`error` is the server's reason when it failed)."""

    change: Change
    outcome: Outcome
    error: str | None = None


@dataclass(frozen=True, slots=True)
class ApplyReport:
    """The result of every change apply was asked to make, in execution order."""

    results: tuple[ChangeResult, ...]
    unseen: str | None = None
    """Why reads could not confirm the acknowledged writes (the cluster stopped answering),
    or None when they did."""

    @property
    def ok(self) -> bool:
        """True when every change succeeded."""
        succeeded = all(r.outcome is Outcome.SUCCEEDED for r in self.results)
        return succeeded and self.unseen is None

    def count(self, outcome: Outcome) -> int:
        """How many changes had `outcome`."""
        return sum(1 for r in self.results if r.outcome is outcome)


class UnsupportedChangesError(KtbError):
    """The plan holds changes ktb cannot make: the whole run is refused."""


def refuse_unsupported(plan: Plan) -> None:
    """Raise `UnsupportedChangesError` if any change is unsupported; nothing is applied then,
    because a half-applied topology is harder to reason about than an unapplied one."""
    unsupported = [c for c in plan.changes if c.status is Status.UNSUPPORTED]
    if unsupported:
        first = unsupported[0]
        raise UnsupportedChangesError(
            f"the plan has {len(unsupported)} unsupported change(s), so nothing was applied; "
            f"first: `{first.address}`: {first.reason}",
            hint="change the topology to declare what the cluster has, then run apply again",
        )


def apply_plan(
    plan: Plan,
    servers: Servers,
    kinds: Sequence[ResourceKind[Any]],
    progress: Progress | None = None,
) -> ApplyReport:
    """Make the plan's ready changes, phase by phase; blocked ones are never made. Returns
    once reads show what was done (`progress` counts the changes made)."""
    refuse_unsupported(plan)
    ready = [c for c in plan.changes if c.status is Status.READY]
    phases = sorted(
        ((phase, kind) for kind in kinds for phase in kind.phases), key=lambda p: p[0].order
    )
    results: list[ChangeResult] = []
    failed = False
    written: list[ResourceKind[Any]] = []
    for phase, kind in phases:
        changes = [c for c in ready if c.kind == kind.name and c.verb in phase.verbs]
        if not changes:
            continue
        if failed:
            results += [ChangeResult(c, Outcome.NOT_ATTEMPTED) for c in changes]
            continue
        outcomes = phase.run(servers, changes)
        if kind not in written:
            written.append(kind)
        for change in changes:
            error = outcomes.get(change.name, NO_RESULT)
            if error is None:
                results.append(ChangeResult(change, Outcome.SUCCEEDED))
            elif isinstance(error, NoAnswer):
                failed = True
                results.append(ChangeResult(change, Outcome.UNKNOWN, str(error)))
            else:
                failed = True
                results.append(ChangeResult(change, Outcome.FAILED, error))
        if progress is not None:
            progress.update(f"apply {kind.plural}", len(results), len(ready))
    try:
        for kind in written:
            kind.settle(servers)
    except KtbError as error:
        # The writes were acknowledged, so their results stand; what is unknown is only
        # whether reads show them yet, and the run must say so rather than end green.
        return ApplyReport(tuple(results), unseen=error.message)
    return ApplyReport(tuple(results))
