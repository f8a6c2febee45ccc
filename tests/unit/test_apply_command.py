"""`ktb plan` / `ktb apply` stop at validation errors, before any cluster access."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ktb_action.cli import app

runner = CliRunner()
# Nothing listens there: reaching the cluster would fail with "cannot reach Kafka".
NOWHERE = "127.0.0.1:9"


def invalid_topology(root: Path) -> Path:
    path = root / "topology.yaml"
    path.write_text('projects:\n  - name: "p"\n')
    return path


@pytest.mark.parametrize("command", ["plan", "apply"])
def test_validation_errors_exit_1_without_contacting_kafka(command: str, tmp_path: Path) -> None:
    path = invalid_topology(tmp_path)
    result = runner.invoke(
        app, [command, str(path), "--root", str(tmp_path), "--bootstrap-servers", NOWHERE]
    )
    assert result.exit_code == 1
    assert "error[schema-required] missing required key `context`" in result.stderr
    assert "cannot reach Kafka" not in result.stderr
    assert result.stdout == ""


def test_plan_needs_bootstrap_servers_before_contacting_kafka(tmp_path: Path) -> None:
    path = tmp_path / "topology.yaml"
    path.write_text('context: "c"\nprojects:\n  - name: "p"\n    topics:\n      - name: "t"\n')
    unset: dict[str, str | None] = {"KTB_BOOTSTRAP_SERVERS": None, "KTB_CLIENT_CONFIG": None}
    result = runner.invoke(app, ["plan", str(path), "--root", str(tmp_path)], env=unset)
    assert (result.exit_code, result.stderr.splitlines()[0]) == (
        2,
        "error: no Kafka bootstrap servers given",
    )
