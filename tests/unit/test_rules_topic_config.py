"""Rules about topic configs: real keys, valid values, partitions, replicas, min.insync."""

from __future__ import annotations

import pytest

from ktb_action.diagnostics import Severity
from ktb_action.settings import Settings
from tests.unit.conftest import ReadFiles

HEAD = 'context: "c"\nprojects:\n  - name: "p"\n    topics:\n      - name: "t"\n'


def _config(*lines: str) -> str:
    return HEAD + "        config:\n" + "".join(f"          {line}\n" for line in lines)


@pytest.mark.parametrize(
    ("line", "severity", "message", "hint"),
    [
        (
            'retention.msec: "1"',
            Severity.ERROR,
            "unknown topic config `retention.msec`",
            "did you mean `retention.ms`?",
        ),
        (
            'confluent.placement.constraints: "{}"',
            Severity.WARNING,
            "`confluent.placement.constraints` is a Confluent Server config",
            "Apache Kafka brokers refuse it; ignore this if your cluster is Confluent",
        ),
        (
            'message.format.version: "3.0"',
            Severity.ERROR,
            "topic config `message.format.version` removed in Kafka 4.0 "
            "(message formats v0 and v1 are gone)",
            None,
        ),
    ],
)
def test_config_that_is_not_a_kafka_topic_config_is_reported_at_its_key(
    read_files: ReadFiles, line: str, severity: Severity, message: str, hint: str | None
) -> None:
    reading = read_files({"t.yaml": _config(line)})
    found = reading.one("topic-config-unknown")
    assert (found.severity, found.span.line, found.span.column, found.message, found.hint) == (
        severity,
        7,
        11,
        message,
        hint,
    )


def test_unknown_config_from_a_plan_is_reported_once_at_the_plan(read_files: ReadFiles) -> None:
    plans = 'plans:\n  gold:\n    config:\n      foo: "bar"\n'
    topics = HEAD + '        plan: "gold"\n      - name: "u"\n        plan: "gold"\n'
    reading = read_files({"plans.yaml": plans, "t.yaml": topics}, Settings(plans_file="plans.yaml"))
    assert sorted(set(reading.found("topic-config-unknown"))) == [
        ("topic-config-unknown", "plans.yaml", 4, 7)
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            'retention.ms: "forever"',
            "invalid value `forever` for `retention.ms`: expected an integer (long)",
        ),
        ('retention.ms: "-2"', "invalid value `-2` for `retention.ms`: expected a value in [-1,…]"),
        (
            'segment.bytes: "1024"',
            "invalid value `1024` for `segment.bytes`: expected a value in [1048576,…]",
        ),
        (
            'max.message.bytes: "3000000000"',
            "invalid value `3000000000` for `max.message.bytes`: out of range for a Java int",
        ),
        (
            'min.cleanable.dirty.ratio: "1.5"',
            "invalid value `1.5` for `min.cleanable.dirty.ratio`: expected a value in [0,…,1]",
        ),
        ('preallocate: "yes"', "invalid value `yes` for `preallocate`: expected `true` or `false`"),
        (
            'cleanup.policy: "compact,remove"',
            "invalid value `compact,remove` for `cleanup.policy`: "
            "`remove` is not one of `compact`, `delete` (comma-separated)",
        ),
        (
            'compression.type: "brotli"',
            "invalid value `brotli` for `compression.type`: expected one of "
            "`uncompressed`, `zstd`, `lz4`, `snappy`, `gzip`, `producer`",
        ),
        (
            'message.timestamp.type: "createtime"',
            "invalid value `createtime` for `message.timestamp.type`: "
            "expected one of `CreateTime`, `LogAppendTime`",
        ),
        (
            'compression.gzip.level: "0"',
            "invalid value `0` for `compression.gzip.level`: expected a value in [1,…,9] or -1",
        ),
        (
            'leader.replication.throttled.replicas: "0-1"',
            "invalid value `0-1` for `leader.replication.throttled.replicas`: "
            "expected `*` or a list of `partition:broker` pairs",
        ),
    ],
)
def test_config_value_kafka_refuses_is_reported_at_its_key(
    read_files: ReadFiles, line: str, message: str
) -> None:
    reading = read_files({"t.yaml": _config(line)})
    found = reading.one("topic-config-value")
    assert (found.span.line, found.span.column, found.message) == (7, 11, message)


def test_misspelt_choice_suggests_the_closest_allowed_value(read_files: ReadFiles) -> None:
    reading = read_files({"t.yaml": _config('cleanup.policy: "delet"')})
    assert reading.one("topic-config-value").hint == "did you mean `delete`?"


@pytest.mark.parametrize(
    "line",
    [
        'cleanup.policy: "delete, compact"',
        "preallocate: TRUE",
        'compression.gzip.level: "-1"',
        'follower.replication.throttled.replicas: "0:1,1:2"',
        'retention.ms: "-1"',
        'min.cleanable.dirty.ratio: "0.1"',
    ],
)
def test_config_value_kafka_accepts_gives_no_finding(read_files: ReadFiles, line: str) -> None:
    reading = read_files({"t.yaml": _config(line)})
    assert reading.found("topic-config-value") == []


def test_zero_partitions_is_an_error_at_the_count(read_files: ReadFiles) -> None:
    reading = read_files({"t.yaml": _config('num.partitions: "0"')})
    assert reading.found("topic-partitions") == [("topic-partitions", "t.yaml", 7, 11)]


def test_zero_replication_factor_is_an_error_at_the_factor(read_files: ReadFiles) -> None:
    reading = read_files({"t.yaml": HEAD + "        replication.factor: 0\n"})
    assert reading.found("topic-replication-factor") == [
        ("topic-replication-factor", "t.yaml", 6, 29)
    ]


@pytest.mark.parametrize(("min_insync", "found"), [("3", 1), ("2", 0)])
def test_min_insync_replicas_above_the_replication_factor_is_an_error(
    read_files: ReadFiles, min_insync: str, found: int
) -> None:
    text = _config('replication.factor: "2"', f'min.insync.replicas: "{min_insync}"')
    reading = read_files({"t.yaml": text})
    assert (
        reading.found("topic-min-insync-replicas")
        == [("topic-min-insync-replicas", "t.yaml", 8, 11)] * found
    )
