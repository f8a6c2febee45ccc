"""The managed scope: what a run compares and may delete (per context, JulieOps #580)."""

from __future__ import annotations

from ktb_action.desired import desired_state
from ktb_action.policy import Policy, make_policy
from ktb_action.resources import AclBinding, AclOperation, AclResourceType, PatternType
from ktb_action.settings import Settings
from ktb_action.topology.model import Consumer, Project, StreamsApp, Topic, Topology

TOPOLOGY = Topology(
    context="ctx",
    projects=(
        Project(
            "proj",
            topics=(Topic("orders"),),
            consumers=(Consumer("User:c"),),
            streams=(StreamsApp("User:s", application_id="app1"), StreamsApp("User:s2")),
        ),
    ),
)


def policy(settings: Settings | None = None) -> Policy:
    settings = settings or Settings()
    return make_policy([TOPOLOGY], settings, desired_state([TOPOLOGY], settings))


def acl(principal: str, kind: AclResourceType, name: str) -> AclBinding:
    return AclBinding(principal, kind, name, PatternType.LITERAL, AclOperation.READ)


def test_topics_of_the_own_context_are_managed() -> None:
    assert policy().owns_topic("ctx.proj.old")


def test_topics_of_another_context_are_not_managed() -> None:
    assert not policy().owns_topic("other.proj.orders")


def test_a_context_does_not_claim_a_context_it_prefixes() -> None:
    assert not policy().owns_topic("ctx2.proj.orders")


def test_underscore_topics_are_internal_and_never_managed() -> None:
    assert not policy(Settings(topic_managed_prefixes=("_",))).owns_topic("__consumer_offsets")


def test_streams_internal_topics_of_declared_applications_are_not_managed() -> None:
    p = policy(Settings(topic_managed_prefixes=("app1", "ctx.")))
    assert (
        p.owns_topic("app1-store-changelog"),
        p.owns_topic("ctx.proj.s2app-agg-repartition"),
        p.owns_topic("ctx.proj.orders-changelog-archive"),
    ) == (False, False, True)


def test_settings_prefixes_replace_the_context_scope() -> None:
    p = policy(Settings(topic_managed_prefixes=("team.",)))
    assert (p.owns_topic("team.x"), p.owns_topic("ctx.proj.old")) == (True, False)


def test_declared_principals_are_read_and_others_are_not() -> None:
    p = policy()
    assert (p.reads_principal("User:c"), p.reads_principal("User:stranger")) == (True, False)


def test_acl_of_declared_principal_on_a_managed_topic_is_owned() -> None:
    assert policy().owns_acl(acl("User:c", AclResourceType.TOPIC, "ctx.proj.old"))


def test_acl_on_a_topic_of_another_context_is_not_owned() -> None:
    assert not policy().owns_acl(acl("User:c", AclResourceType.TOPIC, "other.t"))


def test_cluster_acl_of_declared_principal_is_not_owned_by_default() -> None:
    assert not policy().owns_acl(acl("User:c", AclResourceType.CLUSTER, "kafka-cluster"))


def test_cluster_acl_is_owned_when_settings_name_the_principals() -> None:
    p = policy(Settings(principal_managed_prefixes=("User:",)))
    assert p.owns_acl(acl("User:other", AclResourceType.CLUSTER, "kafka-cluster"))


def test_policy_lists_the_contexts_it_covers() -> None:
    assert policy().contexts == ("ctx",)
