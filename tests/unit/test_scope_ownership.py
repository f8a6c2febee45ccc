"""The managed scope: what a run compares and may delete (per context, JulieOps #580)."""

from __future__ import annotations

from ktb_action.core.scope import Scope, make_scope
from ktb_action.kinds.acls.compile import compile_acls
from ktb_action.kinds.acls.ownership import Ownership
from ktb_action.kinds.acls.values import AclBinding, AclOperation, AclResourceType, PatternType
from ktb_action.kinds.topics.diff import owns_topic
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


def scope(settings: Settings | None = None) -> Scope:
    return make_scope([TOPOLOGY], settings or Settings())


def owns(name: str, settings: Settings | None = None) -> bool:
    return owns_topic(name, scope(settings))


def ownership(settings: Settings | None = None) -> Ownership:
    settings = settings or Settings()
    return Ownership.of(compile_acls([TOPOLOGY], settings), scope(settings))


def acl(principal: str, kind: AclResourceType, name: str) -> AclBinding:
    return AclBinding(principal, kind, name, PatternType.LITERAL, AclOperation.READ)


def test_topics_of_the_own_context_are_managed() -> None:
    assert owns("ctx.proj.old")


def test_topics_of_another_context_are_not_managed() -> None:
    assert not owns("other.proj.orders")


def test_a_context_does_not_claim_a_context_it_prefixes() -> None:
    assert not owns("ctx2.proj.orders")


def test_underscore_topics_are_internal_and_never_managed() -> None:
    assert not owns("__consumer_offsets", Settings(topic_managed_prefixes=("_",)))


def test_streams_internal_topics_of_declared_applications_are_not_managed() -> None:
    settings = Settings(topic_managed_prefixes=("app1", "ctx."))
    assert (
        owns("app1-store-changelog", settings),
        owns("ctx.proj.s2app-agg-repartition", settings),
        owns("ctx.proj.orders-changelog-archive", settings),
    ) == (False, False, True)


def test_settings_prefixes_replace_the_context_scope() -> None:
    settings = Settings(topic_managed_prefixes=("team.",))
    assert (owns("team.x", settings), owns("ctx.proj.old", settings)) == (True, False)


def test_declared_principals_are_read_and_others_are_not() -> None:
    run = ownership()
    assert (run.reads_principal("User:c"), run.reads_principal("User:stranger")) == (True, False)


def test_acl_of_declared_principal_on_a_managed_topic_is_owned() -> None:
    assert ownership().owns(acl("User:c", AclResourceType.TOPIC, "ctx.proj.old"))


def test_acl_on_a_topic_of_another_context_is_not_owned() -> None:
    assert not ownership().owns(acl("User:c", AclResourceType.TOPIC, "other.t"))


def test_cluster_acl_of_declared_principal_is_not_owned_by_default() -> None:
    assert not ownership().owns(acl("User:c", AclResourceType.CLUSTER, "kafka-cluster"))


def test_cluster_acl_is_owned_when_settings_name_the_principals() -> None:
    run = ownership(Settings(principal_managed_prefixes=("User:",)))
    assert run.owns(acl("User:other", AclResourceType.CLUSTER, "kafka-cluster"))


def test_scope_lists_the_contexts_it_covers() -> None:
    assert scope().contexts == ("ctx",)
