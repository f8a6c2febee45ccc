"""Bad input an unlucky operator or an attacker gives: every case is one clear error at its
place, never a traceback, a hang or a silent pass (issue 17, items 5 and 8)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ktb_action.cli import app
from ktb_action.diagnostics import Diagnostic, Severity, Span
from ktb_action.topology.load import load_paths
from tests.unit.conftest import ReadFiles, Reading

HEAD = 'context: "c"\nprojects:\n  - name: "p"\n    topics:\n      - name: "t"\n'
QUOTA = 'context: "c"\nplatform:\n  kafka:\n    quotas:\n      - principal: "User:q"\n'


def _messages(reading: Reading, rule: str) -> list[tuple[str, int, int]]:
    return [
        (d.message, d.span.line, d.span.column)
        for d in reading.diagnostics
        if d.rule == rule and d.span is not None
    ]


@pytest.mark.parametrize(
    "line", ["        partitions: 2147483648", '        config: {num.partitions: "2147483648"}']
)
def test_a_partition_count_beyond_a_java_int_is_an_error_at_the_count(
    read_files: ReadFiles, line: str
) -> None:
    reading = read_files({"t.yaml": HEAD + line + "\n"})
    assert [m for m, _, _ in _messages(reading, "topic-partitions")] == [
        "topic `c.p.t` has 2147483648 partitions"
    ]


def test_a_million_partitions_pass_and_one_more_does_not(read_files: ReadFiles) -> None:
    second = '      - name: "u"\n        partitions: 1000001\n'
    reading = read_files({"t.yaml": HEAD + "        partitions: 1000000\n" + second})
    assert _messages(reading, "topic-partitions") == [
        ("topic `c.p.u` has 1000001 partitions", 8, 21)
    ]


def test_a_replication_factor_beyond_a_java_short_is_an_error(read_files: ReadFiles) -> None:
    reading = read_files({"t.yaml": HEAD + "        replication.factor: 32768\n"})
    assert _messages(reading, "topic-replication-factor") == [
        ("topic `c.p.t` has a replication factor of 32768", 6, 29)
    ]


@pytest.mark.parametrize(
    ("value", "written"),
    [("1.0e+999", "inf"), (".nan", "nan"), ('"9223372036854775808"', "9223372036854775808")],
)
def test_a_quota_kafka_cannot_hold_is_an_error_at_the_value(
    read_files: ReadFiles, value: str, written: str
) -> None:
    reading = read_files({"q.yaml": QUOTA + f"        producer_byte_rate: {value}\n"})
    assert _messages(reading, "quota-value") == [
        (f"`producer_byte_rate` is `{written}`, which Kafka cannot hold", 6, 29)
    ]


def test_an_infinite_request_percentage_is_an_error(read_files: ReadFiles) -> None:
    reading = read_files({"q.yaml": QUOTA + "        request_percentage: .inf\n"})
    assert [d.hint for d in reading.diagnostics if d.rule == "quota-value"] == [
        "write a finite number greater than 0"
    ]


@pytest.mark.parametrize(("tag", "shown"), [("!!binary", "!!binary"), ("!custom", "!custom")])
def test_a_yaml_tag_is_an_error_at_the_tag(read_files: ReadFiles, tag: str, shown: str) -> None:
    reading = read_files({"t.yaml": HEAD + f"        partitions: {tag} aGVsbG8=\n"})
    assert _messages(reading, "yaml-tag") == [
        (f"YAML tag `{shown}` is not supported in a topology", 6, 21)
    ]


def test_a_str_tag_is_allowed(read_files: ReadFiles) -> None:
    reading = read_files({"t.yaml": HEAD + "        config: {retention.ms: !!str 1000}\n"})
    assert [d for d in reading.diagnostics if d.severity is Severity.ERROR] == []


def test_an_empty_context_is_an_error_at_its_line(read_files: ReadFiles) -> None:
    reading = read_files({"t.yaml": HEAD.replace('"c"', '""')})
    assert _messages(reading, "context-empty") == [("`context` is empty", 1, 10)]


def test_a_fifo_is_not_a_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    assert load_paths([tmp_path / "pipe.yaml"], tmp_path).diagnostics == (
        Diagnostic(
            "file-not-regular",
            Severity.ERROR,
            "`pipe.yaml` is a named pipe (FIFO), not a file",
            None,
            "name a regular topology file",
        ),
    )


def test_a_link_to_dev_zero_is_a_device_not_a_file(tmp_path: Path) -> None:
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    found = load_paths([tmp_path], tmp_path).diagnostics
    assert [(d.rule, d.message) for d in found] == [
        ("file-not-regular", "`zero.yaml` is a device, not a file")
    ]


def test_a_directory_of_link_loops_reports_each_loop_as_an_error(tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "a.yaml").symlink_to("b.yaml")
    (tmp_path / "t" / "b.yaml").symlink_to("a.yaml")
    found = load_paths([tmp_path / "t"], tmp_path).diagnostics
    assert [(d.rule, d.severity, d.span) for d in found] == [
        ("file-symlink-loop", Severity.ERROR, Span.point("t/a.yaml")),
        ("file-symlink-loop", Severity.ERROR, Span.point("t/b.yaml")),
    ]


def test_a_broken_link_names_its_target(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").symlink_to("gone.yaml")
    found = load_paths([tmp_path / "t.yaml"], tmp_path).diagnostics
    assert [(d.rule, d.message) for d in found] == [
        ("file-not-found", "`t.yaml` is a symbolic link to `gone.yaml`, which does not exist")
    ]


def test_validate_exits_1_on_a_directory_of_link_loops(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to("a.yaml")
    result = CliRunner().invoke(app, ["validate", "--root", str(tmp_path), str(tmp_path)])
    assert result.exit_code == 1


@pytest.mark.parametrize("command", ["validate", "plan", "apply"])
def test_a_missing_path_is_a_usage_error_in_every_command(tmp_path: Path, command: str) -> None:
    missing = str(tmp_path / "missing.yaml")
    result = CliRunner().invoke(app, [command, "--root", str(tmp_path), missing])
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: no such file or directory `{missing}`\n"
        "  help: check the path (relative to the cwd)\n",
    )
