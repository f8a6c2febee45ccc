"""The `ktb` command line: commands, version, and commands not built yet."""

from __future__ import annotations

import re

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


def test_export_is_not_implemented_yet_and_exits_2() -> None:
    result = runner.invoke(app, ["export"])
    assert result.exit_code == 2
    assert "error: `ktb export` is not implemented yet" in result.output
