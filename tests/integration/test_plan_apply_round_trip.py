"""Plan and apply against the real broker: exact change lists, and no perpetual diffs.

Each test uses its own context (`unique_name`), so its scope holds only its own topics and
reruns on a reused broker start clean.
"""

from __future__ import annotations

import pytest

from ktb_action import planning
from ktb_action.core.applier import Outcome
from ktb_action.core.plan import Address, Change, Plan, Status, Verb
from ktb_action.core.planner import compare
from ktb_action.kafka.admin import AdminSession, connect
from ktb_action.kafka.config import ClientConfig
from ktb_action.kafka.read import KafkaReader
from ktb_action.kafka.state_topic import TopicStateStore
from ktb_action.kafka.write import KafkaWriter
from ktb_action.kinds.registry import KINDS
from ktb_action.kinds.topics.values import TopicSpec
from ktb_action.servers import Servers
from ktb_action.settings import AllowDelete, Settings
from ktb_action.state.session import StateSession
from ktb_action.topology.model import Consumer, Producer, Project, StreamsApp, Topic, Topology
from tests.kafka_fixture import KafkaCluster, unique_name

pytestmark = pytest.mark.integration


def session(kafka: KafkaCluster) -> AdminSession:
    return connect(ClientConfig(kafka.admin_config), timeout=30.0)


def topology(context: str, *topics: Topic, consumers: tuple[Consumer, ...] = ()) -> Topology:
    return Topology(
        context=context, projects=(Project("proj", topics=topics, consumers=consumers),)
    )


def servers(kafka: KafkaCluster) -> Servers:
    opened = session(kafka)
    return Servers(KafkaReader(opened), KafkaWriter(opened))


def plan(kafka: KafkaCluster, top: Topology, settings: Settings | None = None) -> Plan:
    return compare([top], settings or Settings(), servers(kafka), KINDS).plan()


def apply(kafka: KafkaCluster, top: Topology, settings: Settings | None = None) -> list[Outcome]:
    report = planning.apply(plan(kafka, top, settings), servers(kafka))
    return [r.outcome for r in report.results]


def topic(context: str, name: str = "orders") -> Address:
    return Address("topic", f"{context}.proj.{name}")


def orders(**fields: object) -> Topic:
    defaults: dict[str, object] = {"partitions": 1, "replication_factor": 1}
    return Topic("orders", **{**defaults, **fields})  # type: ignore[arg-type]


def test_plan_after_apply_is_empty_for_topics_configs_and_every_principal_kind(
    kafka: KafkaCluster,
) -> None:
    context = unique_name("rt")
    top = Topology(
        context=context,
        projects=(
            Project(
                "proj",
                topics=(
                    orders(config=(("retention.ms", "86400000"), ("cleanup.policy", "delete"))),
                    Topic("undeclared-sizes"),
                ),
                consumers=(Consumer(f"User:{context}-c", group="g*"),),
                producers=(Producer(f"User:{context}-p", transaction_id="tx", idempotence=True),),
                streams=(StreamsApp(f"User:{context}-s", exactly_once=True),),
            ),
        ),
    )
    outcomes = apply(kafka, top)
    assert set(outcomes) == {Outcome.SUCCEEDED}
    assert plan(kafka, top).changes == ()


def test_changed_config_is_one_exact_update_then_converges(kafka: KafkaCluster) -> None:
    context = unique_name("cfg")
    apply(kafka, topology(context, orders(config=(("retention.ms", "604800000"),))))
    changed = topology(context, orders(config=(("retention.ms", "86400000"),)))
    name = f"{context}.proj.orders"
    assert plan(kafka, changed).changes == (
        Change(
            Verb.UPDATE,
            topic(context),
            TopicSpec(name, 1, 1, (("retention.ms", "604800000"),)),
            TopicSpec(name, 1, 1, (("retention.ms", "86400000"),)),
            project="proj",
        ),
    )
    assert apply(kafka, changed) == [Outcome.SUCCEEDED]
    assert plan(kafka, changed).changes == ()


