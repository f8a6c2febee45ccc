"""Every row of docs/acl-mapping.md: the bindings JulieOps generates, compiled by `compile_acls`."""

from __future__ import annotations

from ktb_action.diagnostics import Span
from ktb_action.kinds.acls.compile import compile_acls
from ktb_action.kinds.acls.values import AclBinding, AclOperation, AclResourceType, PatternType
from ktb_action.settings import Naming, Settings
from ktb_action.topology.model import (
    ConnectWorker,
    Consumer,
    ControlCenterInstance,
    Ksql,
    KsqlAccess,
    KsqlServerInstance,
    Platform,
    Producer,
    Project,
    SchemaRegistryInstance,
    StreamsApp,
    Topic,
    TopicRefs,
    Topology,
)

TOPIC = AclResourceType.TOPIC
GROUP = AclResourceType.GROUP
CLUSTER = AclResourceType.CLUSTER
TXN = AclResourceType.TRANSACTIONAL_ID
LIT = PatternType.LITERAL
PRE = PatternType.PREFIXED
Op = AclOperation
PREFIX = "ctx.src.proj."
ORDERS = "ctx.src.proj.orders"


def b(principal: str, kind: AclResourceType, name: str, pattern: PatternType, op: Op) -> AclBinding:
    return AclBinding(principal, kind, name, pattern, op)


def acls_of(
    project: Project, settings: Settings | None = None, **topology: object
) -> set[AclBinding]:
    top = Topology(context="ctx", headers=(("source", "src"),), projects=(project,), **topology)  # type: ignore[arg-type]
    return {d.value for d in compile_acls([top], settings or Settings()).values()}


def project(**fields: object) -> Project:
    return Project(name="proj", topics=(Topic("orders"),), **fields)  # type: ignore[arg-type]


def test_project_consumer_describes_and_reads_every_project_topic_in_any_group() -> None:
    assert acls_of(project(consumers=(Consumer("User:c"),))) == {
        b("User:c", TOPIC, ORDERS, LIT, Op.DESCRIBE),
        b("User:c", TOPIC, ORDERS, LIT, Op.READ),
        b("User:c", GROUP, "*", LIT, Op.READ),
    }


def test_consumer_group_ending_with_star_is_a_prefixed_group() -> None:
    acls = acls_of(project(consumers=(Consumer("User:c", group="billing*"),)))
    assert b("User:c", GROUP, "billing", PRE, Op.READ) in acls


def test_consumer_named_group_is_a_literal_group() -> None:
    acls = acls_of(project(consumers=(Consumer("User:c", group="billing"),)))
    assert b("User:c", GROUP, "billing", LIT, Op.READ) in acls


def test_project_producer_describes_and_writes_every_project_topic() -> None:
    assert acls_of(project(producers=(Producer("User:p"),))) == {
        b("User:p", TOPIC, ORDERS, LIT, Op.DESCRIBE),
        b("User:p", TOPIC, ORDERS, LIT, Op.WRITE),
    }


def test_transactional_producer_owns_its_transactional_id_and_writes_idempotently() -> None:
    acls = acls_of(project(producers=(Producer("User:p", transaction_id="tx-1"),)))
    assert acls - {
        b("User:p", TOPIC, ORDERS, LIT, Op.DESCRIBE),
        b("User:p", TOPIC, ORDERS, LIT, Op.WRITE),
    } == {
        b("User:p", TXN, "tx-1", LIT, Op.DESCRIBE),
        b("User:p", TXN, "tx-1", LIT, Op.WRITE),
        b("User:p", CLUSTER, "kafka-cluster", LIT, Op.IDEMPOTENT_WRITE),
    }


def test_transactional_id_ending_with_star_is_prefixed() -> None:
    acls = acls_of(project(producers=(Producer("User:p", transaction_id="tx*"),)))
    assert b("User:p", TXN, "tx", PRE, Op.WRITE) in acls


def test_idempotent_producer_gets_idempotent_write_on_the_cluster_only() -> None:
    acls = acls_of(project(producers=(Producer("User:p", idempotence=True),)))
    assert {a for a in acls if a.resource_type is not TOPIC} == {
        b("User:p", CLUSTER, "kafka-cluster", LIT, Op.IDEMPOTENT_WRITE)
    }


def test_producer_with_idempotence_false_gets_no_idempotent_write_unlike_julieops() -> None:
    acls = acls_of(project(producers=(Producer("User:p", idempotence=False),)))
    assert {a for a in acls if a.resource_type is not TOPIC} == set()


