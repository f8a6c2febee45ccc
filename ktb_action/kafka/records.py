"""JSON records in a one-partition topic of the managed cluster: written one at a time and
read back whole. The state and the audit topics both keep their records this way."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka.cimpl import NewTopic

from ktb_action.errors import ClusterError
from ktb_action.kafka.admin import AdminSession, kafka_error, request
from ktb_action.kafka.bindings import kafka_binding
from ktb_action.kinds.acls.values import AclBinding, AclOperation, AclResourceType, PatternType

POLL_S = 10.0
RECORD_BYTES = 64 * 1024 * 1024
"""The largest record, before compression: the state of a scope of 10,000 topics and their
30,000 bindings is about 8 MB of JSON, far over Kafka's default 1 MB."""
TOPIC_RECORD_BYTES = 16 * 1024 * 1024
"""The largest record batch the state and audit topics take, compressed (JSON shrinks about
tenfold with zstd)."""
_MISSING = {"UNKNOWN_TOPIC_OR_PART", "_UNKNOWN_TOPIC", "_UNKNOWN_PARTITION"}


@dataclass(frozen=True)
class Record:
    """One record: its offset, key and JSON object; `value` None when it is not one."""

    offset: int
    key: str
    value: dict[str, Any] | None


class TopicAccessError(ClusterError):
    """The topic cannot be read or written with the run's credentials."""

    def __init__(self, operation: str, reason: str) -> None:
        super().__init__(reason)
        self.operation = operation


def produce_json(config: dict[str, str], topic: str, key: str, value: dict[str, Any]) -> None:
    """Write one record and wait until the broker has it."""
    producer = Producer(
        {
            **config,
            "enable.idempotence": True,
            "compression.type": "zstd",
            "message.max.bytes": RECORD_BYTES,
        }
    )
    failures: list[str] = []

    def delivered(error: KafkaError | None, _: object) -> None:
        if error is not None:
            failures.append(error.name())

    try:
        producer.produce(topic, json.dumps(value, sort_keys=True), key, on_delivery=delivered)
    except KafkaException as error:
        inner = kafka_error(error)
        raise TopicAccessError("WRITE", inner.name() if inner is not None else str(error)) from None
    if producer.flush(POLL_S) or failures:
        raise TopicAccessError("WRITE", failures[0] if failures else "timed out")


def read_json(config: dict[str, str], topic: str) -> list[Record]:
    """Every record of the topic's partition 0, in order; none when the topic is missing.
    A topic the principal may not describe is an error, not a missing topic: Kafka hides
    it, and an empty ownership state read as "first run" would silently skip revocations."""
    consumer = Consumer(
        {**config, "group.id": f"ktb-reader-{uuid.uuid4().hex}", "enable.auto.commit": False}
    )
    try:
        found = consumer.list_topics(topic, timeout=POLL_S).topics.get(topic)
        if found is not None and found.error is not None:
            raise KafkaException(found.error)
        return list(_consume(consumer, topic))
    except KafkaException as error:
        inner = kafka_error(error)
        name = inner.name() if inner is not None else str(error)
        if name in _MISSING:
            return []
        raise TopicAccessError("READ", name) from None
    finally:
        consumer.close()


def _consume(consumer: Consumer, topic: str) -> Iterator[Record]:
    low, high = consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=POLL_S)
    if high <= low:
        return
    consumer.assign([TopicPartition(topic, 0, low)])
    offset = low
    while offset < high:
        message = consumer.poll(POLL_S)
        if message is None:
            raise TopicAccessError("READ", "timed out")
        error = message.error()
        if error is not None:
            raise KafkaException(error)
        at = message.offset() or 0
        offset = at + 1
        yield Record(at, _text(message.key()), _object(message.value()))


def _text(key: bytes | None) -> str:
    return (key or b"").decode(errors="replace")


def _object(value: bytes | None) -> dict[str, Any] | None:
    try:
        data = json.loads(value or b"")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None


def ensure_topic(session: AdminSession, topic: str, config: dict[str, str]) -> None:
    """Create `topic` (one partition) if it is missing, with an ACL that lets the applying
    principal write it: once a topic has an ACL, principals it does not name are denied."""
    admin = session.admin.client
    listed = request(session, "DESCRIBE", "cluster", admin.list_topics, timeout=POLL_S)
    if topic in listed.topics:
        return
    new = NewTopic(topic, 1, -1, config={**config, "max.message.bytes": str(TOPIC_RECORD_BYTES)})
    for future in request(session, "CREATE", topic, admin.create_topics, [new]).values():
        future.result(timeout=POLL_S)
    if not session.principal.startswith("User:"):
        return
    write = AclBinding(
        session.principal, AclResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE
    )
    for future in request(
        session, "ALTER", "cluster", admin.create_acls, [kafka_binding(write)]
    ).values():
        future.result(timeout=POLL_S)


def publish_json(
    session: AdminSession, config: dict[str, str], topic: str, key: str, value: dict[str, Any]
) -> None:
    """Write one record to `topic`, which is created (kept forever) on first use."""
    ensure_topic(session, topic, {"retention.ms": "-1"})
    produce_json(config, topic, key, value)
