"""Topologies x the cluster's topics and bindings x scope -> exact change lists."""

from __future__ import annotations

from ktb_action.core.fingerprint import fingerprint
from ktb_action.core.plan import Address, Change, Plan, Status, Verb
from ktb_action.diagnostics import Diagnostic, Severity, Span
from ktb_action.kinds.acls.compile import compile_acls
from ktb_action.kinds.acls.values import AclBinding, AclOperation, AclResourceType, PatternType
from ktb_action.kinds.topics.values import TopicSpec
from ktb_action.settings import AllowDelete, RuleSetting, Settings
from ktb_action.topology.model import Consumer, Project, Topic, Topology
from tests.unit.fake_cluster import FakeReader, plan_of

NAME = "ctx.proj.orders"
TOPIC = Address("topic", NAME)


def topology(topic: Topic, consumers: tuple[Consumer, ...] = ()) -> Topology:
    return Topology(
        context="ctx", projects=(Project("proj", topics=(topic,), consumers=consumers),)
    )


def plan(top: Topology, actual: FakeReader, settings: Settings | None = None) -> Plan:
    return plan_of([top], actual, settings)


def read_acl(principal: str, name: str, op: AclOperation) -> AclBinding:
    return AclBinding(principal, AclResourceType.TOPIC, name, PatternType.LITERAL, op)


def declared_acls(top: Topology, settings: Settings) -> tuple[AclBinding, ...]:
    return tuple(d.value for d in compile_acls([top], settings).values())


def test_missing_topic_is_created_with_its_sizes_and_configs() -> None:
    topic = Topic("orders", partitions=3, replication_factor=1, config=(("retention.ms", "1"),))
    assert plan(topology(topic), FakeReader()).changes == (
        Change(
            Verb.CREATE,
            TOPIC,
            None,
            TopicSpec(NAME, 3, 1, (("retention.ms", "1"),)),
            project="proj",
        ),
    )


def test_matching_cluster_gives_an_empty_plan_with_fingerprint_and_contexts() -> None:
    actual = FakeReader(topics=(TopicSpec(NAME, 3, 1),))
    result = plan(topology(Topic("orders", partitions=3, replication_factor=1)), actual)
    state = {
        "topic": {NAME: {"partitions": 3, "replication_factor": 1, "configs": {}}},
        "user": {},
        "quota": {},
        "acl": {},
        "subject": {},
        "connector": {},
    }
    assert (result.changes, result.fingerprint, result.contexts) == (
        (),
        fingerprint(state),
        ("ctx",),
    )


def test_undeclared_partitions_and_replication_are_not_compared() -> None:
    actual = FakeReader(topics=(TopicSpec(NAME, 12, 3),))
    assert plan(topology(Topic("orders")), actual).changes == ()


def test_changed_set_and_removed_configs_are_one_update_from_the_topic_as_read() -> None:
    topic = Topic("orders", config=(("retention.ms", "86400000"), ("cleanup.policy", "compact")))
    have = TopicSpec(NAME, 1, 1, (("retention.ms", "604800000"), ("segment.ms", "100")))
    assert plan(topology(topic), FakeReader(topics=(have,))).changes == (
        Change(
            Verb.UPDATE,
            TOPIC,
            have,
            TopicSpec(NAME, 1, 1, (("cleanup.policy", "compact"), ("retention.ms", "86400000"))),
            project="proj",
        ),
    )


def test_an_update_points_at_the_declaration_of_the_changed_config_key() -> None:
    retention, cleanup = Span.point("t.yaml", 5), Span.point("t.yaml", 6)
    topic = Topic(
        "orders",
        config=(("retention.ms", "1"), ("cleanup.policy", "compact")),
        span=Span.point("t.yaml", 3),
        config_spans=(("retention.ms", retention), ("cleanup.policy", cleanup)),
    )
    have = TopicSpec(NAME, 1, 1, (("cleanup.policy", "delete"), ("retention.ms", "1")))
    (change,) = plan(topology(topic), FakeReader(topics=(have,))).changes
    assert change.source == cleanup


def test_more_partitions_is_an_update_of_the_partition_count_from_the_topic() -> None:
    topic = Topic("orders", partitions=6, span=Span.point("t.yaml", 3))
    have = TopicSpec(NAME, 3, 1)
    assert plan(topology(topic), FakeReader(topics=(have,))).changes == (
        Change(
            Verb.UPDATE, TOPIC, have, TopicSpec(NAME, 6, 1), Span.point("t.yaml", 3), project="proj"
        ),
    )


