"""Client quotas in a topology: JulieOps' entries, ktb's other entities, and every finding."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ktb_action.diagnostics import Diagnostic, Severity, Span
from ktb_action.pipeline import Reading, read_topologies
from ktb_action.settings import Settings
from ktb_action.topology.model import Quota

HEAD = 'context: "c"\nplatform:\n  kafka:\n    quotas:\n'

ValidateFiles = Callable[[dict[str, str]], Reading]


@pytest.fixture
def validate_files(tmp_path: Path) -> ValidateFiles:
    """Read `{file name: text}` as `ktb validate` does: schema check, model, rules."""

    def read(files: dict[str, str]) -> Reading:
        for name, text in files.items():
            (tmp_path / name).write_text(text, encoding="utf-8")
        return read_topologies([tmp_path], tmp_path, Settings())

    return read


def _one(reading: Reading, rule: str) -> Diagnostic:
    (found,) = [d for d in reading.diagnostics if d.rule == rule]
    return found


def _findings(
    validate_files: ValidateFiles, entries: str
) -> list[tuple[str, int, int, str, str | None]]:
    reading = validate_files({"t.yaml": HEAD + entries})
    return [
        (d.rule, d.span.line, d.span.column, d.message, d.hint)
        for d in reading.diagnostics
        if d.span is not None
    ]


def test_julieops_entry_is_a_user_quota_with_its_rates_and_positions(
    validate_files: ValidateFiles,
) -> None:
    reading = validate_files(
        {
            "t.yaml": HEAD + '      - principal: "User:App0"\n        producer_byte_rate: 1024\n'
            '        consumer_byte_rate: "2048"\n        request_percentage: 50.0\n'
        }
    )
    assert reading.diagnostics == ()
    assert reading.topologies[0].platform.quotas == (
        Quota(
            principal="User:App0",
            producer_byte_rate=1024.0,
            consumer_byte_rate=2048.0,
            request_percentage=50.0,
            span=Span("t.yaml", 5, 20, 5, 31),
            value_spans=(
                ("producer_byte_rate", Span("t.yaml", 6, 29, 6, 33)),
                ("consumer_byte_rate", Span("t.yaml", 7, 29, 7, 35)),
                ("request_percentage", Span("t.yaml", 8, 29, 8, 33)),
            ),
        ),
    )


def test_client_id_and_default_entities_fill_the_model(validate_files: ValidateFiles) -> None:
    reading = validate_files(
        {
            "t.yaml": HEAD + '      - {client_id: "app", controller_mutation_rate: 2.5}\n'
            '      - {principal: "User:a", default_client_id: true, producer_byte_rate: 1}\n'
            '      - {default_user: "true", client_id: "app", consumer_byte_rate: 1}\n'
            "      - {default_user: true, default_client_id: true, request_percentage: 200}\n"
        }
    )
    assert reading.diagnostics == ()
    assert [
        (q.principal, q.client_id, q.default_user, q.default_client_id)
        for q in reading.topologies[0].platform.quotas
    ] == [
        (None, "app", False, False),
        ("User:a", None, False, True),
        (None, "app", True, False),
        (None, None, True, True),
    ]
    assert reading.topologies[0].platform.quotas[0].controller_mutation_rate == 2.5


def test_unknown_key_names_the_known_ones_and_the_entry_then_sets_no_rate(
    validate_files: ValidateFiles,
) -> None:
    assert _findings(validate_files, '      - {principal: "User:a", producer_rate: 1}\n') == [
        (
            "quota-empty",
            5,
            21,
            "quota of `user=a` sets no rate",
            "set `producer_byte_rate`, `consumer_byte_rate`, `request_percentage` or "
            "`controller_mutation_rate`, or remove the entry",
        ),
        (
            "schema-unknown-key",
            5,
            31,
            "unknown key `producer_rate` in `quotas`",
            "did you mean `producer_byte_rate`?",
        ),
    ]


@pytest.mark.parametrize(
    ("value", "found"),
    [("-5", "the number `-5`"), ("fast", "`fast`"), ("1e3", "`1e3`")],
)
def test_negative_or_non_numeric_rate_is_a_type_finding_at_the_value(
    validate_files: ValidateFiles, value: str, found: str
) -> None:
    assert _findings(
        validate_files, f'      - principal: "User:a"\n        producer_byte_rate: {value}\n'
    ) == [
        (
            "schema-type",
            6,
            29,
            f"`producer_byte_rate` must be a positive number, found {found}",
            "write a number greater than 0, e.g. `1048576` (bytes per second) or `50` (percent)",
        )
    ]


def test_zero_rate_is_refused_at_the_value(validate_files: ValidateFiles) -> None:
    assert _findings(
        validate_files, '      - principal: "User:a"\n        request_percentage: 0\n'
    ) == [
        (
            "quota-value",
            6,
            29,
            "`request_percentage` must be greater than 0",
            "Kafka refuses a quota of 0: write a small rate (e.g. `1`), or delete the key to "
            "lift the quota",
        )
    ]


def test_fractional_byte_rate_is_refused_with_the_whole_number_to_write(
    validate_files: ValidateFiles,
) -> None:
    assert _findings(
        validate_files, '      - principal: "User:a"\n        consumer_byte_rate: 99.5\n'
    ) == [
        (
            "quota-value",
            6,
            29,
            "`consumer_byte_rate` must be a whole number of bytes per second, found `99.5`",
            "write `100`",
        )
    ]


def test_request_percentage_above_100_and_fractional_percentages_are_accepted(
    validate_files: ValidateFiles,
) -> None:
    entries = '      - {principal: "User:a", request_percentage: 250.5}\n'
    assert _findings(validate_files, entries) == []


_ENTITY_HINT = (
    "name it with `principal: User:<name>` and/or `client_id: <id>`, or `default_user: true` "
    "/ `default_client_id: true` for every user / client id without a quota of its own"
)


@pytest.mark.parametrize(
    ("entry", "column", "message", "hint"),
    [
        (
            "{producer_byte_rate: 1}",
            10,
            "quota names no user and no client id",
            _ENTITY_HINT,
        ),
        (
            '{principal: "Group:g", producer_byte_rate: 1}',
            21,
            "quota principal `Group:g` is not a user",
            "Kafka keeps quotas for users and client ids: write `User:<name>`, or use `client_id:`",
        ),
        (
            '{principal: "User:a", default_user: true, producer_byte_rate: 1}',
            21,
            "quota names the user `User:a` and the default user",
            "keep `principal` for one user, or `default_user: true` for every user without a "
            "quota of their own",
        ),
        (
            '{client_id: "x", default_client_id: true, producer_byte_rate: 1}',
            21,
            "quota names the client id `x` and the default client id",
            "keep `client_id` for one client id, or `default_client_id: true` for every client "
            "id without a quota of its own",
        ),
    ],
)
def test_entry_without_one_valid_entity_is_reported_where_it_names_it(
    validate_files: ValidateFiles, entry: str, column: int, message: str, hint: str
) -> None:
    assert _findings(validate_files, f"      - {entry}\n") == [
        ("quota-entity", 5, column, message, hint)
    ]


def test_principal_without_a_type_is_reported_once_as_principal_invalid(
    validate_files: ValidateFiles,
) -> None:
    found = _findings(validate_files, '      - {principal: "alice", producer_byte_rate: 1}\n')
    assert [rule for rule, *_ in found] == ["principal-invalid"]


def test_entity_without_a_rate_is_a_warning(validate_files: ValidateFiles) -> None:
    reading = validate_files({"t.yaml": HEAD + '      - client_id: "batch"\n'})
    found = _one(reading, "quota-empty")
    assert (found.severity, found.span, found.message) == (
        Severity.WARNING,
        Span("t.yaml", 5, 20, 5, 27),
        "quota of `client-id=batch` sets no rate",
    )


def test_same_entity_in_two_contexts_is_reported_at_the_second_naming_the_first(
    validate_files: ValidateFiles,
) -> None:
    reading = validate_files(
        {
            "a.yaml": HEAD
            + '      - {principal: "User:a", client_id: "x", producer_byte_rate: 1}\n',
            "b.yaml": HEAD.replace('"c"', '"d"')
            + '      - {client_id: "x", principal: "User:a", consumer_byte_rate: 1}\n',
        }
    )
    found = _one(reading, "quota-duplicate")
    assert (found.span, found.message, found.hint) == (
        Span("b.yaml", 5, 37, 5, 45),
        "quota of `user=a,client-id=x` is already declared at a.yaml:5:21",
        "merge the two entries into one: Kafka keeps one set of quotas per entity",
    )


def test_a_user_and_that_user_with_a_client_id_are_different_entities(
    validate_files: ValidateFiles,
) -> None:
    entries = (
        '      - {principal: "User:a", producer_byte_rate: 1}\n'
        '      - {principal: "User:a", client_id: "x", producer_byte_rate: 1}\n'
        '      - {principal: "User:a", default_client_id: true, producer_byte_rate: 1}\n'
    )
    assert _findings(validate_files, entries) == []
