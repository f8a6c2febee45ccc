"""Execute a plan in a safe order, batched requests per phase, a result per change.

Order: create topics, alter configs, add partitions, create ACLs, delete ACLs, delete
topics — the order JulieOps and Terraform users expect (a binding depends on its topic). New
access is granted before old access is taken away, and nothing is deleted before everything
new is in place.

Each phase starts once the controller has acknowledged the previous one, which fixes their
order in the metadata log; apply then waits once, at the end, until reads show everything, so
a plan made right after it is empty. When a phase has a failure, later phases are not
attempted: a re-run (which recomputes the plan) converges from wherever this one stopped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from ktb_action.desired.topics import BROKER_DEFAULT
from ktb_action.errors import KtbError
from ktb_action.kafka.write import ClusterWriter, Results
from ktb_action.plan.model import Action, Change, Plan, Status
from ktb_action.resources import TopicSpec, acl_from_dict

PHASES = (
    Action.CREATE_TOPIC,
    Action.UPDATE_TOPIC_CONFIG,
    Action.INCREASE_PARTITIONS,
    Action.CREATE_ACL,
    Action.DELETE_ACL,
    Action.DELETE_TOPIC,
)


class Outcome(StrEnum):
    """What happened to one change."""

    SUCCEEDED = "succeeded"
    FAILED = "failed"
    NOT_ATTEMPTED = "not_attempted"


@dataclass(frozen=True, slots=True)
class ChangeResult:
    """One change and what became of it (`error` is Kafka's reason when it failed)."""

    change: Change
    outcome: Outcome
    error: str | None = None


@dataclass(frozen=True, slots=True)
class ApplyReport:
    """The result of every change apply was asked to make, in execution order."""

    results: tuple[ChangeResult, ...]

    @property
    def ok(self) -> bool:
        """True when every change succeeded."""
        return all(r.outcome is Outcome.SUCCEEDED for r in self.results)

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
            f"first: `{first.name}`: {first.reason}",
            hint="change the topology to declare what the cluster has, then run apply again",
        )


def apply_plan(plan: Plan, writer: ClusterWriter) -> ApplyReport:
    """Make the plan's ready changes, phase by phase; blocked ones are never made. Returns
    once reads show what was done."""
    refuse_unsupported(plan)
    ready = [c for c in plan.changes if c.status is Status.READY]
    results: list[ChangeResult] = []
    failed = False
    written = False
    for action in PHASES:
        changes = [c for c in ready if c.action is action]
        if not changes:
            continue
        if failed:
            results += [ChangeResult(c, Outcome.NOT_ATTEMPTED) for c in changes]
            continue
        outcomes = _EXECUTE[action](writer, changes)
        written = True
        for change in changes:
            error = outcomes.get(change.name, "Kafka returned no result for this change")
            if error is None:
                results.append(ChangeResult(change, Outcome.SUCCEEDED))
            else:
                failed = True
                results.append(ChangeResult(change, Outcome.FAILED, error))
    if written:
        writer.wait_until_visible()
    return ApplyReport(tuple(results))


def _create_topics(writer: ClusterWriter, changes: Sequence[Change]) -> Results:
    specs = []
    for change in changes:
        after = change.after or {}
        partitions = after.get("partitions")
        replication = after.get("replication_factor")
        specs.append(
            TopicSpec(
                name=change.name,
                partitions=BROKER_DEFAULT if partitions is None else int(partitions),
                replication_factor=BROKER_DEFAULT if replication is None else int(replication),
                configs=tuple(sorted((after.get("configs") or {}).items())),
            )
        )
    return writer.create_topics(specs)


def _alter_configs(writer: ClusterWriter, changes: Sequence[Change]) -> Results:
    return writer.alter_topic_configs({c.name: dict(c.after or {}) for c in changes})


def _create_partitions(writer: ClusterWriter, changes: Sequence[Change]) -> Results:
    return writer.create_partitions({c.name: int((c.after or {})["partitions"]) for c in changes})


def _create_acls(writer: ClusterWriter, changes: Sequence[Change]) -> Results:
    return writer.create_acls([acl_from_dict(c.after or {}) for c in changes])


def _delete_acls(writer: ClusterWriter, changes: Sequence[Change]) -> Results:
    return writer.delete_acls([acl_from_dict(c.before or {}) for c in changes])


def _delete_topics(writer: ClusterWriter, changes: Sequence[Change]) -> Results:
    return writer.delete_topics([c.name for c in changes])


_EXECUTE: dict[Action, Callable[[ClusterWriter, Sequence[Change]], Results]] = {
    Action.CREATE_TOPIC: _create_topics,
    Action.UPDATE_TOPIC_CONFIG: _alter_configs,
    Action.INCREASE_PARTITIONS: _create_partitions,
    Action.CREATE_ACL: _create_acls,
    Action.DELETE_ACL: _delete_acls,
    Action.DELETE_TOPIC: _delete_topics,
}