def test_removed_config_key_goes_back_to_the_broker_default(kafka: KafkaCluster) -> None:
    context = unique_name("unset")
    apply(kafka, topology(context, orders(config=(("segment.ms", "3600000"),))))
    bare = topology(context, orders())
    name = f"{context}.proj.orders"
    assert [(c.before, c.after) for c in plan(kafka, bare).changes] == [
        (TopicSpec(name, 1, 1, (("segment.ms", "3600000"),)), TopicSpec(name, 1, 1))
    ]
    apply(kafka, bare)
    assert plan(kafka, bare).changes == ()


def test_added_partitions_are_created(kafka: KafkaCluster) -> None:
    context = unique_name("parts")
    apply(kafka, topology(context, orders(partitions=1)))
    grown = topology(context, orders(partitions=3))
    name = f"{context}.proj.orders"
    assert plan(kafka, grown).changes == (
        Change(
            Verb.UPDATE,
            topic(context),
            TopicSpec(name, 1, 1),
            TopicSpec(name, 3, 1),
            project="proj",
        ),
    )
    assert apply(kafka, grown) == [Outcome.SUCCEEDED]
    assert plan(kafka, grown).changes == ()


def test_added_partitions_and_a_changed_config_are_one_update_then_converge(
    kafka: KafkaCluster,
) -> None:
    context = unique_name("both")
    apply(kafka, topology(context, orders(partitions=1, config=(("retention.ms", "604800000"),))))
    grown = topology(context, orders(partitions=2, config=(("retention.ms", "86400000"),)))
    (change,) = plan(kafka, grown).changes
    assert (change.verb, change.after) == (
        Verb.UPDATE,
        TopicSpec(f"{context}.proj.orders", 2, 1, (("retention.ms", "86400000"),)),
    )
    assert apply(kafka, grown) == [Outcome.SUCCEEDED]
    assert plan(kafka, grown).changes == ()


def test_fewer_partitions_is_a_plan_error_against_the_cluster_and_no_change(
    kafka: KafkaCluster,
) -> None:
    context = unique_name("shrink")
    apply(kafka, topology(context, orders(partitions=2)))
    shrunk = plan(kafka, topology(context, orders(partitions=1)))
    assert (shrunk.changes, [d.rule for d in shrunk.diagnostics]) == (
        (),
        ["topic-partitions-decrease"],
    )


def test_added_consumer_is_three_exact_bindings(kafka: KafkaCluster) -> None:
    context = unique_name("cons")
    apply(kafka, topology(context, orders()))
    reader = f"User:{unique_name('reader')}"
    with_consumer = topology(context, orders(), consumers=(Consumer(reader),))
    name = f"{context}.proj.orders"
    assert [(c.verb, c.address) for c in plan(kafka, with_consumer).changes] == [
        (Verb.CREATE, Address("acl", f"{reader} ALLOW READ on GROUP:LITERAL:* from *")),
        (Verb.CREATE, Address("acl", f"{reader} ALLOW DESCRIBE on TOPIC:LITERAL:{name} from *")),
        (Verb.CREATE, Address("acl", f"{reader} ALLOW READ on TOPIC:LITERAL:{name} from *")),
    ]
    assert apply(kafka, with_consumer) == [Outcome.SUCCEEDED] * 3
    assert plan(kafka, with_consumer).changes == ()


def test_removed_topic_is_a_blocked_deletion_by_default_and_stays(kafka: KafkaCluster) -> None:
    context = unique_name("keep")
    apply(kafka, topology(context, orders(), Topic("old", partitions=1, replication_factor=1)))
    shrunk = topology(context, orders())
    expected = (
        Change(
            Verb.DELETE,
            topic(context, "old"),
            TopicSpec(f"{context}.proj.old", 1, 1),
            None,
            status=Status.BLOCKED_BY_POLICY,
            reason="would delete, blocked by policy: set allow_delete.topics",
        ),
    )
    assert plan(kafka, shrunk).changes == expected
    assert apply(kafka, shrunk) == []
    assert plan(kafka, shrunk).changes == expected


