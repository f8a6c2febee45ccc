"""Help and shell completion: every command shows an example; typer completes commands,
option values and rule ids."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ktb_action.cli import EXAMPLES, app

runner = CliRunner()


@pytest.mark.parametrize("name", [c.name for c in app.registered_commands])
def test_every_commands_help_ends_with_an_example(name: str) -> None:
    result = runner.invoke(app, [name, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert f"Example: {EXAMPLES[str(name)]}" in result.output


def _complete(words: str) -> list[str]:
    ktb = shutil.which("ktb", path=str(Path(sys.executable).parent))
    assert ktb is not None
    env = {
        **os.environ,
        "_KTB_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    done = subprocess.run([ktb], env=env, capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_bash_completion_completes_command_names() -> None:
    assert _complete("ktb ru") == ["rule"]


def test_bash_completion_completes_a_platform() -> None:
    assert _complete("ktb init --platform g") == ["github", "gitlab"]


def test_bash_completion_completes_rule_ids() -> None:
    assert _complete("ktb rule topic-partitions") == [
        "topic-partitions",
        "topic-partitions-conflict",
        "topic-partitions-decrease",
    ]


def _ktb(*arguments: str) -> subprocess.CompletedProcess[str]:
    ktb = shutil.which("ktb", path=str(Path(sys.executable).parent))
    assert ktb is not None
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([ktb, *arguments], env=env, capture_output=True, text=True, check=False)


def test_the_installed_ktb_lists_every_command_in_its_help() -> None:
    listed = _ktb("--help").stdout
    assert [name for name in EXAMPLES if f"│ {name} " not in listed] == []


def test_a_mistyped_command_is_told_the_command_it_resembles() -> None:
    done = _ktb("plann", "topology/")
    assert done.returncode == 2
    assert "No such command 'plann'. Did you mean 'plan'?" in done.stderr