def test_more_partitions_and_changed_configs_of_one_topic_are_one_update() -> None:
    topic = Topic("orders", partitions=6, config=(("retention.ms", "2"),))
    have = TopicSpec(NAME, 3, 1, (("retention.ms", "1"),))
    assert plan(topology(topic), FakeReader(topics=(have,))).changes == (
        Change(
            Verb.UPDATE,
            TOPIC,
            have,
            TopicSpec(NAME, 6, 1, (("retention.ms", "2"),)),
            project="proj",
        ),
    )


PARTITIONS_AT = Span.point("t.yaml", 7)
REPLICATION_AT = Span.point("t.yaml", 8)


def counted(partitions: int | None = None, replication_factor: int | None = None) -> Topic:
    """`orders` with the counts given, written at lines 7 and 8 of its file."""
    return Topic(
        "orders",
        partitions=partitions,
        replication_factor=replication_factor,
        config=(("retention.ms", "2"),),
        span=Span.point("t.yaml", 5),
        config_spans=(("num.partitions", PARTITIONS_AT), ("replication.factor", REPLICATION_AT)),
    )


DECREASE = Diagnostic(
    "topic-partitions-decrease",
    Severity.ERROR,
    f"topic `{NAME}` has 6 partitions; Kafka cannot decrease them to 3",
    PARTITIONS_AT,
    "declare the current count (6), or delete and recreate the topic (its messages are lost)",
)
REPLICATION = Diagnostic(
    "topic-replication-factor-change",
    Severity.ERROR,
    f"topic `{NAME}` has a replication factor of 1; ktb cannot change it to 3",
    REPLICATION_AT,
    "declare the current value (1), or reassign the partitions with kafka-reassign-partitions, "
    "then declare the new value",
)


def test_fewer_partitions_is_an_error_at_the_count_and_leave_it_as_it_is() -> None:
    have = TopicSpec(NAME, 6, 1, (("retention.ms", "2"),))
    result = plan(topology(counted(partitions=3)), FakeReader(topics=(have,)))
    assert (result.changes, result.diagnostics) == ((), (DECREASE,))


def test_replication_factor_change_is_an_error_at_the_value_and_the_rest_is_still_planned() -> None:
    have = TopicSpec(NAME, 1, 1, (("retention.ms", "1"),))
    result = plan(topology(counted(replication_factor=3)), FakeReader(topics=(have,)))
    assert (result.changes, result.diagnostics) == (
        (
            Change(
                Verb.UPDATE,
                TOPIC,
                have,
                TopicSpec(NAME, 1, 1, (("retention.ms", "2"),)),
                Span.point("t.yaml", 5),
                project="proj",
            ),
        ),
        (REPLICATION,),
    )


def test_fewer_partitions_and_another_replication_factor_are_two_errors() -> None:
    have = TopicSpec(NAME, 6, 1, (("retention.ms", "2"),))
    topic = counted(partitions=3, replication_factor=3)
    assert plan(topology(topic), FakeReader(topics=(have,))).diagnostics == (DECREASE, REPLICATION)


def test_julieops_silently_skips_a_partition_decrease_ktb_does_so_with_the_rule_lowered() -> None:
    have = TopicSpec(NAME, 6, 1, (("retention.ms", "1"),))
    lowered = RuleSetting(severity=Severity.WARNING)
    settings = Settings(rules={"topic-partitions-decrease": lowered})
    result = plan(topology(counted(partitions=3)), FakeReader(topics=(have,)), settings)
    assert [(c.status, c.after) for c in result.changes] == [
        (Status.READY, TopicSpec(NAME, 6, 1, (("retention.ms", "2"),)))
    ]
    assert result.diagnostics == (DECREASE.with_severity(Severity.WARNING),)


def test_a_disabled_replication_factor_rule_skips_the_change_without_a_finding() -> None:
    have = TopicSpec(NAME, 1, 1, (("retention.ms", "2"),))
    settings = Settings(rules={"topic-replication-factor-change": RuleSetting(enabled=False)})
    result = plan(topology(counted(replication_factor=3)), FakeReader(topics=(have,)), settings)
    assert (result.changes, result.diagnostics) == ((), ())


def test_undeclared_topic_in_scope_is_a_blocked_deletion_by_default() -> None:
    actual = FakeReader(topics=(TopicSpec(NAME, 1, 1), TopicSpec("ctx.proj.old", 1, 1)))
    (change,) = plan(topology(Topic("orders")), actual).changes
    assert (change.verb, change.address, change.status, change.reason) == (
        Verb.DELETE,
        Address("topic", "ctx.proj.old"),
        Status.BLOCKED_BY_POLICY,
        "would delete, blocked by policy: set allow_delete.topics",
    )


