"""The ownership state in a compacted topic of the managed cluster (the default store).

Records are JSON, keyed `state/<scope>` (a generation and what is owned) or `claim/<scope>`
(an apply asking to write). Arbitration needs no lock server: the partition orders every
record, so of the claims that follow a scope's latest state record, the first one not
released wins; every other apply stops before changing Kafka. A record that is not ours is
reported with its offset and skipped.
"""

from __future__ import annotations

import json
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka.cimpl import NewTopic

from ktb_action.kafka.admin import AdminSession, kafka_error, request
from ktb_action.kafka.bindings import kafka_binding
from ktb_action.kinds.acls.values import AclBinding, AclOperation, AclResourceType, PatternType
from ktb_action.state.errors import ConcurrentApplyError, StateUnreadableError
from ktb_action.state.snapshot import Owned, Snapshot, owned_of

POLL_S = 10.0
CLAIM_EXPIRES_S = 3600.0
"""A claim older than this is from an apply that died: it no longer blocks anyone."""
_MISSING = {"UNKNOWN_TOPIC_OR_PART", "_UNKNOWN_TOPIC", "_UNKNOWN_PARTITION"}
_DENIED = {
    "TOPIC_AUTHORIZATION_FAILED",
    "GROUP_AUTHORIZATION_FAILED",
    "CLUSTER_AUTHORIZATION_FAILED",
}


@dataclass(frozen=True)
class Record:
    """One record of the state topic, decoded."""

    offset: int
    key: str
    value: dict[str, Any]


@dataclass
class TopicStateStore:
    """`StateStore` on the compacted topic `topic`, with the run's client settings."""

    session: AdminSession
    config: dict[str, str]
    topic: str
    claimant: str = field(default_factory=lambda: uuid.uuid4().hex)

    def read(self, key: str) -> Snapshot:
        """The latest state record of `key` (one pass over the partition; empty if none)."""
        return _snapshot(self._records(), key)

    def claim(self, key: str, generation: int) -> TopicClaim:
        """Write a claim and read it back: the first open claim after the state wins."""
        self._ensure_topic()
        claim = TopicClaim(self, key, generation)
        self.produce(
            f"claim/{key}", {"claimant": self.claimant, "generation": generation, "at": time.time()}
        )
        records = self._records()
        now = _snapshot(records, key).generation
        winner = _first_open_claim(records, key)
        if now != generation or winner != self.claimant:
            claim.release()
            raise ConcurrentApplyError(
                f"another apply of scope `{key}` holds or changed the ownership state "
                f"(topic `{self.topic}`, generation {generation}, now {now}), so nothing "
                "was changed",
                hint="wait for the other apply, run the plan again, review it, then apply",
            )
        return claim

    def produce(self, key: str, value: dict[str, Any]) -> None:
        """Write one record and wait until the broker has it."""
        producer = Producer({**self.config, "enable.idempotence": True})
        failures: list[str] = []

        def delivered(error: KafkaError | None, _: object) -> None:
            if error is not None:
                failures.append(error.name())

        producer.produce(self.topic, json.dumps(value, sort_keys=True), key, on_delivery=delivered)
        if producer.flush(POLL_S) or failures:
            raise _denied(self, "WRITE", failures[0] if failures else "timed out")

    def _records(self) -> list[Record]:
        consumer = Consumer(
            {**self.config, "group.id": f"ktb-state-{self.claimant}", "enable.auto.commit": False}
        )
        try:
            return list(self._consume(consumer))
        except KafkaException as error:
            inner = kafka_error(error)
            name = inner.name() if inner is not None else str(error)
            if name in _MISSING:
                return []
            raise _denied(self, "READ", name) from None
        finally:
            consumer.close()

    def _consume(self, consumer: Consumer) -> Iterator[Record]:
        partition = TopicPartition(self.topic, 0)
        low, high = consumer.get_watermark_offsets(partition, timeout=POLL_S)
        if high <= low:
            return
        consumer.assign([TopicPartition(self.topic, 0, low)])
        offset = low
        while offset < high:
            message = consumer.poll(POLL_S)
            if message is None:
                raise _denied(self, "READ", "timed out")
            error = message.error()
            if error is not None:
                raise KafkaException(error)
            at = message.offset() or 0
            offset = at + 1
            record = _decode(at, message.key(), message.value())
            if record is None:
                print(
                    f"warning: record at offset {at} of `{self.topic}` is not a ktb state "
                    "record; skipped",
                    file=sys.stderr,
                )
            else:
                yield record

    def _ensure_topic(self) -> None:
        """Create the topic on first apply, writable by the applying principal only."""
        topics = request(self.session, "list_topics", "DESCRIBE", "cluster", timeout=POLL_S)
        if self.topic in topics.topics:
            return
        config = {"cleanup.policy": "compact"}
        futures = request(
            self.session,
            "create_topics",
            "CREATE",
            self.topic,
            [NewTopic(self.topic, 1, -1, config=config)],
        )
        for future in futures.values():
            future.result(timeout=POLL_S)
        write = AclBinding(
            self.session.principal,
            AclResourceType.TOPIC,
            self.topic,
            PatternType.LITERAL,
            AclOperation.WRITE,
        )
        if write.principal.startswith("User:"):
            for future in request(
                self.session, "create_acls", "ALTER", "cluster", [kafka_binding(write)]
            ).values():
                future.result(timeout=POLL_S)


@dataclass(frozen=True)
class TopicClaim:
    """An apply's claim on one scope's state in the topic."""

    store: TopicStateStore
    key: str
    generation: int

    def write(self, owned: Owned) -> None:
        """The new state record: it closes every claim before it."""
        self.store.produce(f"state/{self.key}", {"generation": self.generation + 1, "owned": owned})

    def release(self) -> None:
        """Withdraw the claim (a no-op for arbitration once the state was written)."""
        self.store.produce(f"claim/{self.key}", {"released": self.store.claimant})


def _decode(offset: int, key: bytes | None, value: bytes | None) -> Record | None:
    try:
        text = (key or b"").decode()
        data = json.loads(value or b"")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not text.startswith(("state/", "claim/")) or not isinstance(data, dict):
        return None
    return Record(offset, text, data)


def _snapshot(records: list[Record], key: str) -> Snapshot:
    for record in reversed(records):
        if record.key == f"state/{key}":
            generation, owned = record.value.get("generation"), record.value.get("owned")
            if isinstance(generation, int) and isinstance(owned, dict):
                return Snapshot(generation, owned_of(owned))
    return Snapshot()


def _first_open_claim(records: list[Record], key: str) -> str | None:
    """The claimant of the first claim after the latest state record not released since."""
    claims: list[str] = []
    released: set[str] = set()
    for record in records:
        if record.key == f"state/{key}":
            claims, released = [], set()
        elif record.key == f"claim/{key}":
            if "released" in record.value:
                released.add(str(record.value["released"]))
            elif time.time() - float(record.value.get("at", 0)) < CLAIM_EXPIRES_S:
                claims.append(str(record.value.get("claimant")))
    return next((c for c in claims if c not in released), None)


def _denied(store: TopicStateStore, operation: str, reason: str) -> StateUnreadableError:
    return StateUnreadableError(
        f"cannot {operation.lower()} the ownership state topic `{store.topic}` as "
        f"{store.session.principal}, so nothing was changed: {reason}",
        hint=f"grant {store.session.principal} READ and WRITE on topic `{store.topic}` "
        "(and CREATE on the cluster for the first apply)",
    )
