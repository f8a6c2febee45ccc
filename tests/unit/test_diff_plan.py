"""desired x actual x policy -> exact change lists."""

from __future__ import annotations

from ktb_action.desired import desired_state
from ktb_action.plan.diff import diff
from ktb_action.plan.model import Action, Change, Plan, Status
from ktb_action.policy import make_policy
from ktb_action.resources import (
    AclBinding,
    AclOperation,
    AclResourceType,
    ClusterState,
    PatternType,
    TopicSpec,
    acl_to_dict,
)
from ktb_action.settings import AllowDelete, Settings
from ktb_action.topology.model import Consumer, Project, Topic, Topology

NAME = "ctx.proj.orders"


def topology(topic: Topic, consumers: tuple[Consumer, ...] = ()) -> Topology:
    return Topology(
        context="ctx", projects=(Project("proj", topics=(topic,), consumers=consumers),)
    )


def plan(top: Topology, actual: ClusterState, settings: Settings | None = None) -> Plan:
    settings = settings or Settings()
    desired = desired_state([top], settings)
    return diff(desired, actual, make_policy([top], settings, desired), "fp")


def read_acl(principal: str, name: str, op: AclOperation) -> AclBinding:
    return AclBinding(principal, AclResourceType.TOPIC, name, PatternType.LITERAL, op)


def test_missing_topic_is_created_with_its_sizes_and_configs() -> None:
    topic = Topic("orders", partitions=3, replication_factor=1, config=(("retention.ms", "1"),))
    assert plan(topology(topic), ClusterState()).changes == (
        Change(
            Action.CREATE_TOPIC,
            NAME,
            None,
            {"partitions": 3, "replication_factor": 1, "configs": {"retention.ms": "1"}},
            project="proj",
        ),
    )


def test_matching_cluster_gives_an_empty_plan_with_fingerprint_and_contexts() -> None:
    actual = ClusterState(topics=(TopicSpec(NAME, 3, 1),))
    result = plan(topology(Topic("orders", partitions=3, replication_factor=1)), actual)
    assert (result.changes, result.fingerprint, result.contexts) == ((), "fp", ("ctx",))


def test_undeclared_partitions_and_replication_are_not_compared() -> None:
    actual = ClusterState(topics=(TopicSpec(NAME, 12, 3),))
    assert plan(topology(Topic("orders")), actual).changes == ()


def test_changed_set_and_removed_configs_are_one_update_with_before_and_after() -> None:
    topic = Topic("orders", config=(("retention.ms", "86400000"), ("cleanup.policy", "compact")))
    actual = ClusterState(
        topics=(TopicSpec(NAME, 1, 1, (("retention.ms", "604800000"), ("segment.ms", "100"))),)
    )
    assert plan(topology(topic), actual).changes == (
        Change(
            Action.UPDATE_TOPIC_CONFIG,
            NAME,
            {"cleanup.policy": None, "retention.ms": "604800000", "segment.ms": "100"},
            {"cleanup.policy": "compact", "retention.ms": "86400000", "segment.ms": None},
            project="proj",
        ),
    )


def test_more_partitions_is_an_increase() -> None:
    actual = ClusterState(topics=(TopicSpec(NAME, 3, 1),))
    assert plan(topology(Topic("orders", partitions=6)), actual).changes == (
        Change(
            Action.INCREASE_PARTITIONS, NAME, {"partitions": 3}, {"partitions": 6}, project="proj"
        ),
    )


def test_fewer_partitions_is_unsupported_with_a_reason() -> None:
    actual = ClusterState(topics=(TopicSpec(NAME, 6, 1),))
    (change,) = plan(topology(Topic("orders", partitions=3)), actual).changes
    assert (change.action, change.status, change.reason) == (
        Action.INCREASE_PARTITIONS,
        Status.UNSUPPORTED,
        "partitions cannot be decreased (6 -> 3): Kafka only adds partitions; "
        "recreate the topic or declare the current count",
    )


def test_replication_factor_change_is_unsupported() -> None:
    actual = ClusterState(topics=(TopicSpec(NAME, 1, 1),))
    (change,) = plan(topology(Topic("orders", replication_factor=3)), actual).changes
    assert (change.status, change.before, change.after) == (
        Status.UNSUPPORTED,
        {"replication_factor": 1},
        {"replication_factor": 3},
    )