def test_undeclared_topic_is_deleted_when_allowed() -> None:
    old = TopicSpec("ctx.proj.old", 2, 1)
    actual = FakeReader(topics=(TopicSpec(NAME, 1, 1), old))
    settings = Settings(allow_delete=AllowDelete(topics=True))
    assert plan(topology(Topic("orders")), actual, settings).changes == (
        Change(Verb.DELETE, Address("topic", "ctx.proj.old"), old, None),
    )


def test_topics_outside_the_scope_are_never_deleted() -> None:
    actual = FakeReader(
        topics=(TopicSpec(NAME, 1, 1), TopicSpec("other.t", 1, 1), TopicSpec("_schemas", 1, 1))
    )
    settings = Settings(allow_delete=AllowDelete(topics=True))
    assert plan(topology(Topic("orders")), actual, settings).changes == ()


def test_missing_bindings_are_created_in_sorted_order() -> None:
    actual = FakeReader(topics=(TopicSpec(NAME, 1, 1),))
    changes = plan(topology(Topic("orders"), (Consumer("User:c"),)), actual).changes
    assert [(c.verb, c.address) for c in changes] == [
        (Verb.CREATE, Address("acl", "User:c ALLOW READ on GROUP:LITERAL:* from *")),
        (Verb.CREATE, Address("acl", f"User:c ALLOW DESCRIBE on TOPIC:LITERAL:{NAME} from *")),
        (Verb.CREATE, Address("acl", f"User:c ALLOW READ on TOPIC:LITERAL:{NAME} from *")),
    ]


def test_a_created_binding_is_the_declared_binding_with_its_project() -> None:
    consumer = Consumer("User:c", span=Span.point("t.yaml", 9))
    actual = FakeReader(topics=(TopicSpec(NAME, 1, 1),))
    change = plan(topology(Topic("orders"), (consumer,)), actual).changes[0]
    binding = AclBinding(
        "User:c", AclResourceType.GROUP, "*", PatternType.LITERAL, AclOperation.READ
    )
    assert change == Change(
        Verb.CREATE,
        Address("acl", binding.address),
        None,
        binding,
        Span.point("t.yaml", 9),
        project="proj",
    )


def test_undeclared_binding_of_a_declared_principal_is_deleted_when_allowed() -> None:
    stale = read_acl("User:c", "ctx.proj.gone", AclOperation.READ)
    top = topology(Topic("orders"), (Consumer("User:c"),))
    settings = Settings(allow_delete=AllowDelete(acls=True))
    actual = FakeReader((TopicSpec(NAME, 1, 1),), (*declared_acls(top, settings), stale))
    assert plan(top, actual, settings).changes == (
        Change(Verb.DELETE, Address("acl", stale.address), stale, None),
    )


def test_undeclared_binding_deletion_is_blocked_by_default() -> None:
    stale = read_acl("User:c", "ctx.proj.gone", AclOperation.READ)
    top = topology(Topic("orders"), (Consumer("User:c"),))
    actual = FakeReader((TopicSpec(NAME, 1, 1),), (*declared_acls(top, Settings()), stale))
    (change,) = plan(top, actual).changes
    assert (change.status, change.reason) == (
        Status.BLOCKED_BY_POLICY,
        "would delete, blocked by policy: set allow_delete.acls",
    )


def test_bindings_of_undeclared_principals_are_never_read_nor_deleted() -> None:
    stranger = read_acl("User:stranger", "ctx.proj.orders", AclOperation.READ)
    top = topology(Topic("orders"), (Consumer("User:c"),))
    settings = Settings(allow_delete=AllowDelete(acls=True))
    actual = FakeReader((TopicSpec(NAME, 1, 1),), (*declared_acls(top, settings), stranger))
    assert plan(top, actual, settings).changes == ()


def test_changes_come_in_apply_order() -> None:
    actual = FakeReader(
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
    steps = [(c.kind, c.verb) for c in plan(top, actual, settings).changes]
    assert list(dict.fromkeys(steps)) == [
        ("topic", Verb.CREATE),
        ("topic", Verb.UPDATE),
        ("acl", Verb.CREATE),
        ("acl", Verb.DELETE),
        ("topic", Verb.DELETE),
    ]
