"""KafkaWriter: every request of a batch in flight before the first answer is awaited, and one
wait at the end until reads show the writes (over a fake AdminClient)."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from confluent_kafka import KafkaError, KafkaException

from ktb_action.kafka.admin import AdminSession, CountingAdmin
from ktb_action.kafka.write import KafkaWriter
from ktb_action.kinds.topics.values import TopicSpec


class LoggedFuture(Future[Any]):
    """A resolved future that logs when it is awaited."""

    def __init__(self, log: list[str], label: str, error: str | None = None) -> None:
        super().__init__()
        self.log, self.label = log, label
        if error is None:
            self.set_result(None)
        else:
            self.set_exception(KafkaException(KafkaError(KafkaError.INVALID_REQUEST, error)))

    def result(self, timeout: float | None = None) -> Any:
        self.log.append(f"await {self.label}")
        return super().result(timeout)


@dataclass
class Topic:
    partitions: dict[int, object]
    error: object = None


@dataclass
class Metadata:
    topics: dict[str, Topic]


@dataclass
class FakeAdmin:
    """Creates topics into `topics` and answers `list_topics` from `visible` (what the
    broker shows, which the test moves forward)."""

    log: list[str] = field(default_factory=list)
    visible: dict[str, Topic] = field(default_factory=dict)
    too_large: int = 0
    """Requests of more topics than this fail as KRaft's "excessively large" (0: none)."""
    sizes: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Partitions and replication factor each created topic was asked for."""

    def create_topics(self, new: list[Any], **_: Any) -> dict[str, Future[Any]]:
        self.sizes.update({t.topic: (t.num_partitions, t.replication_factor) for t in new})
        label = f"{new[0].topic}+{len(new)}"
        self.log.append(f"send {label}")
        error = "Unable to perform excessively large batch operation"
        fails = self.too_large and len(new) > self.too_large
        return {t.topic: LoggedFuture(self.log, label, error if fails else None) for t in new}

    def list_topics(self, **_: Any) -> Metadata:
        self.log.append("list_topics")
        return Metadata(dict(self.visible))


def writer_of(admin: FakeAdmin) -> KafkaWriter:
    return KafkaWriter(AdminSession(CountingAdmin(admin), "User:admin", "b:9092", timeout=1.0))


def specs(count: int) -> list[TopicSpec]:
    return [TopicSpec(f"t{i:05d}", 1, 1, (("retention.ms", "1"),)) for i in range(count)]


def test_every_create_topics_request_is_sent_before_the_first_answer_is_awaited() -> None:
    admin = FakeAdmin()
    results = writer_of(admin).create_topics(specs(6001))
    assert set(results.values()) == {None}
    sends = [entry for entry in admin.log if entry.startswith("send")]
    assert sends == ["send t00000+3000", "send t03000+3000", "send t06000+1"]
    assert admin.log[:4] == [*sends, "await t00000+3000"]


def test_a_request_found_too_large_after_all_is_sent_again_in_halves() -> None:
    admin = FakeAdmin(too_large=2)
    results = writer_of(admin).create_topics(specs(4))
    assert (results, [entry for entry in admin.log if entry.startswith("send")]) == (
        {"t00000": None, "t00001": None, "t00002": None, "t00003": None},
        ["send t00000+4", "send t00000+2", "send t00002+2"],
    )


def test_writes_return_on_acknowledgement_without_reading() -> None:
    admin = FakeAdmin()
    writer_of(admin).create_topics(specs(2))
    assert "list_topics" not in admin.log


def test_waiting_until_visible_reads_all_topics_in_one_request_per_try() -> None:
    admin = FakeAdmin(visible={"t00000": Topic({0: object()})})
    writer = writer_of(admin)
    writer.create_topics(specs(2))
    admin.log.clear()
    admin.visible["t00001"] = Topic({0: object()}, error="LEADER_NOT_AVAILABLE")

    def elect(**_: Any) -> Metadata:
        # The second try finds the leader elected.
        if admin.log.count("list_topics") == 1:
            admin.visible["t00001"] = Topic({0: object()})
        return FakeAdmin.list_topics(admin)

    admin.list_topics = elect  # type: ignore[method-assign]
    writer.wait_until_visible()
    assert admin.log == ["list_topics", "list_topics"]


def test_counts_left_to_the_broker_are_asked_for_as_kafkas_minus_one() -> None:
    admin = FakeAdmin()
    writer_of(admin).create_topics([TopicSpec("d", None, None), TopicSpec("s", 3, 2)])
    assert admin.sizes == {"d": (-1, -1), "s": (3, 2)}


def test_a_topic_with_the_broker_default_partition_count_is_visible_with_any() -> None:
    admin = FakeAdmin(visible={"t": Topic({0: object(), 1: object(), 2: object()})})
    writer = writer_of(admin)
    writer.create_topics([TopicSpec("t", None, None)])
    admin.log.clear()
    writer.wait_until_visible()
    assert admin.log == ["list_topics"]


def test_nothing_written_nothing_read() -> None:
    admin = FakeAdmin()
    writer_of(admin).wait_until_visible()
    assert admin.log == []
