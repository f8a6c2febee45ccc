"""How a declared topic differs from the one in Kafka, and which topics a run owns. Pure."""

from __future__ import annotations

from ktb_action.core.compare import creation
from ktb_action.core.kind import Declared
from ktb_action.core.plan import Address, Change, Status, Verb
from ktb_action.core.scope import Scope, blocked_by, outside_managed_prefixes
from ktb_action.diagnostics import Span
from ktb_action.kinds.topics.values import TopicSpec
from ktb_action.topology.build import PARTITIONS, REPLICATION

KIND = "topic"
PARTITIONS_DECREASE = "topic-partitions-decrease"
REPLICATION_CHANGE = "topic-replication-factor-change"
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
    """One change per topic: the topic as it will be after. Counts the topology leaves to
    the broker stay as they are, and so do those Kafka cannot change (fewer partitions, another
    replication factor): the topics kind's `check` reports those at the file, and the rest of
    the change is made."""
    spec = want.value
    after = TopicSpec(
        name,
        have.partitions if spec.partitions is None else max(spec.partitions, have.partitions or 0),
        have.replication_factor,
        spec.configs,
    )
    if after == have:
        return None
    return Change(
        Verb.UPDATE,
        Address(KIND, name),
        have,
        after,
        _first_changed_span(spec, have, want.source),
        project=want.project,
    )


def impossible_changes(spec: TopicSpec, have: TopicSpec) -> list[tuple[str, str, str, str]]:
    """What the topology asks of an existing topic that Kafka cannot do: `(rule, count key,
    message, hint)` for fewer partitions and for another replication factor."""
    found = []
    if spec.partitions is not None and have.partitions and spec.partitions < have.partitions:
        found.append(
            (
                PARTITIONS_DECREASE,
                PARTITIONS,
                f"topic `{spec.name}` has {have.partitions} partitions; Kafka cannot decrease "
                f"them to {spec.partitions}",
                f"declare the current count ({have.partitions}), or delete and recreate the "
                "topic (its messages are lost)",
            )
        )
    wanted = spec.replication_factor
    if wanted is not None and wanted != have.replication_factor:
        found.append(
            (
                REPLICATION_CHANGE,
                REPLICATION,
                f"topic `{spec.name}` has a replication factor of {have.replication_factor}; "
                f"ktb cannot change it to {wanted}",
                f"declare the current value ({have.replication_factor}), or reassign the "
                "partitions with kafka-reassign-partitions, then declare the new value",
            )
        )
    return found


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
