"""Declared topics become `TopicSpec`s with full names; undeclared sizes are the broker's."""

from __future__ import annotations

from ktb_action.core.kind import Declared
from ktb_action.core.scope import make_scope
from ktb_action.diagnostics import Span
from ktb_action.kinds.topics.compile import compile_topics
from ktb_action.kinds.topics.values import TopicSpec
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
    assert compile_topics([topology(topic)], Settings()) == {
        "ctx.src.proj.orders": Declared(
            TopicSpec(
                "ctx.src.proj.orders",
                3,
                1,
                (("cleanup.policy", "delete"), ("retention.ms", "1000")),
            ),
            project="proj",
        )
    }


def test_topic_without_partitions_or_replication_leaves_them_to_the_broker() -> None:
    (declared,) = compile_topics([topology(Topic("orders"))], Settings()).values()
    assert (declared.value.partitions, declared.value.replication_factor) == (None, None)


def test_topic_knows_its_project_and_source() -> None:
    span = Span.point("t.yaml", 7)
    (declared,) = compile_topics([topology(Topic("orders", span=span))], Settings()).values()
    assert (declared.project, declared.source, declared.value.source) == ("proj", span, span)


def test_contexts_are_the_context_prefixes_of_the_topologies() -> None:
    other = Topology(context="ctx2", projects=(Project("p", topics=(Topic("t"),)),))
    scope = make_scope([topology(Topic("orders")), other], Settings())
    assert scope.contexts == ("ctx.src", "ctx2")


def test_special_topic_keeps_its_name_and_has_no_project() -> None:
    top = Topology(context="ctx", special_topics=(Topic("audit-log"),))
    compiled = compile_topics([top], Settings())
    assert [(name, d.value.name, d.project) for name, d in compiled.items()] == [
        ("audit-log", "audit-log", None)
    ]


def test_topics_are_by_full_name_sorted_and_the_first_declaration_wins() -> None:
    first, second = Span.point("a.yaml", 3), Span.point("b.yaml", 3)
    top = topology(Topic("b"), Topic("a", span=first))
    again = topology(Topic("a", partitions=9, span=second))
    compiled = compile_topics([top, again], Settings())
    assert [(name, d.source, d.value.partitions) for name, d in compiled.items()] == [
        ("ctx.src.proj.a", first, None),
        ("ctx.src.proj.b", None, None),
    ]
