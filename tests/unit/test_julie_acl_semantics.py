"""Where JulieOps' ACL builder reads a descriptor differently from the plain mapping: each
test is named for the JulieOps behaviour it matches (kafka-ops/julie `AclsBindingsBuilder`,
`KSqlAppAclBindingsBuilder`, the `SchemaRegistryInstance` model, `Configuration`). Files go
through loading, building and the rules, then `compile_acls`, as a plan does."""

from __future__ import annotations

from pathlib import Path

from ktb_action.config.load import load_settings
from ktb_action.kinds.acls.compile import compile_acls
from ktb_action.kinds.acls.values import AclBinding, AclOperation, AclResourceType, PatternType
from ktb_action.settings import Settings
from tests.unit.conftest import ReadFiles, schema_findings

TOPIC = AclResourceType.TOPIC
GROUP = AclResourceType.GROUP
LIT = PatternType.LITERAL
PRE = PatternType.PREFIXED
Op = AclOperation


def bindings_of(
    read_files: ReadFiles, text: str, settings: Settings | None = None
) -> set[AclBinding]:
    """The bindings one topology file grants, read as `ktb plan` reads it."""
    settings = settings or Settings()
    reading = read_files({"t.yaml": text}, settings)
    return {d.value for d in compile_acls(reading.topologies, settings).values()}


KSQL_WITH_APPLICATION_ID = """\
context: "ctx"
projects:
  - name: "p"
    ksql:
      access_control:
        - principal: "User:q"
          applicationId: "ksql-app"
          topics:
            read: ["ctx.p.in"]
            write: ["ctx.p.out"]
    topics:
      - name: "in"
      - name: "out"
"""


def test_ksql_application_id_prefixes_its_bindings_as_julieops_does(
    read_files: ReadFiles,
) -> None:
    assert bindings_of(read_files, KSQL_WITH_APPLICATION_ID) == {
        AclBinding("User:q", TOPIC, "ctx.p.in", LIT, Op.READ),
        AclBinding("User:q", TOPIC, "ctx.p.out", LIT, Op.WRITE),
        AclBinding("User:q", TOPIC, "ksql-app", PRE, Op.ALL),
        AclBinding("User:q", GROUP, "ksql-app", PRE, Op.ALL),
    }


def test_ksql_without_application_id_owns_the_project_prefix_as_julieops_does(
    read_files: ReadFiles,
) -> None:
    text = KSQL_WITH_APPLICATION_ID.replace('          applicationId: "ksql-app"\n', "")
    assert bindings_of(read_files, text) == {
        AclBinding("User:q", TOPIC, "ctx.p.in", LIT, Op.READ),
        AclBinding("User:q", TOPIC, "ctx.p.out", LIT, Op.WRITE),
        AclBinding("User:q", TOPIC, "ctx.p.", PRE, Op.ALL),
        AclBinding("User:q", GROUP, "ctx.p.", PRE, Op.ALL),
    }


def test_schema_accepts_a_ksql_application_id() -> None:
    assert schema_findings(KSQL_WITH_APPLICATION_ID) == []


APPLICATIONS_WITH_SHORT_NAMES = """\
context: "ctx"
projects:
  - name: "p"
    streams:
      - principal: "User:s"
        applicationId: "s-app"
        topics:
          read: ["in"]
    connectors:
      access_control:
        - principal: "User:k"
          topics:
            write: ["in"]
    ksql:
      access_control:
        - principal: "User:q"
          applicationId: "q-app"
          topics:
            read: ["ctx.p.in"]
            write: ["bar.avro"]
    topics:
      - name: "in"
      - name: "bar"
        dataType: "avro"
"""


def test_application_topics_are_granted_as_written_as_julieops_does(
    read_files: ReadFiles,
) -> None:
    granted = {
        (b.principal, b.resource_name, b.operation)
        for b in bindings_of(read_files, APPLICATIONS_WITH_SHORT_NAMES)
        if (b.resource_type, b.pattern_type) == (TOPIC, LIT) and b.principal in {"User:s", "User:q"}
    }
    assert granted == {
        ("User:s", "in", Op.READ),
        ("User:q", "ctx.p.in", Op.READ),
        ("User:q", "bar.avro", Op.WRITE),
    }