def test_undeclared_topic_in_scope_is_a_blocked_deletion_by_default() -> None:
    actual = ClusterState(topics=(TopicSpec(NAME, 1, 1), TopicSpec("ctx.proj.old", 1, 1)))
    (change,) = plan(topology(Topic("orders")), actual).changes
    assert (change.action, change.name, change.status, change.reason) == (
        Action.DELETE_TOPIC,
        "ctx.proj.old",
        Status.BLOCKED_BY_POLICY,
        "would delete, blocked by policy: set allow_delete.topics",
    )


def test_undeclared_topic_is_deleted_when_allowed() -> None:
    actual = ClusterState(topics=(TopicSpec(NAME, 1, 1), TopicSpec("ctx.proj.old", 2, 1)))
    settings = Settings(allow_delete=AllowDelete(topics=True))
    assert plan(topology(Topic("orders")), actual, settings).changes == (
        Change(
            Action.DELETE_TOPIC,
            "ctx.proj.old",
            {"partitions": 2, "replication_factor": 1, "configs": {}},
            None,
        ),
    )


def test_topics_outside_the_scope_are_never_deleted() -> None:
    actual = ClusterState(
        topics=(TopicSpec(NAME, 1, 1), TopicSpec("other.t", 1, 1), TopicSpec("_schemas", 1, 1))
    )
    settings = Settings(allow_delete=AllowDelete(topics=True))
    assert plan(topology(Topic("orders")), actual, settings).changes == ()


def test_missing_bindings_are_created_in_sorted_order() -> None:
    actual = ClusterState(topics=(TopicSpec(NAME, 1, 1),))
    changes = plan(topology(Topic("orders"), (Consumer("User:c"),)), actual).changes
    assert [(c.action, c.name) for c in changes] == [
        (Action.CREATE_ACL, "User:c ALLOW READ on GROUP:LITERAL:* from *"),
        (Action.CREATE_ACL, f"User:c ALLOW DESCRIBE on TOPIC:LITERAL:{NAME} from *"),
        (Action.CREATE_ACL, f"User:c ALLOW READ on TOPIC:LITERAL:{NAME} from *"),
    ]


def test_undeclared_binding_of_a_declared_principal_is_deleted_when_allowed() -> None:
    stale = read_acl("User:c", "ctx.proj.gone", AclOperation.READ)
    top = topology(Topic("orders"), (Consumer("User:c"),))
    settings = Settings(allow_delete=AllowDelete(acls=True))
    desired = desired_state([top], settings)
    actual = ClusterState(topics=(TopicSpec(NAME, 1, 1),), acls=(*desired.state.acls, stale))
    assert plan(top, actual, settings).changes == (
        Change(Action.DELETE_ACL, stale.address, acl_to_dict(stale), None),
    )


def test_undeclared_binding_deletion_is_blocked_by_default() -> None:
    stale = read_acl("User:c", "ctx.proj.gone", AclOperation.READ)
    top = topology(Topic("orders"), (Consumer("User:c"),))
    desired = desired_state([top], Settings())
    actual = ClusterState(topics=(TopicSpec(NAME, 1, 1),), acls=(*desired.state.acls, stale))
    (change,) = plan(top, actual).changes
    assert (change.status, change.reason) == (
        Status.BLOCKED_BY_POLICY,
        "would delete, blocked by policy: set allow_delete.acls",
    )


def test_changes_come_in_apply_order() -> None:
    actual = ClusterState(
        topics=(TopicSpec(NAME, 1, 1), TopicSpec("ctx.proj.old", 1, 1)),
        acls=(read_acl("User:c", "ctx.proj.old", AclOperation.READ),),
    )
    top = Topology(
        context="ctx",
        projects=(
            Project(
                "proj",
                topics=(Topic("orders", partitions=2, config=(("a", "b"),)), Topic("new")),
                consumers=(Consumer("User:c"),),
            ),
        ),
    )
    settings = Settings(allow_delete=AllowDelete(topics=True, acls=True))
    actions = [c.action for c in plan(top, actual, settings).changes]
    assert list(dict.fromkeys(actions)) == [
        Action.CREATE_TOPIC,
        Action.UPDATE_TOPIC_CONFIG,
        Action.INCREASE_PARTITIONS,
        Action.CREATE_ACL,
        Action.DELETE_ACL,
        Action.DELETE_TOPIC,
    ]
