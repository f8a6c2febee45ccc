"""The checks JulieOps makes while parsing a descriptor, made by `ktb validate` too: each test
is named for the JulieOps behaviour it matches (kafka-ops/julie, `TopicCustomDeserializer`,
`TopologyCustomDeserializer`)."""

from __future__ import annotations

from pathlib import Path

from ktb_action.diagnostics import Severity
from ktb_action.kinds.topics.compile import compile_topics
from ktb_action.pipeline import Reading, read_topologies
from ktb_action.settings import RuleSetting, Settings


def _read(tmp_path: Path, text: str, settings: Settings | None = None) -> Reading:
    (tmp_path / "topology.yaml").write_text(text, encoding="utf-8")
    return read_topologies([tmp_path / "topology.yaml"], tmp_path, settings or Settings())


def _findings(reading: Reading) -> list[tuple[str, Severity, int, int, str, str | None]]:
    return [
        (
            d.rule,
            d.severity,
            d.span.line if d.span else 0,
            d.span.column if d.span else 0,
            d.message,
            d.hint,
        )
        for d in reading.diagnostics
    ]


def test_julieops_takes_a_numeric_header_value_as_a_name_part(tmp_path: Path) -> None:
    reading = _read(
        tmp_path,
        'context: "ctx"\nversion: 2\nprojects:\n  - name: "p"\n    topics:\n      - name: "t"\n',
    )
    assert _findings(reading) == []
    assert list(compile_topics(reading.topologies, Settings())) == ["ctx.2.p.t"]


def test_a_boolean_header_value_is_refused_where_julieops_would_name_topics_false(
    tmp_path: Path,
) -> None:
    reading = _read(tmp_path, 'context: "ctx"\nenv: no\nprojects: []\n')
    assert [(rule, line, column) for rule, _, line, column, *_ in _findings(reading)] == [
        ("schema-type", 2, 6)
    ]


TOPIC_CONFIG = (
    'context: "ctx"\nprojects:\n  - name: "p"\n    topics:\n      - name: "t"\n'
    '        config:\n          {key}: "1"\n'
)


def test_an_unknown_topic_config_julieops_passes_to_kafka_is_an_error_kafka_would_give(
    tmp_path: Path,
) -> None:
    reading = _read(tmp_path, TOPIC_CONFIG.format(key="retention.msec"))
    assert _findings(reading) == [
        (
            "topic-config-unknown",
            Severity.ERROR,
            7,
            11,
            "unknown topic config `retention.msec`",
            "did you mean `retention.ms`?",
        )
    ]


def test_a_confluent_topic_config_julieops_passes_to_confluent_server_stays_a_warning(
    tmp_path: Path,
) -> None:
    reading = _read(tmp_path, TOPIC_CONFIG.format(key="confluent.tier.local.hotset.ms"))
    assert [(rule, severity) for rule, severity, *_ in _findings(reading)] == [
        ("topic-config-unknown", Severity.WARNING)
    ]


def test_unknown_topic_configs_lowered_to_a_warning_pass_as_julieops_passes_them(
    tmp_path: Path,
) -> None:
    lowered = Settings(rules={"topic-config-unknown": RuleSetting(severity=Severity.WARNING)})
    reading = _read(tmp_path, TOPIC_CONFIG.format(key="retention.msec"), lowered)
    assert [(rule, severity) for rule, severity, *_ in _findings(reading)] == [
        ("topic-config-unknown", Severity.WARNING)
    ]


SCHEMAS = (
    'context: "ctx"\nprojects:\n  - name: "p"\n    topics:\n      - name: "t"\n'
    "{strategy}        schemas:\n{entries}"
)


def _schemas(tmp_path: Path, entries: str, strategy: str | None = None) -> Reading:
    for name in ("key.avsc", "value.avsc", "other.avsc"):
        (tmp_path / name).write_text('{"type": "string"}', encoding="utf-8")
    line = f'        subject.name.strategy: "{strategy}"\n' if strategy else ""
    return _read(tmp_path, SCHEMAS.format(strategy=line, entries=entries))


