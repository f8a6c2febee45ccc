"""The ACL bindings JulieOps generates for each kind of principal (its `AclsBindingsBuilder`).

Each function is one row group of docs/acl-mapping.md: it takes resolved names (full topic
names, prefixes) and returns the bindings, all ALLOW from host `*`. Resolving names from the
topology is the caller's job, so these stay small and directly testable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ktb_action.diagnostics import Span
from ktb_action.kinds.acls.values import (
    AclBinding,
    AclOperation,
    AclPermission,
    AclResourceType,
    PatternType,
)
from ktb_action.settings import ControlCenterTopics
from ktb_action.topology.model import (
    AclEntry,
    ConnectWorker,
    Consumer,
    ControlCenterInstance,
    KsqlServerInstance,
    Producer,
    SchemaRegistryInstance,
)

CLUSTER_NAME = "kafka-cluster"
"""Kafka's only CLUSTER resource name."""
ALL_GROUPS = "*"
CONNECT_STATUS_TOPIC = "connect-status"
CONNECT_OFFSET_TOPIC = "connect-offsets"
CONNECT_CONFIGS_TOPIC = "connect-configs"
CONNECT_GROUP = "connect-cluster"
SCHEMAS_TOPIC = "_schemas"
SCHEMA_REGISTRY_GROUP = "schema-registry"
CONSUMER_OFFSETS_TOPIC = "__consumer_offsets"
CONTROL_CENTER_TOPICS = ControlCenterTopics().names
"""JulieOps' defaults of `confluent.monitoring.topic`, `.command.topic`, `.metrics.topic`."""
CONTROL_CENTER_PREFIX = "_confluent-controlcenter"

_TOPIC = AclResourceType.TOPIC
_GROUP = AclResourceType.GROUP
_CLUSTER = AclResourceType.CLUSTER
_TXN = AclResourceType.TRANSACTIONAL_ID
_LIT = PatternType.LITERAL
_PRE = PatternType.PREFIXED
_Op = AclOperation


def _allow(
    principal: str,
    resource_type: AclResourceType,
    name: str,
    pattern: PatternType,
    operations: Iterable[AclOperation],
    *,
    source: Span | None,
) -> list[AclBinding]:
    return [
        AclBinding(principal, resource_type, name, pattern, op, source=source) for op in operations
    ]


def _reads_and_writes(
    principal: str, read: Sequence[str], write: Sequence[str], source: Span | None
) -> list[AclBinding]:
    """READ on each topic an application reads, WRITE on each it writes (literal names)."""
    reads = [_allow(principal, _TOPIC, t, _LIT, (_Op.READ,), source=source) for t in read]
    writes = [_allow(principal, _TOPIC, t, _LIT, (_Op.WRITE,), source=source) for t in write]
    return [binding for group in (*reads, *writes) for binding in group]


def name_pattern(value: str) -> tuple[str, PatternType]:
    """A group or transactional id as written: `foo*` is PREFIXED `foo`; `*` alone is LITERAL
    (Kafka's wildcard), as JulieOps' `evaluateResourcePattern` reads it."""
    if len(value) > 1 and value.endswith("*"):
        return value[:-1], _PRE
    return value, _LIT


def consumer(consumer: Consumer, topic: str, pattern: PatternType) -> list[AclBinding]:
    """Read a topic (or every topic under a prefix) and commit offsets in its group."""
    group, group_pattern = name_pattern(consumer.group or ALL_GROUPS)
    p, s = consumer.principal, consumer.span
    return [
        *_allow(p, _TOPIC, topic, pattern, (_Op.DESCRIBE, _Op.READ), source=s),
        *_allow(p, _GROUP, group, group_pattern, (_Op.READ,), source=s),
    ]


def producer(producer: Producer, topic: str, pattern: PatternType) -> list[AclBinding]:
    """Write a topic; transactional producers also own their transactional id, and
    transactional or idempotent ones need IDEMPOTENT_WRITE on the cluster."""
    p, s = producer.principal, producer.span
    bindings = _allow(p, _TOPIC, topic, pattern, (_Op.DESCRIBE, _Op.WRITE), source=s)
    if producer.transaction_id is not None:
        txn, txn_pattern = name_pattern(producer.transaction_id)
        bindings += _allow(p, _TXN, txn, txn_pattern, (_Op.DESCRIBE, _Op.WRITE), source=s)
    if producer.transaction_id is not None or producer.idempotence:
        bindings += _allow(p, _CLUSTER, CLUSTER_NAME, _LIT, (_Op.IDEMPOTENT_WRITE,), source=s)
    return bindings


def streams(
    principal: str,
    prefix: str,
    read: Sequence[str],
    write: Sequence[str],
    *,
    exactly_once: bool,
    source: Span | None,
) -> list[AclBinding]:
    """A Kafka Streams app: its input and output topics, and everything (internal topics,
    group, transactional ids with exactly-once) under its application id."""
    bindings = _reads_and_writes(principal, read, write, source)
    bindings += _allow(principal, _TOPIC, prefix, _PRE, (_Op.ALL,), source=source)
    bindings += _allow(principal, _GROUP, prefix, _PRE, (_Op.READ,), source=source)
    if exactly_once:
        bindings += _allow(principal, _TXN, prefix, _PRE, (_Op.WRITE, _Op.DESCRIBE), source=source)
    return bindings


