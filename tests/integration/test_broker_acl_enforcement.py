"""The test broker enforces ACLs: a SASL user may produce only where an ACL allows it.

Every other integration test relies on this (a plan that grants WRITE is only worth checking
on a cluster that denies without it), so it runs against the same `kafka` fixture. Names are
unique per run, so reruns against a reused broker start clean.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import pytest
from confluent_kafka import KafkaError, Producer
from confluent_kafka.admin import (
    AclBinding,
    AclBindingFilter,
    AclOperation,
    AclPermissionType,
    AdminClient,
    NewTopic,
    ResourcePatternType,
    ResourceType,
)

from tests.kafka_fixture import (
    KafkaCluster,
    create_scram_user,
    delete_scram_user,
    unique_name,
)

pytestmark = pytest.mark.integration

TIMEOUT_S = 10.0
# librdkafka gives up on a message after this; a denial arrives well before it.
MESSAGE_TIMEOUT_MS = 5000


@dataclass(frozen=True)
class AclScenario:
    """A topic on which `writer` holds WRITE and DESCRIBE ACLs and `outsider` holds none."""

    topic: str
    writer: dict[str, str]
    outsider: dict[str, str]


def _writer_acls(topic: str, principal: str) -> list[AclBinding]:
    return [
        AclBinding(
            ResourceType.TOPIC,
            topic,
            ResourcePatternType.LITERAL,
            principal,
            "*",
            operation,
            AclPermissionType.ALLOW,
        )
        for operation in (AclOperation.WRITE, AclOperation.DESCRIBE)
    ]


def _topic_acls(topic: str) -> AclBindingFilter:
    return AclBindingFilter(
        ResourceType.TOPIC,
        topic,
        ResourcePatternType.LITERAL,
        None,
        None,
        AclOperation.ANY,
        AclPermissionType.ANY,
    )


def _wait_acls_visible(admin: AdminClient, topic: str, expected: int) -> None:
    # DescribeAcls is answered from the broker's authorizer, so once it lists the bindings
    # they are enforced; without this wait the first produce can race the ACL.
    query = _topic_acls(topic)
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        if len(admin.describe_acls(query).result(timeout=TIMEOUT_S)) >= expected:
            return
        time.sleep(0.2)
    pytest.fail(f"ACLs on `{topic}` not visible within {TIMEOUT_S:.0f}s")


@pytest.fixture(scope="module")
def scenario(kafka: KafkaCluster) -> Iterator[AclScenario]:
    """Create the topic, two SCRAM users and the writer's ACLs as admin; remove them after."""
    admin = AdminClient(kafka.admin_config)
    topic = unique_name("ktb-acl-test")
    writer_name, outsider_name = unique_name("writer"), unique_name("outsider")
    writer = create_scram_user(kafka, writer_name, "writer-secret")
    outsider = create_scram_user(kafka, outsider_name, "outsider-secret")
    admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)])[topic].result(
        timeout=TIMEOUT_S
    )
    bindings = _writer_acls(topic, f"User:{writer_name}")
    for future in admin.create_acls(bindings).values():
        future.result(timeout=TIMEOUT_S)
    _wait_acls_visible(admin, topic, len(bindings))
    yield AclScenario(topic=topic, writer=writer, outsider=outsider)
    admin.delete_acls([_topic_acls(topic)])
    admin.delete_topics([topic])[topic].result(timeout=TIMEOUT_S)
    delete_scram_user(kafka, writer_name)
    delete_scram_user(kafka, outsider_name)


def _produce_one(config: Mapping[str, str], topic: str) -> KafkaError | None:
    """Produce one message and return its delivery error (None when delivered)."""
    outcome: list[KafkaError | None] = []
    producer = Producer({**config, "message.timeout.ms": MESSAGE_TIMEOUT_MS})
    producer.produce(topic, b"hello", on_delivery=lambda error, _msg: outcome.append(error))
    producer.flush(TIMEOUT_S)
    assert outcome, f"no delivery report within {TIMEOUT_S:.0f}s"
    return outcome[0]


def test_user_without_acl_is_denied_with_topic_authorization_failed(
    scenario: AclScenario,
) -> None:
    error = _produce_one(scenario.outsider, scenario.topic)

    assert error is not None
    assert error.code() == KafkaError.TOPIC_AUTHORIZATION_FAILED


def test_user_with_write_and_describe_acl_delivers(scenario: AclScenario) -> None:
    error = _produce_one(scenario.writer, scenario.topic)

    assert error is None
