"""What the writer writes, the reader reads back exactly (the basis of "no perpetual diffs")."""

from __future__ import annotations

from typing import Any

import pytest

from ktb_action.kafka.admin import AdminSession, connect
from ktb_action.kafka.config import ClientConfig
from ktb_action.kafka.read import KafkaReader
from ktb_action.kafka.write import KafkaWriter
from ktb_action.kinds.acls.values import (
    AclBinding,
    AclOperation,
    AclPermission,
    AclResourceType,
    PatternType,
)
from ktb_action.kinds.topics.values import TopicSpec
from tests.kafka_fixture import KafkaCluster, unique_name

pytestmark = pytest.mark.integration


def session(kafka: KafkaCluster) -> AdminSession:
    return connect(ClientConfig(kafka.admin_config), timeout=30.0)


def test_topic_reads_back_with_only_the_configs_set_on_it(kafka: KafkaCluster) -> None:
    name = unique_name("rt-topic")
    # cleanup.policy=delete is the broker default: declared, it is still the topic's own.
    spec = TopicSpec(name, 2, 1, (("cleanup.policy", "delete"), ("retention.ms", "3600000")))
    writer = KafkaWriter(session(kafka))
    assert writer.create_topics([spec]) == {name: None}
    writer.wait_until_visible()
    assert KafkaReader(session(kafka)).read_topics(lambda n: n == name) == (spec,)


def test_topic_created_with_broker_defaults_reads_back_with_the_broker_s_sizes(
    kafka: KafkaCluster,
) -> None:
    name = unique_name("rt-default")
    writer = KafkaWriter(session(kafka))
    writer.create_topics([TopicSpec(name, None, None)])
    writer.wait_until_visible()
    assert KafkaReader(session(kafka)).read_topics(lambda n: n == name) == (TopicSpec(name, 1, 1),)


def test_every_kind_of_binding_reads_back_exactly(kafka: KafkaCluster) -> None:
    principal = f"User:{unique_name('rt-acl')}"
    bindings = sorted(
        [
            AclBinding(
                principal, AclResourceType.TOPIC, "t", PatternType.LITERAL, AclOperation.READ
            ),
            AclBinding(
                principal, AclResourceType.TOPIC, "p.", PatternType.PREFIXED, AclOperation.ALL
            ),
            AclBinding(
                principal, AclResourceType.GROUP, "*", PatternType.LITERAL, AclOperation.READ
            ),
            AclBinding(
                principal,
                AclResourceType.CLUSTER,
                "kafka-cluster",
                PatternType.LITERAL,
                AclOperation.IDEMPOTENT_WRITE,
            ),
            AclBinding(
                principal,
                AclResourceType.TRANSACTIONAL_ID,
                "tx",
                PatternType.PREFIXED,
                AclOperation.DESCRIBE,
            ),
        ]
    )
    writer = KafkaWriter(session(kafka))
    assert writer.create_acls(bindings) == {b.address: None for b in bindings}
    writer.wait_until_visible()
    assert KafkaReader(session(kafka)).read_acls(lambda p: p == principal) == tuple(bindings)


def test_deny_bindings_are_left_out_of_the_state(kafka: KafkaCluster) -> None:
    principal = f"User:{unique_name('rt-deny')}"
    deny = AclBinding(
        principal,
        AclResourceType.TOPIC,
        "secret",
        PatternType.LITERAL,
        AclOperation.READ,
        AclPermission.DENY,
    )
    writer = KafkaWriter(session(kafka))
    writer.create_acls([deny])
    writer.wait_until_visible()
    assert KafkaReader(session(kafka)).read_acls(lambda p: p == principal) == ()


def test_deleted_bindings_and_topics_are_gone_from_the_next_read(kafka: KafkaCluster) -> None:
    principal = f"User:{unique_name('rt-del')}"
    name = unique_name("rt-del")
    binding = AclBinding(
        principal, AclResourceType.TOPIC, name, PatternType.LITERAL, AclOperation.READ
    )
    writer = KafkaWriter(session(kafka))
    writer.create_topics([TopicSpec(name, 1, 1)])
    writer.create_acls([binding])
    assert writer.delete_acls([binding]) == {binding.address: None}
    assert writer.delete_topics([name]) == {name: None}
    writer.wait_until_visible()
    reader = KafkaReader(session(kafka))
    assert (
        reader.read_topics(lambda n: n == name),
        reader.read_acls(lambda p: p == principal),
    ) == (
        (),
        (),
    )


class _DeletingFirst(KafkaReader):
    """The real reader; topic `doomed` is deleted (and gone from reads) after the metadata
    request and before its configs are asked for, as another client could."""

    def __init__(self, session: AdminSession, doomed: str) -> None:
        super().__init__(session)
        self.doomed = doomed

    def _answer(self, read: str) -> Any:
        answer = super()._answer(read)
        if read == "topics":
            writer = KafkaWriter(self.session)
            assert writer.delete_topics([self.doomed]) == {self.doomed: None}
            writer.wait_until_visible()
        return answer


def test_a_topic_deleted_between_its_listing_and_its_configs_reads_as_gone(
    kafka: KafkaCluster,
) -> None:
    kept, doomed = unique_name("rt-kept"), unique_name("rt-doomed")
    specs = [TopicSpec(name, 1, 1, (("retention.ms", "60000"),)) for name in (kept, doomed)]
    writer = KafkaWriter(session(kafka))
    assert writer.create_topics(specs) == {kept: None, doomed: None}
    writer.wait_until_visible()
    reader = _DeletingFirst(session(kafka), doomed)
    assert reader.read_topics(lambda n: n in (kept, doomed)) == (specs[0],)