def test_streams_app_without_application_id_owns_the_project_prefix() -> None:
    app = StreamsApp("User:s", topics=TopicRefs(read=(ORDERS,), write=("ctx.other.out",)))
    assert acls_of(project(streams=(app,))) == {
        b("User:s", TOPIC, ORDERS, LIT, Op.READ),
        b("User:s", TOPIC, "ctx.other.out", LIT, Op.WRITE),
        b("User:s", TOPIC, PREFIX, PRE, Op.ALL),
        b("User:s", GROUP, PREFIX, PRE, Op.READ),
    }


def test_exactly_once_streams_app_owns_transactional_ids_under_its_application_id() -> None:
    app = StreamsApp("User:s", application_id="app1", exactly_once=True)
    assert acls_of(project(streams=(app,))) == {
        b("User:s", TOPIC, "app1", PRE, Op.ALL),
        b("User:s", GROUP, "app1", PRE, Op.READ),
        b("User:s", TXN, "app1", PRE, Op.WRITE),
        b("User:s", TXN, "app1", PRE, Op.DESCRIBE),
    }


def test_unknown_topic_reference_is_used_as_written() -> None:
    app = StreamsApp("User:s", application_id="a", topics=TopicRefs(read=("legacy-topic",)))
    assert b("User:s", TOPIC, "legacy-topic", LIT, Op.READ) in acls_of(project(streams=(app,)))


def test_connect_worker_gets_default_internal_topics_group_and_cluster_create() -> None:
    worker = ConnectWorker("User:k", topics=TopicRefs(read=(ORDERS,), write=(ORDERS,)))
    assert acls_of(project(connectors=(worker,))) == {
        *(
            b("User:k", TOPIC, t, LIT, op)
            for t in ("connect-status", "connect-offsets", "connect-configs")
            for op in (Op.READ, Op.WRITE)
        ),
        b("User:k", CLUSTER, "kafka-cluster", LIT, Op.CREATE),
        b("User:k", GROUP, "connect-cluster", LIT, Op.READ),
        b("User:k", TOPIC, ORDERS, LIT, Op.READ),
        b("User:k", TOPIC, ORDERS, LIT, Op.WRITE),
    }


def test_connect_worker_custom_topics_and_group_without_topic_creation() -> None:
    worker = ConnectWorker(
        "User:k", group="g", status_topic="st", offset_topic="of", configs_topic="cf"
    )
    settings = Settings(connector_allow_topic_create=False)
    acls = acls_of(project(connectors=(worker,)), settings)
    assert acls == {
        *(b("User:k", TOPIC, t, LIT, op) for t in ("st", "of", "cf") for op in (Op.READ, Op.WRITE)),
        b("User:k", GROUP, "g", LIT, Op.READ),
    }


def test_ksql_access_control_reads_writes_and_owns_the_project_prefix() -> None:
    access = KsqlAccess("User:q", topics=TopicRefs(read=(ORDERS,), write=("ctx.x",)))
    assert acls_of(project(ksql=Ksql(access_control=(access,)))) == {
        b("User:q", TOPIC, ORDERS, LIT, Op.READ),
        b("User:q", TOPIC, "ctx.x", LIT, Op.WRITE),
        b("User:q", TOPIC, PREFIX, PRE, Op.ALL),
        b("User:q", GROUP, PREFIX, PRE, Op.ALL),
    }


def test_ksql_access_control_with_application_id_owns_that_prefix() -> None:
    access = KsqlAccess("User:q", application_id="q-app")
    assert acls_of(project(ksql=Ksql(access_control=(access,)))) == {
        b("User:q", TOPIC, "q-app", PRE, Op.ALL),
        b("User:q", GROUP, "q-app", PRE, Op.ALL),
    }


def test_topic_level_consumer_and_producer_apply_to_that_topic_only() -> None:
    topic = Topic("orders", consumers=(Consumer("User:c"),), producers=(Producer("User:p"),))
    acls = acls_of(Project(name="proj", topics=(topic, Topic("other"))))
    assert {a.resource_name for a in acls if a.resource_type is TOPIC} == {ORDERS}


