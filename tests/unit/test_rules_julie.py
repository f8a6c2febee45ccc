"""The JulieOps validations: off by default, same checks and parameters when configured."""

from __future__ import annotations

from typing import Any

import pytest

from ktb_action.diagnostics import Span
from ktb_action.settings import RuleSetting, Settings
from tests.unit.conftest import ReadFiles

TOPIC = """\
context: "c"
projects:
  - name: "p"
    topics:
      - name: "orders"
        config:
          num.partitions: "2"
          replication.factor: "3"
          min.insync.replicas: "3"
"""


def _with(rule: str, **params: Any) -> Settings:
    return Settings(
        rules={rule: RuleSetting(params=params)},
        key_spans={f"rules.{rule}": Span("k.yaml", 9, 3, 9, 9)},
    )


@pytest.mark.parametrize(
    "rule",
    [
        "julie-topic-name-regex",
        "julie-partition-number",
        "julie-replication-factor",
        "julie-min-insync-replicas",
        "julie-camel-case",
    ],
)
def test_julie_validations_are_off_unless_configured(read_files: ReadFiles, rule: str) -> None:
    assert read_files({"t.yaml": TOPIC}).found(rule) == []


@pytest.mark.parametrize(
    ("params", "found"),
    [
        ({"regex": "[a-z]+"}, []),
        ({"regex": "[A-Z]+"}, [("julie-topic-name-regex", "t.yaml", 5, 15)]),
        ({"regex": "c\\.p\\.[a-z]+", "match": "full"}, []),
    ],
)
def test_topic_name_regex_matches_the_whole_name(
    read_files: ReadFiles, params: dict[str, str], found: list[tuple[str, str, int, int]]
) -> None:
    reading = read_files({"t.yaml": TOPIC}, _with("julie-topic-name-regex", **params))
    assert reading.found("julie-topic-name-regex") == found


@pytest.mark.parametrize(
    ("operator", "value", "count"),
    [("gte", 3, 1), ("lt", 3, 0), ("eq", 2, 0), ("ne", 2, 1), ("gt", 1, 0), ("lte", 1, 1)],
)
def test_partition_number_compares_the_count_with_the_operator(
    read_files: ReadFiles, operator: str, value: int, count: int
) -> None:
    settings = _with("julie-partition-number", operator=operator, value=value)
    reading = read_files({"t.yaml": TOPIC}, settings)
    assert (
        reading.found("julie-partition-number")
        == [("julie-partition-number", "t.yaml", 7, 11)] * count
    )


def test_replication_factor_compares_the_factor_with_the_operator(read_files: ReadFiles) -> None:
    settings = _with("julie-replication-factor", operator="eq", value=2)
    reading = read_files({"t.yaml": TOPIC}, settings)
    assert reading.one("julie-replication-factor").message == (
        "topic `c.p.orders` has a replication factor of 3; the rule wants = 2"
    )


def test_partition_number_listed_without_parameters_takes_julieops_default_gte_3(
    read_files: ReadFiles,
) -> None:
    reading = read_files({"t.yaml": TOPIC}, _with("julie-partition-number"))
    assert reading.one("julie-partition-number").message == (
        "topic `c.p.orders` has 2 partitions; the rule wants >= 3"
    )


def test_replication_factor_listed_without_value_is_a_settings_error_as_in_julieops(
    read_files: ReadFiles,
) -> None:
    reading = read_files({"t.yaml": TOPIC}, _with("julie-replication-factor"))
    found = reading.one("settings-invalid")
    assert (found.span, found.message, found.hint) == (
        Span("k.yaml", 9, 3, 9, 9),
        "rule `julie-replication-factor` needs an integer `value`",
        "set `value` to the replication factor to compare with (JulieOps has no default for it)",
    )


def test_replication_factor_with_only_a_value_takes_julieops_default_operator_ne(
    read_files: ReadFiles,
) -> None:
    reading = read_files({"t.yaml": TOPIC}, _with("julie-replication-factor", value=3))
    assert reading.one("julie-replication-factor").message == (
        "topic `c.p.orders` has a replication factor of 3; the rule wants != 3"
    )


def test_comparison_rule_with_an_unknown_operator_is_a_settings_error(
    read_files: ReadFiles,
) -> None:
    reading = read_files({"t.yaml": TOPIC}, _with("julie-partition-number", operator="ge"))
    assert reading.one("settings-invalid").message == (
        "rule `julie-partition-number` has an unknown `operator` `ge`"
    )


def test_regex_rule_with_a_broken_regex_is_a_settings_error(read_files: ReadFiles) -> None:
    reading = read_files({"t.yaml": TOPIC}, _with("julie-topic-name-regex", regex="("))
    assert reading.one("settings-invalid").message.startswith(
        "rule `julie-topic-name-regex` has an invalid `regex`"
    )


def test_min_insync_replicas_must_leave_one_replica_spare(read_files: ReadFiles) -> None:
    reading = read_files({"t.yaml": TOPIC}, _with("julie-min-insync-replicas"))
    assert reading.found("julie-min-insync-replicas") == [
        ("julie-min-insync-replicas", "t.yaml", 9, 11)
    ]


def test_camel_case_checks_context_project_and_topic_names(read_files: ReadFiles) -> None:
    text = (
        'context: "myCtx"\nprojects:\n  - name: "payments"\n'
        '    topics:\n      - name: "orderEvents"\n'
    )
    reading = read_files({"t.yaml": text}, _with("julie-camel-case"))
    assert reading.found("julie-camel-case") == [("julie-camel-case", "t.yaml", 3, 11)]