def test_removed_topic_and_its_consumer_are_deleted_when_allowed(kafka: KafkaCluster) -> None:
    context = unique_name("drop")
    old = Topic(
        "old",
        partitions=1,
        replication_factor=1,
        consumers=(Consumer(f"User:{unique_name('gone')}"),),
    )
    apply(kafka, topology(context, orders(), old))
    shrunk = topology(context, orders())
    settings = Settings(allow_delete=AllowDelete(topics=True, acls=True))
    changes = plan(kafka, shrunk, settings).changes
    # User:gone is no longer declared, so its bindings are outside the scope: only an
    # operator who names the principals (principal_managed_prefixes) has them revoked.
    assert changes == (
        Change(Verb.DELETE, topic(context, "old"), TopicSpec(f"{context}.proj.old", 1, 1), None),
    )
    assert apply(kafka, shrunk, settings) == [Outcome.SUCCEEDED]
    assert plan(kafka, shrunk, settings).changes == ()


def test_bindings_of_a_still_declared_principal_are_revoked_when_allowed(
    kafka: KafkaCluster,
) -> None:
    context = unique_name("revoke")
    principal = f"User:{unique_name('stays')}"
    reader = Consumer(principal)
    old = Topic("old", partitions=1, replication_factor=1, consumers=(reader,))
    apply(kafka, topology(context, orders(consumers=(reader,)), old))
    settings = Settings(allow_delete=AllowDelete(topics=False, acls=True))
    shrunk = topology(context, orders(consumers=(reader,)))
    changes = plan(kafka, shrunk, settings).changes
    name = f"{context}.proj.old"
    assert [(c.verb, c.kind, c.name, c.status) for c in changes] == [
        (
            Verb.DELETE,
            "acl",
            f"{principal} ALLOW DESCRIBE on TOPIC:LITERAL:{name} from *",
            Status.READY,
        ),
        (
            Verb.DELETE,
            "acl",
            f"{principal} ALLOW READ on TOPIC:LITERAL:{name} from *",
            Status.READY,
        ),
        (Verb.DELETE, "topic", name, Status.BLOCKED_BY_POLICY),
    ]
    assert apply(kafka, shrunk, settings) == [Outcome.SUCCEEDED] * 2
    assert [c.address for c in plan(kafka, shrunk, settings).changes] == [topic(context, "old")]


def test_another_context_s_topics_are_out_of_scope(kafka: KafkaCluster) -> None:
    first, second = unique_name("ctxa"), unique_name("ctxb")
    apply(kafka, topology(first, orders()))
    apply(kafka, topology(second, orders()))
    settings = Settings(allow_delete=AllowDelete(topics=True, acls=True))
    only_first = plan(kafka, topology(first, orders()), settings)
    assert (only_first.changes, only_first.contexts) == ((), (first,))


READING = {"describe_cluster": 1, "list_topics": 1, "describe_configs": 1, "describe_acls": 1}
"""The requests of reading the cluster for a plan, whatever the number of topics."""


def many_topics(context: str) -> Topology:
    topics = tuple(Topic(f"t{i}", partitions=1, replication_factor=1) for i in range(50))
    return topology(context, *topics, consumers=(Consumer(f"User:{unique_name('many')}"),))


def test_reading_takes_four_requests_whatever_the_number_of_topics(kafka: KafkaCluster) -> None:
    top = many_topics(unique_name("count"))
    apply(kafka, top)
    reading = session(kafka)
    assert compare([top], Settings(), Servers(KafkaReader(reading)), KINDS).plan().changes == ()
    assert dict(reading.admin.requests) == READING


def test_an_ownership_state_in_a_topic_adds_one_request_to_the_reading(
    kafka: KafkaCluster,
) -> None:
    context, state_topic = unique_name("countstate"), unique_name("_ktb_state")
    top = many_topics(context)
    written = servers(kafka)
    store = TopicStateStore(session(kafka), dict(kafka.admin_config), state_topic)
    written.state = StateSession(store)
    applied = compare([top], Settings(), written, KINDS, written.state.read)
    written.state.present = applied.present()
    planning.apply(applied.plan(), written)
    reading = session(kafka)
    state = StateSession(TopicStateStore(reading, dict(kafka.admin_config), state_topic))

    planned = compare([top], Settings(), Servers(KafkaReader(reading)), KINDS, state.read).plan()

    assert planned.changes == ()
    assert dict(reading.admin.requests) == {**READING, "read_json": 1}
    assert len(store.read(context).owned["topic"]) == 50
