"""The ownership state in a compacted topic of the managed cluster (the default store).

Records are JSON, keyed `state/<scope>` (a generation and what is owned) or `claim/<scope>`
(an apply asking to write). Arbitration needs no lock server: the partition orders every
record, so of the claims that follow a scope's latest state record, the first one not
released wins; every other apply stops before changing Kafka. A record that is not ours is
reported with its offset and skipped.
"""

from __future__ import annotations

import sys
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from ktb_action.kafka.admin import AdminSession
from ktb_action.kafka.records import TopicAccessError, ensure_topic, produce_json, read_json
from ktb_action.state.errors import ConcurrentApplyError, StateUnreadableError
from ktb_action.state.snapshot import Owned, Snapshot, owned_of

CLAIM_EXPIRES_S = 3600.0
"""A claim older than this is from an apply that died: it no longer blocks anyone."""


@dataclass(frozen=True)
class Entry:
    """A record of the state topic that is ours: its key and JSON object."""

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
        ensure_topic(self.session, self.topic, {"cleanup.policy": "compact"})
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
        """Write one record of the state topic."""
        try:
            produce_json(self.config, self.topic, key, value)
        except TopicAccessError as error:
            raise _denied(self, error.operation, error.message) from None

    def _records(self) -> list[Entry]:
        try:
            # Through the session's counter: one read of the state is one request of the run.
            found = self.session.admin.send(read_json, self.config, self.topic)
        except TopicAccessError as error:
            raise _denied(self, error.operation, error.message) from None
        records = []
        for record in found:
            if record.value is None or not record.key.startswith(("state/", "claim/")):
                print(
                    f"warning: record at offset {record.offset} of `{self.topic}` is not a ktb "
                    "state record; skipped",
                    file=sys.stderr,
                )
            else:
                records.append(Entry(record.key, record.value))
        return records


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


def _snapshot(records: list[Entry], key: str) -> Snapshot:
    for record in reversed(records):
        if record.key == f"state/{key}":
            generation, owned = record.value.get("generation"), record.value.get("owned")
            if isinstance(generation, int) and isinstance(owned, dict):
                return Snapshot(generation, owned_of(owned))
    return Snapshot()


def _first_open_claim(records: list[Entry], key: str) -> str | None:
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
