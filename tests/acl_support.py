"""A topic only ACLs can open, for tests of who a login is: a principal sees the topic after
DESCRIBE on it is granted to exactly that principal, and not before."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from confluent_kafka import KafkaException, TopicCollection
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

from ktb_action.kafka.admin import AdminSession, kafka_error
from tests.kafka_fixture import REQUEST_TIMEOUT_S, KafkaCluster, unique_name, wait_for


@pytest.fixture
def guarded_topic(kafka: KafkaCluster) -> Iterator[str]:
    """A fresh topic with no ACL, deleted afterwards with every ACL on it."""
    name = unique_name("authn")
    admin = AdminClient(kafka.admin_config)
    for future in admin.create_topics([NewTopic(name, 1, 1)]).values():
        future.result(timeout=REQUEST_TIMEOUT_S)
    yield name
    admin.delete_topics([name])
    any_acl = AclBindingFilter(
        ResourceType.TOPIC, name, ResourcePatternType.LITERAL, None, None,
        AclOperation.ANY, AclPermissionType.ANY,
    )  # fmt: skip
    admin.delete_acls([any_acl])


def topic_error(session: AdminSession, topic: str) -> str | None:
    """The error name the session's principal gets describing `topic`, None if it may.

    Through ktb's own request path, so a refused login is ktb's `ClusterError`."""
    futures = session.admin.send(session.admin.client.describe_topics, TopicCollection([topic]))
    try:
        session.admin.result(futures[topic])
    except KafkaException as error:
        return str(kafka_error(error).name())
    return None


def grant_describe_and_wait(
    kafka: KafkaCluster, session: AdminSession, topic: str, principal: str
) -> None:
    """Allow `principal` DESCRIBE on `topic`; wait until the session sees the topic."""
    grant = AclBinding(
        ResourceType.TOPIC, topic, ResourcePatternType.LITERAL, principal, "*",
        AclOperation.DESCRIBE, AclPermissionType.ALLOW,
    )  # fmt: skip
    admin = AdminClient(kafka.admin_config)
    for future in admin.create_acls([grant]).values():
        future.result(timeout=REQUEST_TIMEOUT_S)
    wait_for(
        lambda: topic_error(session, topic) is None,
        f"DESCRIBE granted to {principal} has no effect",
    )
