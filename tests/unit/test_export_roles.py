"""ACL bindings turned back into roles: compiling the exported files gives exactly the
bindings read, with roles where the mapping fits and `platform.kafka.acls` for the rest."""

from __future__ import annotations

from pathlib import Path

from ktb_action.export.connectors import PlacedConnectors
from ktb_action.export.document import context_documents, platform_document
from ktb_action.export.layout import lay_out
from ktb_action.export.run import PLATFORM_FILE, best_grants
from ktb_action.export.schemas import PlacedSchemas
from ktb_action.export.write import settings_document, write_export
from ktb_action.kinds.acls import mapping
from ktb_action.kinds.acls.compile import compile_acls
from ktb_action.kinds.acls.values import AclBinding, AclOperation, AclResourceType, PatternType
from ktb_action.kinds.topics.compile import compile_topics
from ktb_action.kinds.topics.values import TopicSpec
from ktb_action.pipeline import load_topologies
from ktb_action.topology.model import (
    ConnectWorker,
    Consumer,
    ControlCenterInstance,
    KsqlServerInstance,
    Producer,
    SchemaRegistryInstance,
)

LIT, PRE = PatternType.LITERAL, PatternType.PREFIXED
TOPICS = ("sales.orders.created", "sales.orders.paid", "sales.billing.invoices", "audit-log")


def _topics() -> list[TopicSpec]:
    return [TopicSpec(name, 3, 1, (("retention.ms", "1000"),)) for name in TOPICS]


def _every_role_shape() -> set[AclBinding]:
    bindings = [
        *mapping.consumer(Consumer("User:reader", "readers"), TOPICS[0], LIT),
        *mapping.consumer(Consumer("User:reader", "readers"), TOPICS[1], LIT),
        *mapping.consumer(Consumer("User:wild", "app-*"), TOPICS[2], LIT),
        *mapping.consumer(Consumer("User:star", "*"), TOPICS[3], LIT),
        *mapping.producer(Producer("User:tx", "tx-*"), TOPICS[0], LIT),
        *mapping.producer(Producer("User:idem", idempotence=True), TOPICS[1], LIT),
        *mapping.producer(Producer("User:plain"), TOPICS[2], LIT),
        *mapping.streams(
            "User:app", "sales.app", [TOPICS[0]], [TOPICS[1]], exactly_once=True, source=None
        ),
        *mapping.connect(
            ConnectWorker(
                "User:connect",
                group="cg",
                status_topic="c-status",
                offset_topic="c-offsets",
                configs_topic="c-configs",
            ),
            (),
            (TOPICS[3],),
            allow_topic_create=True,
        ),
        *mapping.schema_registry(SchemaRegistryInstance("User:sr")),
        *mapping.control_center(ControlCenterInstance("User:c3", "c3")),
        *mapping.ksql_server(KsqlServerInstance("User:ksql", "k1")),
    ]
    return set(bindings)


ODD = {
    AclBinding("User:odd", AclResourceType.TOPIC, "sales.", PRE, AclOperation.ALTER),
    AclBinding("User:odd", AclResourceType.GROUP, "g", LIT, AclOperation.DELETE),
    AclBinding("User:reader", AclResourceType.TOPIC, "missing-topic", LIT, AclOperation.READ),
    AclBinding(
        "User:host", AclResourceType.TOPIC, TOPICS[0], LIT, AclOperation.READ, host="10.0.0.1"
    ),
}


def _export_and_compile(
    tmp_path: Path, bindings: set[AclBinding]
) -> tuple[set[AclBinding], set[str]]:
    layout = lay_out(_topics(), ".", None)
    allow, grants = best_grants(sorted(bindings), frozenset(TOPICS))
    documents = context_documents(layout, grants, PlacedSchemas(), "the test")
    documents[PLATFORM_FILE] = platform_document(
        layout, grants, {}, {}, connectors=PlacedConnectors(), origin="the test"
    )
    write_export(tmp_path, documents, settings_document(".", allow_topic_create=allow))
    loaded = load_topologies([], tmp_path, None)
    assert [d.message for d in loaded.diagnostics if d.severity.name == "ERROR"] == []
    topologies = loaded.reading.topologies
    acls = compile_acls(topologies, loaded.settings)
    topics = compile_topics(topologies, loaded.settings)
    return {d.value for d in acls.values()}, set(topics)


def test_compiling_the_exported_roles_gives_exactly_the_bindings_read(tmp_path: Path) -> None:
    bindings = _every_role_shape() | ODD

    compiled, topics = _export_and_compile(tmp_path, bindings)

    assert compiled == bindings
    assert topics == set(TOPICS)


def test_every_role_shape_is_written_as_its_role_and_only_odd_bindings_as_acls() -> None:
    _, grants = best_grants(sorted(_every_role_shape() | ODD), frozenset(TOPICS))

    assert {(e.principal, e.resource_name) for e in grants.unmatched} == {
        ("User:odd", "sales."),
        ("User:odd", "g"),
        ("User:reader", "missing-topic"),
        ("User:host", TOPICS[0]),
    }
    assert [c.principal for c in grants.connectors] == ["User:connect"]
    assert [(s.principal, s.application_id, s.exactly_once) for s in grants.streams] == [
        ("User:app", "sales.app", True)
    ]
    assert grants.consumers[TOPICS[2]] == [Consumer("User:wild", "app-*")]
    assert grants.producers[TOPICS[0]] == [Producer("User:tx", "tx-*")]
    assert [r.principal for r in grants.schema_registry] == ["User:sr"]
    assert [c.app_id for c in grants.control_center] == ["c3"]
    assert [k.ksql_db_id for k in grants.ksql] == ["k1"]


def test_a_second_export_of_the_same_cluster_writes_identical_files(tmp_path: Path) -> None:
    _export_and_compile(tmp_path / "one", _every_role_shape() | ODD)
    _export_and_compile(tmp_path / "two", _every_role_shape() | ODD)

    one = {
        p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*.yaml")
    }
    two = {
        p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*.yaml")
    }
    assert one == two
    assert sorted(map(str, one)) == ["ktb.yaml", "topology/_platform.yaml", "topology/sales.yaml"]