def test_optimized_acls_grant_project_principals_the_project_prefix() -> None:
    topic = Topic("orders", consumers=(Consumer("User:t"),))
    proj = Project(
        name="proj",
        topics=(topic,),
        consumers=(Consumer("User:c"),),
        producers=(Producer("User:p"),),
    )
    assert acls_of(proj, Settings(acls_optimized=True)) == {
        b("User:c", TOPIC, PREFIX, PRE, Op.DESCRIBE),
        b("User:c", TOPIC, PREFIX, PRE, Op.READ),
        b("User:c", GROUP, "*", LIT, Op.READ),
        b("User:p", TOPIC, PREFIX, PRE, Op.DESCRIBE),
        b("User:p", TOPIC, PREFIX, PRE, Op.WRITE),
        b("User:t", TOPIC, ORDERS, LIT, Op.DESCRIBE),
        b("User:t", TOPIC, ORDERS, LIT, Op.READ),
        b("User:t", GROUP, "*", LIT, Op.READ),
    }


def test_special_topic_keeps_its_name_for_topic_level_principals() -> None:
    special = Topic("_audit", consumers=(Consumer("User:c"),))
    acls = acls_of(Project(name="proj"), special_topics=(special,))
    assert b("User:c", TOPIC, "_audit", LIT, Op.READ) in acls


def test_schema_registry_defaults() -> None:
    platform = Platform(schema_registry=(SchemaRegistryInstance("User:sr"),))
    assert acls_of(Project(name="proj"), platform=platform) == {
        *(
            b("User:sr", TOPIC, "_schemas", LIT, op)
            for op in (Op.CREATE, Op.DESCRIBE_CONFIGS, Op.DESCRIBE, Op.WRITE, Op.READ)
        ),
        b("User:sr", TOPIC, "__consumer_offsets", LIT, Op.DESCRIBE),
        b("User:sr", GROUP, "schema-registry", LIT, Op.READ),
    }


def test_schema_registry_custom_topic_and_group() -> None:
    platform = Platform(schema_registry=(SchemaRegistryInstance("User:sr", topic="s", group="g"),))
    acls = acls_of(Project(name="proj"), platform=platform)
    assert {(a.resource_type, a.resource_name) for a in acls} == {
        (TOPIC, "s"),
        (TOPIC, "__consumer_offsets"),
        (GROUP, "g"),
    }


def test_control_center() -> None:
    platform = Platform(control_center=(ControlCenterInstance("User:cc", app_id="cc"),))
    ops = (Op.WRITE, Op.READ, Op.CREATE, Op.DESCRIBE)
    assert acls_of(Project(name="proj"), platform=platform) == {
        b("User:cc", GROUP, "cc", PRE, Op.READ),
        b("User:cc", GROUP, "cc-command", PRE, Op.READ),
        b("User:cc", GROUP, "*", LIT, Op.DESCRIBE),
        *(
            b("User:cc", TOPIC, t, LIT, op)
            for t in ("_confluent-monitoring", "_confluent-command", "_confluent-metrics")
            for op in ops
        ),
        *(b("User:cc", TOPIC, "_confluent-controlcenter", PRE, op) for op in ops),
        b("User:cc", TOPIC, "*", LIT, Op.CREATE),
        b("User:cc", CLUSTER, "kafka-cluster", LIT, Op.DESCRIBE),
        b("User:cc", CLUSTER, "kafka-cluster", LIT, Op.DESCRIBE_CONFIGS),
    }


def test_ksql_server() -> None:
    platform = Platform(ksql=(KsqlServerInstance("User:ks", ksql_db_id="db1"),))
    assert acls_of(Project(name="proj"), platform=platform) == {
        b("User:ks", CLUSTER, "kafka-cluster", LIT, Op.DESCRIBE_CONFIGS),
        b("User:ks", TOPIC, "_confluent-ksql-db1", PRE, Op.ALL),
        b("User:ks", TOPIC, "db1ksql_processing_log", LIT, Op.ALL),
        b("User:ks", GROUP, "_confluent-ksql-db1", PRE, Op.ALL),
    }


def test_custom_project_prefix_format_is_used_as_rendered() -> None:
    settings = Settings(naming=Naming(project_prefix_format="{{context}}-{{project}}"))
    acls = acls_of(project(streams=(StreamsApp("User:s"),)), settings)
    assert b("User:s", GROUP, "ctx-proj", PRE, Op.READ) in acls


def test_binding_declared_twice_is_one_binding_from_the_first_declaration() -> None:
    first, second = Span.point("a.yaml", 3), Span.point("a.yaml", 9)
    proj = project(consumers=(Consumer("User:c", span=first), Consumer("User:c", span=second)))
    top = Topology(context="ctx", headers=(("source", "src"),), projects=(proj,))
    compiled = compile_acls([top], Settings())
    groups = [
        (d.value.operation, d.source) for d in compiled.values() if d.value.resource_type is GROUP
    ]
    assert groups == [(Op.READ, first)]
    assert {d.project for d in compiled.values()} == {"proj"}
