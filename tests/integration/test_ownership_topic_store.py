"""The ownership state kept in a compacted topic of the managed cluster (the default store),
on the real broker."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from confluent_kafka import Producer
from confluent_kafka.admin import (
    AclBinding,
    AclOperation,
    AclPermissionType,
    AdminClient,
    ResourcePatternType,
    ResourceType,
)

from ktb_action import planning
from ktb_action.kafka.admin import connect
from ktb_action.kafka.config import ClientConfig
from ktb_action.kafka.read import KafkaReader
from ktb_action.kafka.state_topic import TopicStateStore
from ktb_action.kafka.write import KafkaWriter
from ktb_action.pipeline import load_topologies
from ktb_action.servers import Servers
from ktb_action.state.errors import ConcurrentApplyError, StateUnreadableError
from ktb_action.state.session import StateStore
from ktb_action.state.snapshot import Owned, Snapshot
from tests.integration.test_ownership_revocation import bindings_of
from tests.kafka_fixture import KafkaCluster, unique_name

pytestmark = pytest.mark.integration


def write_repository(root: Path, topic: str, context: str, project: str) -> None:
    """ktb.yaml keeping the state in `topic`, and a topology of one project `proj` whose
    YAML body is `project`."""
    (root / "ktb.yaml").write_text(
        f"topology: [topology.yaml]\nownership:\n  state_topic: {topic}\n"
    )
    (root / "topology.yaml").write_text(
        f'context: "{context}"\nprojects:\n  - name: "proj"\n{project}'
    )


def repository(root: Path, topic: str, context: str, principal: str) -> None:
    """ktb.yaml keeping the state in `topic`, and a topology with one consumer."""
    write_repository(
        root,
        topic,
        context,
        f'    consumers:\n      - principal: "{principal}"\n'
        '    topics:\n      - name: "orders"\n'
        '        config: {num.partitions: "1", replication.factor: "1"}\n',
    )


def servers_of(kafka: KafkaCluster) -> Servers:
    """The ports `ktb apply` opens, the state topic included."""
    session = connect(ClientConfig(kafka.admin_config), timeout=30.0)

    def open_state_topic(topic: str) -> StateStore:
        return TopicStateStore(session, dict(kafka.admin_config), topic)

    return Servers(KafkaReader(session), KafkaWriter(session), open_state_topic=open_state_topic)


def apply(kafka: KafkaCluster, root: Path) -> Servers:
    loaded = load_topologies((), root, root / "ktb.yaml")
    servers = servers_of(kafka)
    planning.apply(planning.make_plan(loaded, servers), servers)
    return servers


def test_a_consumer_removed_from_the_files_is_revoked_with_the_state_in_a_topic(
    kafka: KafkaCluster, tmp_path: Path
) -> None:
    topic, context = unique_name("_ktb_state"), unique_name("tops")
    gone = f"User:{unique_name('gone')}"
    repository(tmp_path, topic, context, gone)
    apply(kafka, tmp_path)
    assert bindings_of(kafka, gone) != set()

    repository(tmp_path, topic, context, f"User:{unique_name('other')}")
    apply(kafka, tmp_path)

    assert bindings_of(kafka, gone) == set()
    assert bindings_of(kafka, "User:admin") >= {
        f"User:admin ALLOW WRITE on TOPIC:LITERAL:{topic} from *"
    }


def test_a_foreign_record_in_the_state_topic_is_reported_with_its_offset_and_skipped(
    kafka: KafkaCluster, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    topic, context = unique_name("_ktb_state"), unique_name("junk")
    principal = f"User:{unique_name('kept')}"
    repository(tmp_path, topic, context, principal)
    apply(kafka, tmp_path)
    offsets: list[int | None] = []
    producer = Producer(kafka.admin_config)
    producer.produce(
        topic,
        b"\xff not json",
        b"state/" + context.encode(),
        on_delivery=lambda _, message: offsets.append(message.offset()),
    )
    assert producer.flush(15.0) == 0
    capsys.readouterr()

    plan = planning.make_plan(load_topologies((), tmp_path, None), servers_of(kafka))

    assert plan.changes == ()
    assert capsys.readouterr().err == (
        f"warning: record at offset {offsets[0]} of `{topic}` is not a ktb state record; skipped\n"
    )


def test_of_two_applies_planned_together_through_the_topic_the_second_stops(
    kafka: KafkaCluster, tmp_path: Path
) -> None:
    topic, context = unique_name("_ktb_state"), unique_name("race")
    first, second = f"User:{unique_name('first')}", f"User:{unique_name('second')}"
    runs = []
    for principal in (first, second):
        repository(tmp_path, topic, context, principal)
        servers = servers_of(kafka)
        runs.append((planning.make_plan(load_topologies((), tmp_path, None), servers), servers))

    planning.apply(*runs[0])
    with pytest.raises(ConcurrentApplyError):
        planning.apply(*runs[1])

    assert bindings_of(kafka, second) == set()
    assert runs[0][1].state is not None
    assert runs[0][1].state.store.read(context).generation == 1


def test_the_state_of_ten_thousand_topics_and_their_bindings_is_written_and_read_back(
    kafka: KafkaCluster,
) -> None:
    context = unique_name("big")
    topics = [f"{context}.proj.t{i:05d}" for i in range(10000)]
    owned: Owned = {
        "topic": {
            name: {
                "configs": {"retention.ms": "86400000"},
                "partitions": 1,
                "replication_factor": 1,
            }
            for name in topics
        },
        "acl": {
            f"User:{name}-c ALLOW {op} on TOPIC:LITERAL:{name} from *": {
                "principal": f"User:{name}-c",
                "resource_type": "TOPIC",
                "resource_name": name,
                "pattern_type": "LITERAL",
                "operation": op,
                "host": "*",
            }
            for name in topics
            for op in ("READ", "DESCRIBE", "WRITE")
        },
    }
    session = connect(ClientConfig(kafka.admin_config), timeout=30.0)
    store = TopicStateStore(session, dict(kafka.admin_config), unique_name("_ktb_state"))

    claim = store.claim(context, 0)
    claim.write(owned)
    claim.release()

    assert store.read(context) == Snapshot(1, owned)


def test_a_state_topic_the_principal_may_not_read_stops_the_plan_naming_what_to_grant(
    kafka: KafkaCluster,
    scram_users: Callable[[str, str], dict[str, str]],
    tmp_path: Path,
) -> None:
    topic, context = unique_name("_ktb_state"), unique_name("denied")
    repository(tmp_path, topic, context, f"User:{unique_name('reader')}")
    apply(kafka, tmp_path).close()
    name = unique_name("stranger")
    config = scram_users(name, "stranger-password")
    # Enough to read the cluster's ACLs, as every plan does, but not the state topic.
    admin = AdminClient(kafka.admin_config)
    grant = AclBinding(
        ResourceType.BROKER,
        "kafka-cluster",
        ResourcePatternType.LITERAL,
        f"User:{name}",
        "*",
        AclOperation.DESCRIBE,
        AclPermissionType.ALLOW,
    )
    for done in admin.create_acls([grant]).values():
        done.result()
    session = connect(ClientConfig(config), timeout=30.0)
    servers = Servers(
        KafkaReader(session),
        KafkaWriter(session),
        open_state_topic=lambda t: TopicStateStore(session, config, t),
    )
    loaded = load_topologies((), tmp_path, tmp_path / "ktb.yaml")
    with pytest.raises(StateUnreadableError) as stopped:
        planning.make_plan(loaded, servers)
    servers.close()
    assert stopped.value.message == (
        f"cannot read the ownership state topic `{topic}` as User:{name}, so nothing was "
        "changed: TOPIC_AUTHORIZATION_FAILED"
    )
    assert stopped.value.hint == (
        f"grant User:{name} READ and WRITE on topic `{topic}` "
        "(and CREATE on the cluster for the first apply)"
    )
