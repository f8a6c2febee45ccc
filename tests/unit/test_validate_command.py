"""`ktb validate`: exit codes, report formats, default paths and usage errors."""

from __future__ import annotations

import json
from email.message import Message
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ktb_action.cli import app
from ktb_action.commands import validate

runner = CliRunner()

BAD = "context: c\nprojects:\n  - name: p\n    topics:\n      - name: t\n        partitons: 3\n"
GOOD = "context: other\nprojects:\n  - name: p\n    topics:\n      - name: t\n"
BAD_REPORT = (
    "bad.yaml:6:9: error[schema-unknown-key] unknown key `partitons` in `topics`\n"
    "  |\n"
    "6 |         partitons: 3\n"
    "  |         ^^^^^^^^^\n"
    "  |\n"
    "  = help: did you mean `partitions`?\n"
    "Found 1 error, 0 warnings in 1 file.\n"
)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository root as the working directory, with a good and a bad topology."""
    (tmp_path / "topologies").mkdir()
    (tmp_path / "topologies/good.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_validate_command_reports_a_bad_file_and_exits_1(repo: Path) -> None:
    result = runner.invoke(app, ["validate", "bad.yaml"])
    assert (result.exit_code, result.stdout) == (1, BAD_REPORT)


def test_validate_command_exits_0_on_a_clean_directory(repo: Path) -> None:
    result = runner.invoke(app, ["validate", "topologies"])
    assert (result.exit_code, result.stdout) == (0, "Found 0 errors, 0 warnings in 1 file.\n")


def test_validate_command_reads_the_topology_paths_of_ktb_yaml_by_default(repo: Path) -> None:
    (repo / "ktb.yaml").write_text("topology: [topologies]\n", encoding="utf-8")
    result = runner.invoke(app, ["validate"])
    assert (result.exit_code, result.stdout) == (0, "Found 0 errors, 0 warnings in 1 file.\n")


def test_validate_command_without_paths_or_settings_reads_the_root(repo: Path) -> None:
    result = runner.invoke(app, ["validate"])
    assert (result.exit_code, result.stdout) == (1, BAD_REPORT)


def test_validate_command_missing_path_is_a_usage_error(repo: Path) -> None:
    result = runner.invoke(app, ["validate", "nope.yaml"])
    assert (result.exit_code, result.stderr.splitlines()[0]) == (
        2,
        "error: no such file or directory `nope.yaml`",
    )


def test_validate_command_missing_settings_file_is_a_usage_error(repo: Path) -> None:
    result = runner.invoke(app, ["validate", "--settings", "missing.yaml", "bad.yaml"])
    assert result.exit_code == 2


def test_validate_command_unknown_format_is_a_usage_error(repo: Path) -> None:
    assert runner.invoke(app, ["validate", "--format", "xml", "bad.yaml"]).exit_code == 2


def test_validate_command_json_report_has_the_summary(repo: Path) -> None:
    result = runner.invoke(app, ["validate", "--format", "json", "bad.yaml", "topologies"])
    report = json.loads(result.stdout)
    assert result.exit_code == 1
    assert report["summary"] == {"errors": 1, "warnings": 0, "files": 2, "topics": 2}
    assert [(d["rule"], d["file"], d["line"]) for d in report["diagnostics"]] == [
        ("schema-unknown-key", "bad.yaml", 6)
    ]


@pytest.mark.parametrize(
    ("output_format", "start"),
    [
        ("github", "::error file=bad.yaml,line=6,"),
        ("sarif", "{\n"),
        ("gitlab", "[\n"),
    ],
)
def test_validate_command_writes_each_format(repo: Path, output_format: str, start: str) -> None:
    result = runner.invoke(app, ["validate", "--format", output_format, "bad.yaml"])
    assert result.exit_code == 1
    assert result.stdout.startswith(start)


def test_validate_command_writes_the_report_to_output(repo: Path) -> None:
    result = runner.invoke(app, ["validate", "--output", "report.txt", "bad.yaml"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert (
        (repo / "report.txt")
        .read_text(encoding="utf-8")
        .endswith("Found 1 error, 0 warnings in 1 file.\n")
    )


def test_validate_command_paths_are_relative_to_root(repo: Path) -> None:
    result = runner.invoke(
        app, ["validate", "--root", "topologies", "--format", "github", "bad.yaml"]
    )
    assert result.stdout.startswith("::error file=../bad.yaml,")


@pytest.mark.parametrize(("flags", "code"), [([], 0), (["--fail-on-warnings"], 1)])
def test_validate_command_warnings_fail_only_when_asked(
    repo: Path, flags: list[str], code: int
) -> None:
    (repo / "empty.yaml").write_text("# nothing yet\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", *flags, "empty.yaml"])
    assert (result.exit_code, result.stdout.splitlines()[-1]) == (
        code,
        "Found 0 errors, 1 warning in 1 file.",
    )


def test_validate_command_sarif_names_the_project_home_page(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = Message()
    package["Project-URL"] = "Documentation, https://example.invalid/docs"
    package["Project-URL"] = "Homepage, https://example.invalid/ktb"
    monkeypatch.setattr(validate, "metadata", lambda _name: package)
    result = runner.invoke(app, ["validate", "--format", "sarif", "bad.yaml"])
    driver = json.loads(result.stdout)["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://example.invalid/ktb"


def test_validate_command_unwritable_output_is_a_usage_error(repo: Path) -> None:
    result = runner.invoke(app, ["validate", "--output", "missing/dir/report.txt", "bad.yaml"])
    assert (result.exit_code, result.stderr.splitlines()[0]) == (
        2,
        "error: cannot write the report to `missing/dir/report.txt`: No such file or directory",
    )
