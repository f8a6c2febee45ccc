"""Declared topics become `TopicSpec`s with full names; undeclared sizes are the broker's."""

from __future__ import annotations

from ktb_action.desired import desired_state
from ktb_action.diagnostics import Span
from ktb_action.resources import TopicSpec
from ktb_action.settings import Settings
from ktb_action.topology.model import Project, Topic, Topology


def topology(*topics: Topic) -> Topology:
    return Topology(
        context="ctx", headers=(("source", "src"),), projects=(Project("proj", topics=topics),)
    )


def test_topic_has_its_full_name_sizes_and_sorted_configs() -> None:
    topic = Topic(
        "orders",
        partitions=3,
        replication_factor=1,
        config=(("retention.ms", "1000"), ("cleanup.policy", "delete")),
    )
    desired = desired_state([topology(topic)], Settings())
    assert desired.state.topics == (
        TopicSpec(
            "ctx.src.proj.orders",
            3,
            1,
            (("cleanup.policy", "delete"), ("retention.ms", "1000")),
        ),
    )


def test_topic_without_partitions_or_replication_leaves_them_to_the_broker() -> None:
    desired = desired_state([topology(Topic("orders"))], Settings())
    assert (desired.state.topics[0].partitions, desired.state.topics[0].replication_factor) == (
        -1,
        -1,
    )


def test_topic_knows_its_project_and_source() -> None:
    span = Span.point("t.yaml", 7)
    desired = desired_state([topology(Topic("orders", span=span))], Settings())
    assert (desired.topic_projects, desired.state.topics[0].source) == (
        {"ctx.src.proj.orders": "proj"},
        span,
    )


def test_contexts_are_the_context_prefixes_of_the_topologies() -> None:
    other = Topology(context="ctx2", projects=(Project("p", topics=(Topic("t"),)),))
    desired = desired_state([topology(Topic("orders")), other], Settings())
    assert desired.contexts == ("ctx.src", "ctx2")


def test_special_topic_keeps_its_name_and_has_no_project() -> None:
    top = Topology(context="ctx", special_topics=(Topic("audit-log"),))
    desired = desired_state([top], Settings())
    assert ([t.name for t in desired.state.topics], desired.topic_projects) == (["audit-log"], {})
