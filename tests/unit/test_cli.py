"""The `ktb` command line: commands, version, start-up imports, and commands not built yet."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from ktb_action import __version__
from ktb_action.cli import app

runner = CliRunner()


def test_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    listed = set(re.findall(r"^│ (\w+)\s", result.output, flags=re.MULTILINE))
    assert {"validate", "plan", "apply", "export", "ci"} <= listed


def test_version_prints_the_package_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.output) == (0, f"ktb {__version__}\n")


def test_export_without_an_out_directory_is_a_usage_error() -> None:
    result = runner.invoke(app, ["export"])
    assert result.exit_code == 2
    assert "Missing option '--out'" in result.output


def test_importing_the_cli_loads_neither_the_kafka_nor_the_http_client() -> None:
    # A fresh interpreter: this test process has long imported both.
    code = (
        "import ktb_action.cli, sys; "
        "print('confluent_kafka' in sys.modules, 'requests' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "False False\n"


def test_file_errors_come_before_a_missing_cluster_address(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text('context: "c"\nprojects:\n  - name: "p"\n    topicz: []\n')
    done = runner.invoke(
        app,
        ["plan", str(tmp_path / "t.yaml"), "--root", str(tmp_path)],
        env={"KTB_BOOTSTRAP_SERVERS": None, "KTB_CLIENT_CONFIG": None},
    )
    assert done.exit_code == 1
    assert "did you mean `topics`?" in done.output