def test_project_topic_short_name_is_a_warning_at_its_line_with_the_full_name_as_hint(
    read_files: ReadFiles,
) -> None:
    reading = read_files({"t.yaml": APPLICATIONS_WITH_SHORT_NAMES})
    found = [
        (d.severity.value, d.span.line if d.span else 0, d.message, d.hint)
        for d in reading.diagnostics
        if d.rule == "topic-ref-short-name"
    ]
    assert found == [
        (
            "warning",
            8,
            "streams application `User:s` is granted topic `in` as written, "
            "not the project's topic `ctx.p.in`",
            "write the full name `ctx.p.in`",
        ),
        (
            "warning",
            13,
            "connector `User:k` is granted topic `in` as written, not the project's topic "
            "`ctx.p.in`",
            "write the full name `ctx.p.in`",
        ),
        (
            "warning",
            20,
            "ksqlDB principal `User:q` is granted topic `bar.avro` as written, not the "
            "project's topic `ctx.p.bar.avro`",
            "write the full name `ctx.p.bar.avro`",
        ),
    ]


def test_short_name_that_is_a_declared_topics_full_name_is_no_warning(
    read_files: ReadFiles,
) -> None:
    text = APPLICATIONS_WITH_SHORT_NAMES + 'special_topics:\n  - name: "in"\n'
    reading = read_files({"t.yaml": text})
    assert [
        d.span.line if d.span else 0
        for d in reading.diagnostics
        if d.rule == "topic-ref-short-name"
    ] == [20]


PLATFORM = """\
context: "ctx"
platform:
  schema_registry:
    instances:
      - principal: "User:sr"
        consumer_offsets_topic: "offsets-mirror"
  control_center:
    instances:
      - principal: "User:cc"
        appId: "c3"
"""


def test_schema_registry_consumer_offsets_topic_is_the_one_described_as_julieops_does(
    read_files: ReadFiles,
) -> None:
    described = {
        b.resource_name
        for b in bindings_of(read_files, PLATFORM)
        if (b.principal, b.resource_type, b.operation) == ("User:sr", TOPIC, Op.DESCRIBE)
    }
    assert described == {"_schemas", "offsets-mirror"}


def test_schema_accepts_a_schema_registry_consumer_offsets_topic() -> None:
    assert schema_findings(PLATFORM) == []


CONTROL_CENTER_PROPERTIES = """\
confluent.monitoring.topic = c3-monitoring
confluent.command.topic = c3-command
confluent.metrics.topic = c3-metrics
"""


def control_center_topics(read_files: ReadFiles, settings: Settings) -> set[str]:
    """The literal topics Control Center's principal may write."""
    return {
        b.resource_name
        for b in bindings_of(read_files, PLATFORM, settings)
        if (b.principal, b.pattern_type, b.operation) == ("User:cc", LIT, Op.WRITE)
    }


def test_control_center_topics_are_the_confluent_properties_as_julieops_reads_them(
    read_files: ReadFiles, tmp_path: Path
) -> None:
    (tmp_path / "julie.properties").write_text(CONTROL_CENTER_PROPERTIES)
    settings, found = load_settings(tmp_path / "julie.properties", tmp_path)
    assert found == []
    assert control_center_topics(read_files, settings) == {
        "c3-monitoring",
        "c3-command",
        "c3-metrics",
    }


def test_control_center_topics_in_ktb_yaml_are_the_same_settings(tmp_path: Path) -> None:
    (tmp_path / "ktb.yaml").write_text(
        "control_center:\n  monitoring_topic: c3-monitoring\n  command_topic: c3-command\n"
        "  metrics_topic: c3-metrics\n"
    )
    (tmp_path / "julie.properties").write_text(CONTROL_CENTER_PROPERTIES)
    from_yaml, _ = load_settings(None, tmp_path)
    from_properties, _ = load_settings(tmp_path / "julie.properties", tmp_path)
    assert from_yaml.control_center_topics == from_properties.control_center_topics


def test_control_center_topics_default_to_julieops_defaults(read_files: ReadFiles) -> None:
    assert control_center_topics(read_files, Settings()) == {
        "_confluent-monitoring",
        "_confluent-command",
        "_confluent-metrics",
    }
