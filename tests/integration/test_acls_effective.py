"""The ACLs apply creates work: a declared consumer consumes, an undeclared one is denied."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from confluent_kafka import Consumer as KafkaConsumer
from confluent_kafka import KafkaError, Producer

from ktb_action import planning
from ktb_action.core.applier import ApplyReport, Outcome
from ktb_action.core.planner import compare
from ktb_action.kafka.admin import connect
from ktb_action.kafka.config import ClientConfig
from ktb_action.kafka.read import KafkaReader
from ktb_action.kafka.write import KafkaWriter
from ktb_action.kinds.registry import KINDS
from ktb_action.servers import Servers
from ktb_action.settings import Settings
from ktb_action.topology.model import Consumer, Project, Topic, Topology
from tests.kafka_fixture import KafkaCluster, unique_name

pytestmark = pytest.mark.integration

POLL_S = 15.0


def first_message(
    config: dict[str, str], topic: str, group: str
) -> tuple[bytes | None, str | None]:
    """The first message the client reads from `topic`, or the name of the error it gets."""
    consumer = KafkaConsumer(
        {**config, "group.id": group, "auto.offset.reset": "earliest", "enable.auto.commit": False}
    )
    try:
        consumer.subscribe([topic])
        message = consumer.poll(POLL_S)
        if message is None:
            return None, None
        error = message.error()
        if error is not None:
            return None, error.name()
        return message.value(), None
    finally:
        consumer.close()


def produce(config: dict[str, str], topic: str, value: bytes) -> None:
    producer = Producer(config)
    producer.produce(topic, value)
    assert producer.flush(POLL_S) == 0


def apply(kafka: KafkaCluster, top: Topology) -> ApplyReport:
    """Plan `top` against the broker and apply it, as `ktb apply` does."""
    session = connect(ClientConfig(kafka.admin_config), timeout=30.0)
    servers = Servers(KafkaReader(session), KafkaWriter(session))
    return planning.apply(compare([top], Settings(), servers, KINDS).plan(), servers)


def test_declared_consumer_reads_and_undeclared_one_is_denied(
    kafka: KafkaCluster, scram_users: Callable[[str, str], dict[str, str]]
) -> None:
    allowed_name, denied_name = unique_name("reader"), unique_name("stranger")
    allowed = scram_users(allowed_name, "reader-secret")
    denied = scram_users(denied_name, "stranger-secret")
    context = unique_name("eff")
    top = Topology(
        context=context,
        projects=(
            Project(
                "proj",
                topics=(
                    Topic(
                        "orders",
                        partitions=1,
                        replication_factor=1,
                        consumers=(Consumer(f"User:{allowed_name}", group=f"{context}*"),),
                    ),
                    # The stranger may read another topic, in any group: only the topic
                    # ACL stands between it and `orders`.
                    Topic(
                        "public",
                        partitions=1,
                        replication_factor=1,
                        consumers=(Consumer(f"User:{denied_name}"),),
                    ),
                ),
            ),
        ),
    )
    report = apply(kafka, top)
    assert {r.outcome for r in report.results} == {Outcome.SUCCEEDED}
    topic = f"{context}.proj.orders"
    produce(kafka.admin_config, topic, b"paid")

    assert first_message(allowed, topic, f"{context}-billing") == (b"paid", None)
    assert first_message(denied, topic, f"{context}-billing") == (
        None,
        KafkaError(KafkaError.TOPIC_AUTHORIZATION_FAILED).name(),
    )


def test_declared_consumer_is_denied_a_group_outside_its_prefix(
    kafka: KafkaCluster, scram_users: Callable[[str, str], dict[str, str]]
) -> None:
    name = unique_name("grouped")
    config = scram_users(name, "grouped-secret")
    context = unique_name("grp")
    top = Topology(
        context=context,
        projects=(
            Project(
                "proj",
                topics=(Topic("orders", partitions=1, replication_factor=1),),
                consumers=(Consumer(f"User:{name}", group=f"{context}*"),),
            ),
        ),
    )
    apply(kafka, top)
    topic = f"{context}.proj.orders"
    produce(kafka.admin_config, topic, b"x")
    assert first_message(config, topic, "someone-elses-group") == (
        None,
        KafkaError(KafkaError.GROUP_AUTHORIZATION_FAILED).name(),
    )
