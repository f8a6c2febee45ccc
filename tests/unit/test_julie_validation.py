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