def connect(
    worker: ConnectWorker,
    read: Sequence[str],
    write: Sequence[str],
    *,
    allow_topic_create: bool,
) -> list[AclBinding]:
    """A Kafka Connect worker: its three internal topics, its group, optionally CREATE on the
    cluster (connectors that create their topics), and its connectors' topics."""
    p, s = worker.principal, worker.span
    internal = (
        worker.status_topic or CONNECT_STATUS_TOPIC,
        worker.offset_topic or CONNECT_OFFSET_TOPIC,
        worker.configs_topic or CONNECT_CONFIGS_TOPIC,
    )
    bindings: list[AclBinding] = []
    for topic in internal:
        bindings += _allow(p, _TOPIC, topic, _LIT, (_Op.READ, _Op.WRITE), source=s)
    if allow_topic_create:
        bindings += _allow(p, _CLUSTER, CLUSTER_NAME, _LIT, (_Op.CREATE,), source=s)
    bindings += _allow(p, _GROUP, worker.group or CONNECT_GROUP, _LIT, (_Op.READ,), source=s)
    return [*bindings, *_reads_and_writes(p, read, write, s)]


def ksql_app(
    principal: str, prefix: str, read: Sequence[str], write: Sequence[str], source: Span | None
) -> list[AclBinding]:
    """A project's ksqlDB access: its topics, and all topics and groups under `prefix` (its
    `applicationId`, else the project prefix)."""
    bindings = _reads_and_writes(principal, read, write, source)
    bindings += _allow(principal, _TOPIC, prefix, _PRE, (_Op.ALL,), source=source)
    bindings += _allow(principal, _GROUP, prefix, _PRE, (_Op.ALL,), source=source)
    return bindings


def schema_registry(instance: SchemaRegistryInstance) -> list[AclBinding]:
    """A Schema Registry server: its schemas topic, offsets visibility and its group."""
    p, s = instance.principal, instance.span
    ops = (_Op.CREATE, _Op.DESCRIBE_CONFIGS, _Op.DESCRIBE, _Op.WRITE, _Op.READ)
    offsets = instance.consumer_offsets_topic or CONSUMER_OFFSETS_TOPIC
    return [
        *_allow(p, _TOPIC, instance.topic or SCHEMAS_TOPIC, _LIT, ops, source=s),
        *_allow(p, _TOPIC, offsets, _LIT, (_Op.DESCRIBE,), source=s),
        *_allow(p, _GROUP, instance.group or SCHEMA_REGISTRY_GROUP, _LIT, (_Op.READ,), source=s),
    ]


def control_center(
    instance: ControlCenterInstance, topics: Sequence[str] = CONTROL_CENTER_TOPICS
) -> list[AclBinding]:
    """Confluent Control Center: its groups, its monitoring, command and metrics `topics`
    (the settings' `control_center.*_topic`) and cluster description."""
    p, s, app = instance.principal, instance.span, instance.app_id
    topic_ops = (_Op.WRITE, _Op.READ, _Op.CREATE, _Op.DESCRIBE)
    bindings = [
        *_allow(p, _GROUP, app, _PRE, (_Op.READ,), source=s),
        *_allow(p, _GROUP, f"{app}-command", _PRE, (_Op.READ,), source=s),
        *_allow(p, _GROUP, ALL_GROUPS, _LIT, (_Op.DESCRIBE,), source=s),
    ]
    for topic in topics:
        bindings += _allow(p, _TOPIC, topic, _LIT, topic_ops, source=s)
    bindings += _allow(p, _TOPIC, CONTROL_CENTER_PREFIX, _PRE, topic_ops, source=s)
    bindings += _allow(p, _TOPIC, "*", _LIT, (_Op.CREATE,), source=s)
    bindings += _allow(
        p, _CLUSTER, CLUSTER_NAME, _LIT, (_Op.DESCRIBE, _Op.DESCRIBE_CONFIGS), source=s
    )
    return bindings


def ksql_server(instance: KsqlServerInstance) -> list[AclBinding]:
    """A ksqlDB server: cluster configs, its internal topics, processing log and groups."""
    p, s, service = instance.principal, instance.span, instance.ksql_db_id
    internal = f"_confluent-ksql-{service}"
    return [
        *_allow(p, _CLUSTER, CLUSTER_NAME, _LIT, (_Op.DESCRIBE_CONFIGS,), source=s),
        *_allow(p, _TOPIC, internal, _PRE, (_Op.ALL,), source=s),
        *_allow(p, _TOPIC, f"{service}ksql_processing_log", _LIT, (_Op.ALL,), source=s),
        *_allow(p, _GROUP, internal, _PRE, (_Op.ALL,), source=s),
    ]


def as_written(entry: AclEntry) -> list[AclBinding]:
    """Bindings of `platform.kafka.acls` (a ktb extension) and of custom roles, one per
    operation, as written; the schema check and the roles reader have refused any other
    resource type, pattern, operation or permission."""
    return [
        AclBinding(
            entry.principal,
            AclResourceType(entry.resource_type),
            entry.resource_name,
            PatternType(entry.pattern_type),
            AclOperation(op),
            AclPermission(entry.permission),
            host=entry.host,
            source=entry.span,
        )
        for op in entry.operations
    ]
