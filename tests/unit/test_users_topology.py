"""SCRAM users in the topology (`platform.kafka.users`): what the model keeps, and the
findings of the schema and the `user-*` rules, each at the place it is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from ktb_action.commands.validate import OutputFormat, render
from ktb_action.diagnostics import Span
from ktb_action.pipeline import load_topologies
from ktb_action.topology.model import PasswordRef, ScramUser
from tests.unit.conftest import ReadFiles, schema_findings

HEAD = 'context: "c"\nplatform:\n  kafka:\n    users:\n'
LITERAL = "s3cret-Passw0rd"


def _users(*entries: str) -> str:
    return HEAD + "".join(entries)


def _entry(principal: str = "User:alice", password: str = "${env:ALICE}", extra: str = "") -> str:
    return f'      - principal: "{principal}"\n        password: "{password}"\n{extra}'


def test_a_user_keeps_its_mechanisms_iterations_reference_rotation_token_and_spans(
    read_files: ReadFiles,
) -> None:
    extra = (
        "        mechanism: [SCRAM-SHA-256, SCRAM-SHA-512]\n"
        "        iterations: 8192\n"
        "        password_version: 2\n"
    )
    reading = read_files({"teams/users.yaml": _users(_entry(extra=extra))})
    assert reading.diagnostics == []
    assert reading.topologies[0].platform.users == (
        ScramUser(
            "User:alice",
            mechanisms=("SCRAM-SHA-256", "SCRAM-SHA-512"),
            iterations="8192",
            password=PasswordRef("env", "ALICE"),
            password_version="2",
            span=Span("teams/users.yaml", 5, 20, 5, 32),
            mechanism_spans=(
                Span("teams/users.yaml", 7, 21, 7, 34),
                Span("teams/users.yaml", 7, 36, 7, 49),
            ),
            iterations_span=Span("teams/users.yaml", 8, 21, 8, 25),
            password_span=Span("teams/users.yaml", 6, 19, 6, 33),
        ),
    )


def test_one_mechanism_may_be_written_without_a_list(read_files: ReadFiles) -> None:
    reading = read_files({"u.yaml": _users(_entry(extra="        mechanism: SCRAM-SHA-256\n"))})
    assert reading.topologies[0].platform.users[0].mechanisms == ("SCRAM-SHA-256",)


def test_a_file_reference_is_relative_to_the_topology_file_s_directory(
    read_files: ReadFiles,
) -> None:
    reading = read_files({"teams/a/u.yaml": _users(_entry(password="${file:secrets/alice}"))})
    user = reading.topologies[0].platform.users[0]
    assert (user.password, str(user.password)) == (
        PasswordRef("file", "secrets/alice", "teams/a"),
        "${file:secrets/alice}",
    )


def test_users_of_every_file_of_a_context_are_merged(read_files: ReadFiles) -> None:
    reading = read_files(
        {
            "a.yaml": _users(_entry("User:alice")),
            "b.yaml": _users(_entry("User:bob", "${env:BOB}")),
        }
    )
    assert [u.principal for u in reading.topologies[0].platform.users] == [
        "User:alice",
        "User:bob",
    ]


def test_a_literal_password_is_an_error_at_its_value_that_never_repeats_it(
    read_files: ReadFiles,
) -> None:
    reading = read_files({"u.yaml": _users(_entry(password=LITERAL))})
    finding = reading.one("user-password-literal")
    assert (finding.span, finding.message) == (
        Span("u.yaml", 6, 19, 6, 36),
        "the password of user `User:alice` is not a `${env:…}` or `${file:…}` reference",
    )
    assert str(finding.hint).startswith("write `${env:NAME}` (an environment variable")
    assert LITERAL not in repr(reading.topologies) + repr(reading.diagnostics)


@pytest.mark.parametrize("output_format", list(OutputFormat))
def test_no_report_quotes_a_literal_password(tmp_path: Path, output_format: OutputFormat) -> None:
    (tmp_path / "u.yaml").write_text(_users(_entry(password=LITERAL)), encoding="utf-8")
    report = render(load_topologies([tmp_path / "u.yaml"], tmp_path, None).reading, output_format)
    assert "user-password-literal" in report
    assert LITERAL not in report


def test_a_reference_with_text_around_it_is_a_literal_password(read_files: ReadFiles) -> None:
    reading = read_files({"u.yaml": _users(_entry(password="pre-${env:ALICE}"))})
    assert reading.found("user-password-literal") == [("user-password-literal", "u.yaml", 6, 19)]


def test_a_number_as_password_is_a_literal_password(read_files: ReadFiles) -> None:
    text = HEAD + '      - principal: "User:alice"\n        password: 123456\n'
    reading = read_files({"u.yaml": text})
    assert reading.found("user-password-literal") == [("user-password-literal", "u.yaml", 6, 19)]


def test_an_environment_reference_needs_a_variable_name(read_files: ReadFiles) -> None:
    reading = read_files({"u.yaml": _users(_entry(password="${env:1-bad}"))})
    assert reading.found("user-password-literal") == [("user-password-literal", "u.yaml", 6, 19)]


def test_a_user_declared_twice_is_reported_at_the_second_naming_the_first(
    read_files: ReadFiles,
) -> None:
    reading = read_files(
        {
            "a.yaml": _users(_entry()),
            "b.yaml": 'context: "other"\nplatform:\n  kafka:\n    users:\n' + _entry(),
        }
    )
    finding = reading.one("user-duplicate")
    assert (finding.span, finding.message) == (
        Span("b.yaml", 5, 20, 5, 32),
        "user `User:alice` is already declared at a.yaml:5:20",
    )


def test_a_mechanism_listed_twice_is_reported_at_the_second(read_files: ReadFiles) -> None:
    extra = "        mechanism: [SCRAM-SHA-512, SCRAM-SHA-512]\n"
    reading = read_files({"u.yaml": _users(_entry(extra=extra))})
    finding = reading.one("user-duplicate")
    assert (finding.span, finding.message) == (
        Span("u.yaml", 7, 36, 7, 49),
        "mechanism `SCRAM-SHA-512` is listed twice for user `User:alice`",
    )


def test_iterations_below_kafka_s_minimum_are_an_error_with_the_range(
    read_files: ReadFiles,
) -> None:
    reading = read_files({"u.yaml": _users(_entry(extra="        iterations: 1000\n"))})
    finding = reading.one("user-iterations-invalid")
    assert (finding.span, finding.message, finding.hint) == (
        Span("u.yaml", 7, 21, 7, 25),
        "user `User:alice` has 1000 iterations, below Kafka's minimum of 4096",
        "write a number from 4096 to 16384, or leave `iterations` out for 4096",
    )


def test_iterations_above_kafka_s_maximum_are_an_error(read_files: ReadFiles) -> None:
    reading = read_files({"u.yaml": _users(_entry(extra='        iterations: "16385"\n'))})
    assert reading.one("user-iterations-invalid").message == (
        "user `User:alice` has 16385 iterations, above Kafka's maximum of 16384"
    )


def test_kafka_s_bounds_themselves_are_accepted(read_files: ReadFiles) -> None:
    reading = read_files(
        {
            "u.yaml": _users(
                _entry("User:a", extra="        iterations: 4096\n"),
                _entry("User:b", extra="        iterations: 16384\n"),
            )
        }
    )
    assert reading.diagnostics == []


def test_a_user_that_is_not_a_user_principal_is_an_error(read_files: ReadFiles) -> None:
    reading = read_files({"u.yaml": _users(_entry("Group:admins"))})
    finding = reading.one("user-principal-invalid")
    assert (finding.span, finding.message) == (
        Span("u.yaml", 5, 20, 5, 34),
        "user `Group:admins` is not of the form `User:name`",
    )


def test_the_schema_accepts_a_user_with_every_key() -> None:
    extra = (
        "        mechanism: SCRAM-SHA-512\n        iterations: 4096\n"
        "        password_version: rotated-2026-11\n"
    )
    assert schema_findings(_users(_entry(extra=extra))) == []


def test_an_unknown_mechanism_is_a_schema_error_at_it_with_the_closest_name() -> None:
    extra = "        mechanism: [SCRAM-SHA-512, scram-sha-256]\n"
    assert schema_findings(_users(_entry(extra=extra))) == [
        (
            "schema-enum",
            7,
            36,
            "each item of `mechanism` has an unknown value `scram-sha-256`",
            "did you mean `SCRAM-SHA-256`?",
        )
    ]


def test_a_user_without_a_password_is_a_schema_error() -> None:
    assert schema_findings(HEAD + '      - principal: "User:alice"\n') == [
        ("schema-required", 5, 9, "missing required key `password` in `users`", "add `password:`")
    ]


def test_the_example_in_the_schema_docs_is_a_valid_topology(read_files: ReadFiles) -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "schema.md"
    section = docs.read_text(encoding="utf-8").split("## SCRAM users", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    text = 'context: "c"\n' + example
    reading = read_files({"u.yaml": text})
    assert (schema_findings(text), reading.diagnostics) == ([], [])
    assert [u.principal for u in reading.topologies[0].platform.users] == [
        "User:alice",
        "User:payments",
    ]
