"""Reads sent before the files are loaded (`EarlyReads`): the cluster answers them
while ktb loads its files, and a plan gets exactly what asking then would have given."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from ktb_action.errors import ClusterError
from ktb_action.kafka.admin import connect
from ktb_action.kafka.cluster_reads import CLOSE_WAIT_S, EarlyReads
from ktb_action.kafka.config import ClientConfig
from ktb_action.kafka.read import KafkaReader
from ktb_action.kafka.write import KafkaWriter
from ktb_action.kinds.acls.values import AclBinding, AclOperation, AclResourceType, PatternType
from ktb_action.kinds.topics.values import TopicSpec
from tests.kafka_fixture import KafkaCluster, unique_name

pytestmark = pytest.mark.integration


def _reader(kafka: KafkaCluster, *, early: bool = False) -> KafkaReader:
    """A reader as `ktb plan` opens it: with `early`, its whole-cluster reads already sent."""
    session = connect(ClientConfig(kafka.admin_config), timeout=30.0)
    return KafkaReader(session, EarlyReads(session) if early else None)


@pytest.fixture
def applied(kafka: KafkaCluster) -> tuple[str, str]:
    """A topic and a binding of a principal of this test: (topic, principal)."""
    topic, principal = unique_name("prefetch"), f"User:{unique_name('prefetch')}"
    writer = KafkaWriter(connect(ClientConfig(kafka.admin_config), timeout=30.0))
    assert writer.create_topics([TopicSpec(topic, 1, 1, (("retention.ms", "60000"),))]) == {
        topic: None
    }
    binding = AclBinding(
        principal, AclResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ
    )
    assert writer.create_acls([binding]) == {binding.address: None}
    writer.wait_until_visible()
    return topic, principal


def test_prefetched_reads_give_what_asking_gives_with_the_same_requests(
    kafka: KafkaCluster, applied: tuple[str, str]
) -> None:
    topic, principal = applied
    early, asking = _reader(kafka, early=True), _reader(kafka)

    found = [
        (r.read_topics(lambda n: n == topic), r.read_acls(lambda p: p == principal))
        for r in (early, asking)
    ]

    assert found[0] == found[1]
    assert found[0][0] == (TopicSpec(topic, 1, 1, (("retention.ms", "60000"),)),)
    assert early.session.admin.requests == asking.session.admin.requests


def test_a_prefetched_read_is_taken_once_and_the_next_read_asks_again(
    kafka: KafkaCluster, applied: tuple[str, str]
) -> None:
    topic, _ = applied
    reader = _reader(kafka, early=True)
    reader.read_topics(lambda n: n == topic)
    reader.read_topics(lambda n: n == topic)
    assert reader.session.admin.requests["list_topics"] == 2


def test_after_a_refused_login_the_early_reads_end_without_asking_for_the_metadata(
    scram_users: Callable[[str, str], dict[str, str]],
) -> None:
    # librdkafka's metadata call would block for the whole timeout on a refused login, its
    # thread holding the client while the process ends (and crashing it at exit).
    config = {**scram_users(unique_name("early"), "the-right-password"), "sasl.password": "no"}
    session = connect(ClientConfig(config), timeout=30.0)
    early = EarlyReads(session)
    cluster = early.take("cluster")
    assert cluster is not None
    with pytest.raises(ClusterError, match="authentication failed"):
        cluster()
    started = time.monotonic()
    early.close()
    ended_in = time.monotonic() - started
    assert (session.admin.requests["list_topics"], ended_in < CLOSE_WAIT_S) == (0, True)
