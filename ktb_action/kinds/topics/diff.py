"""How a declared topic differs from the one in Kafka, and which topics a run owns. Pure."""

from __future__ import annotations

from ktb_action.core.compare import creation
from ktb_action.core.kind import Declared
from ktb_action.core.plan import Address, Change, Status, Verb
from ktb_action.core.scope import Scope, blocked_by, outside_managed_prefixes
from ktb_action.diagnostics import Span
from ktb_action.kinds.topics.values import TopicSpec

KIND = "topic"
INTERNAL_PREFIX = "__"
STREAMS_INTERNAL_SUFFIXES = ("-changelog", "-repartition")


def topic_diff(
    name: str, want: Declared[TopicSpec], have: TopicSpec | None, scope: Scope
) -> Change | None:
    """A create or an update, blocked where the scope forbids writing the topic."""
    change = creation(KIND, name, want) if have is None else topic_update(name, want, have)
    if change is None or change.status is not Status.READY:
        return change
    return blocked_by(change, _not_writable(name, scope, creating=have is None))


def _not_writable(name: str, scope: Scope, *, creating: bool) -> str | None:
    """Why the topology may not write this topic, if it may not: Kafka's internal topics
    never; a topic outside the managed scope (a special topic, say `_schemas`, or a topic
    another team manages) only to create it when it is missing, never to change it; and,
    as in JulieOps, none outside the managed prefixes the settings list."""
    if name.startswith(INTERNAL_PREFIX):
        return f"`{name}` is a Kafka internal topic: ktb never writes it"
    if creating:
        return outside_managed_prefixes(
            name, scope.managed_topic_prefixes, "managed_prefixes.topics"
        )
    if name.startswith(scope.topic_prefixes):
        return None
    return (
        f"`{name}` is outside the managed scope, so ktb creates it when missing but never "
        "changes it: add a prefix of it to managed_prefixes.topics to manage it"
    )


def topic_update(name: str, want: Declared[TopicSpec], have: TopicSpec) -> Change | None:
    """One change per topic: the topic as it will be after (counts the topology leaves to
    the broker stay as they are), unsupported when Kafka cannot make it so."""
    spec = want.value
    after = TopicSpec(
        name,
        have.partitions if spec.partitions is None else spec.partitions,
        have.replication_factor if spec.replication_factor is None else spec.replication_factor,
        spec.configs,
    )
    if after == have:
        return None
    reasons = _unsupported(have, after)
    return Change(
        Verb.UPDATE,
        Address(KIND, name),
        have,
        after,
        _first_changed_span(spec, have, want.source),
        status=Status.UNSUPPORTED if reasons else Status.READY,
        reason="; ".join(reasons) or None,
        project=want.project,
    )


def _unsupported(have: TopicSpec, after: TopicSpec) -> list[str]:
    reasons = []
    if after.replication_factor != have.replication_factor:
        reasons.append(
            f"replication factor cannot be changed by ktb ({have.replication_factor} -> "
            f"{after.replication_factor}): reassign the partitions with "
            "kafka-reassign-partitions, or declare the current value"
        )
    if (after.partitions or 0) < (have.partitions or 0):
        reasons.append(
            f"partitions cannot be decreased ({have.partitions} -> {after.partitions}): Kafka "
            "only adds partitions; recreate the topic or declare the current count"
        )
    return reasons


def changed_configs(have: TopicSpec, after: TopicSpec) -> dict[str, str | None]:
    """Config keys whose value changes, with the new value (None: back to the default)."""
    want, current = after.config_map, have.config_map
    keys = sorted(k for k in want.keys() | current.keys() if want.get(k) != current.get(k))
    return {k: want.get(k) for k in keys}


def _first_changed_span(spec: TopicSpec, have: TopicSpec, fallback: Span | None) -> Span | None:
    spans = dict(spec.config_sources)
    keys = changed_configs(have, spec)
    return next((spans[k] for k in keys if k in spans), fallback)


def is_internal_topic(name: str, scope: Scope) -> bool:
    """Kafka's `__` topics, platform components' topics (`internal_topic_prefixes`, JulieOps
    `kafka.internal.topic.prefixes`, default `_`), and Streams changelog/repartition topics
    of declared applications: never owned, so never changed unless declared, nor deleted."""
    if name.startswith((INTERNAL_PREFIX, *scope.internal_topic_prefixes)):
        return True
    return name.endswith(STREAMS_INTERNAL_SUFFIXES) and name.startswith(scope.streams_prefixes)


def owns_topic(name: str, scope: Scope) -> bool:
    """Whether an existing topic is ours to compare and (if enabled) delete."""
    return name.startswith(scope.topic_prefixes) and not is_internal_topic(name, scope)