def test_julieops_requires_value_schema_file_in_every_schemas_entry(tmp_path: Path) -> None:
    reading = _schemas(tmp_path, '          key.schema.file: "key.avsc"\n')
    assert _findings(reading) == [
        (
            "schema-required",
            Severity.ERROR,
            7,
            11,
            "missing required key `value.schema.file` in `schemas`",
            "add `value.schema.file:`",
        )
    ]


def test_julieops_requires_a_record_type_with_a_strategy_other_than_topic_name(
    tmp_path: Path,
) -> None:
    reading = _schemas(
        tmp_path,
        '          - key.schema.file: "key.avsc"\n'
        '            value.schema.file: "value.avsc"\n'
        '            value.record.type: "com.acme.Order"\n',
        "TopicRecordNameStrategy",
    )
    assert _findings(reading) == [
        (
            "subject-record-type-missing",
            Severity.ERROR,
            8,
            30,
            "`key.record.type` is missing: with TopicRecordNameStrategy it names the subject "
            "of `key.avsc`",
            "add `key.record.type:` with the schema's full record name (e.g. `com.acme.Order`)",
        )
    ]


def test_julieops_takes_several_schemas_with_their_record_types_under_record_name_strategy(
    tmp_path: Path,
) -> None:
    reading = _schemas(
        tmp_path,
        '          - value.schema.file: "value.avsc"\n'
        '            value.record.type: "com.acme.Order"\n'
        '          - value.schema.file: "other.avsc"\n'
        '            value.record.type: "com.acme.Refund"\n',
        "RecordNameStrategy",
    )
    assert _findings(reading) == []


def test_julieops_refuses_topic_name_strategy_with_more_than_one_schema(tmp_path: Path) -> None:
    reading = _schemas(
        tmp_path,
        '          - value.schema.file: "value.avsc"\n'
        '          - value.schema.file: "other.avsc"\n',
    )
    assert _findings(reading) == [
        (
            "subject-strategy-multiple-schemas",
            Severity.ERROR,
            8,
            13,
            "topic `ctx.p.t` has 2 schemas, but with TopicNameStrategy it has one key and one "
            "value subject",
            "keep one schema, or set `subject.name.strategy: TopicRecordNameStrategy` (or "
            "`RecordNameStrategy`) and give each schema its `value.record.type`",
        )
    ]


ARTEFACT = (
    'context: "ctx"\nprojects:\n  - name: "p"\n    topics:\n      - name: "t"\n'
    "    connectors:\n      artefacts:\n"
    '        - path: "c.json"\n          name: "c"\n          server: "{label}"\n'
)
CLUSTERS = ("dev:http://connect-dev:8083", "dwh:http://connect-dwh:8083")


def _artefact(tmp_path: Path, label: str) -> Reading:
    (tmp_path / "c.json").write_text('{"config": {}}', encoding="utf-8")
    return _read(tmp_path, ARTEFACT.format(label=label), Settings(connect_clusters=CLUSTERS))


def test_julieops_refuses_a_connector_label_missing_from_platform_servers_connect(
    tmp_path: Path,
) -> None:
    reading = _artefact(tmp_path, "prod")
    assert _findings(reading) == [
        (
            "connector-cluster",
            Severity.ERROR,
            10,
            19,
            "connector artefact `c.json` names the Connect cluster `prod`, which "
            "`connect.clusters` does not define",
            "known labels: `dev`, `dwh`",
        )
    ]


def test_a_misspelt_connector_label_gets_a_did_you_mean_beside_the_known_labels(
    tmp_path: Path,
) -> None:
    reading = _artefact(tmp_path, "dwj")
    assert [hint for *_, hint in _findings(reading)] == [
        "did you mean `dwh`? (known labels: `dev`, `dwh`)"
    ]


def test_julieops_takes_a_connector_label_of_platform_servers_connect(tmp_path: Path) -> None:
    reading = _artefact(tmp_path, "dwh")
    assert _findings(reading) == []
