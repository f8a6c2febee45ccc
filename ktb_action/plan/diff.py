"""Desired x actual x policy -> Plan. Pure: no I/O, same inputs give the same plan.

Changes come out in the order apply executes them (create topics, alter configs, add
partitions, create ACLs, delete ACLs, delete topics) and sorted by name within each kind, so
that plans of the same state are byte-for-byte equal.
"""

from __future__ import annotations

from typing import Any

from ktb_action.desired import Desired
from ktb_action.desired.topics import BROKER_DEFAULT
from ktb_action.diagnostics import Span
from ktb_action.plan.model import Action, Change, Plan, Status
from ktb_action.policy import Policy
from ktb_action.resources import ClusterState, TopicSpec, acl_to_dict

DELETE_TOPICS_HINT = "would delete, blocked by policy: set allow_delete.topics"
DELETE_ACLS_HINT = "would delete, blocked by policy: set allow_delete.acls"


def diff(desired: Desired, actual: ClusterState, policy: Policy, fingerprint: str) -> Plan:
    """The changes that make `actual` match `desired`, within the policy's scope."""
    actual_topics = actual.topic_map()
    creates: list[Change] = []
    updates: list[Change] = []
    partitions: list[Change] = []
    for spec in desired.state.topics:
        project = desired.topic_projects.get(spec.name)
        current = actual_topics.get(spec.name)
        if current is None:
            creates.append(
                Change(
                    Action.CREATE_TOPIC,
                    spec.name,
                    None,
                    topic_fields(spec),
                    spec.source,
                    project=project,
                )
            )
            continue
        updates += _replication_change(spec, current, project)
        updates += _config_change(spec, current, project)
        partitions += _partition_change(spec, current, project)

    desired_names = {t.name for t in desired.state.topics}
    topic_deletes = [
        _deletion(
            Action.DELETE_TOPIC,
            t.name,
            topic_fields(t),
            policy.allow_delete.topics,
            DELETE_TOPICS_HINT,
        )
        for t in sorted(actual.topics, key=lambda t: t.name)
        if t.name not in desired_names and policy.owns_topic(t.name)
    ]

    actual_acls = set(actual.acls)
    desired_acls = set(desired.state.acls)
    acl_creates = [
        Change(
            Action.CREATE_ACL,
            b.address,
            None,
            acl_to_dict(b),
            b.source,
            project=desired.acl_projects.get(b),
        )
        for b in desired.state.acls
        if b not in actual_acls
    ]
    acl_deletes = [
        _deletion(
            Action.DELETE_ACL, b.address, acl_to_dict(b), policy.allow_delete.acls, DELETE_ACLS_HINT
        )
        for b in sorted(actual_acls - desired_acls)
        if policy.owns_acl(b)
    ]
    changes = (*creates, *updates, *partitions, *acl_creates, *acl_deletes, *topic_deletes)
    return Plan(changes=changes, fingerprint=fingerprint, contexts=policy.contexts)


def topic_fields(spec: TopicSpec) -> dict[str, Any]:
    """A topic as plan values; `None` partitions/replication mean the broker's default."""
    return {
        "partitions": None if spec.partitions == BROKER_DEFAULT else spec.partitions,
        "replication_factor": (
            None if spec.replication_factor == BROKER_DEFAULT else spec.replication_factor
        ),
        "configs": dict(spec.configs),
    }


def _deletion(
    action: Action, name: str, before: dict[str, Any], allowed: bool, hint: str
) -> Change:
    if allowed:
        return Change(action, name, before, None)
    return Change(action, name, before, None, status=Status.BLOCKED_BY_POLICY, reason=hint)


def _config_change(spec: TopicSpec, current: TopicSpec, project: str | None) -> list[Change]:
    """One change per topic: keys set to a new value, and keys set on the topic that the
    topology no longer declares (deleted, so they fall back to the broker default)."""
    want, have = spec.config_map, current.config_map
    keys = sorted(k for k in want.keys() | have.keys() if want.get(k) != have.get(k))
    if not keys:
        return []
    before = {k: have.get(k) for k in keys}
    after = {k: want.get(k) for k in keys}
    return [
        Change(
            Action.UPDATE_TOPIC_CONFIG,
            spec.name,
            before,
            after,
            _first_key_span(spec, keys),
            project=project,
        )
    ]


def _first_key_span(spec: TopicSpec, keys: list[str]) -> Span | None:
    spans = dict(spec.config_sources)
    return next((spans[k] for k in keys if k in spans), spec.source)


def _replication_change(spec: TopicSpec, current: TopicSpec, project: str | None) -> list[Change]:
    wanted = spec.replication_factor
    if wanted in (BROKER_DEFAULT, current.replication_factor):
        return []
    return [
        Change(
            Action.UPDATE_TOPIC_CONFIG,
            spec.name,
            {"replication_factor": current.replication_factor},
            {"replication_factor": wanted},
            spec.source,
            status=Status.UNSUPPORTED,
            reason=(
                f"replication factor cannot be changed by ktb ({current.replication_factor} -> "
                f"{wanted}): reassign the partitions with kafka-reassign-partitions, "
                "or declare the current value"
            ),
            project=project,
        )
    ]


def _partition_change(spec: TopicSpec, current: TopicSpec, project: str | None) -> list[Change]:
    wanted = spec.partitions
    if wanted in (BROKER_DEFAULT, current.partitions):
        return []
    reason = None
    if wanted < current.partitions:
        reason = (
            f"partitions cannot be decreased ({current.partitions} -> {wanted}): Kafka only "
            "adds partitions; recreate the topic or declare the current count"
        )
    return [
        Change(
            Action.INCREASE_PARTITIONS,
            spec.name,
            {"partitions": current.partitions},
            {"partitions": wanted},
            spec.source,
            status=Status.READY if reason is None else Status.UNSUPPORTED,
            reason=reason,
            project=project,
        )
    ]
