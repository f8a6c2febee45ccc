"""A GitHub-hosted runner starting the action's Docker container, as its runner does it.

The runner's `_temp` holds the event payload (`_github_workflow/event.json`), the home
directory and the file-command files (`$GITHUB_OUTPUT`, `$GITHUB_STEP_SUMMARY`, created empty
before the step); each is mounted under `/github`, the checkout at `/github/workspace`, the
working directory. Every input of action.yml arrives as `INPUT_<NAME>` (upper case, hyphens
kept) with its default unless the step's `with:` sets it. All of it belongs to the runner's
user, not to root, which the container runs as.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tests.image.container import Run

ACTION = Path(__file__).resolve().parents[2] / "action.yml"
RUNNER_UID = 1001  # the `runner` user of GitHub-hosted runners
TOKEN = "ghs_secret_token_value"
_COMMANDS = "/github/file_commands"
_STEP = "e3b0c442"  # the runner names the file-command files after the step


@dataclass(frozen=True)
class RunnerFiles:
    """Where, on the host, the job's files are."""

    workspace: Path
    output: Path
    summary: Path


def github_step(
    root: Path,
    event: tuple[str, dict[str, Any]],
    api_url: str,
    *,
    with_inputs: Mapping[str, str] | None = None,
    step_env: Mapping[str, str] | None = None,
) -> tuple[Run, RunnerFiles]:
    """The `docker run` of a `uses: …ktb-action@v1` step of a job triggered by `event` (its
    name and payload), with the step's `with:` and `env:`.

    `root/workspace` is the checkout: fill it before the step runs."""
    event_name, payload = event
    temp = root / "_temp"
    files = RunnerFiles(
        workspace=root / "workspace",
        output=temp / "_runner_file_commands" / f"set_output_{_STEP}",
        summary=temp / "_runner_file_commands" / f"step_summary_{_STEP}",
    )
    for folder in (files.workspace, temp / "_github_home", temp / "_github_workflow"):
        folder.mkdir(parents=True, exist_ok=True)
    files.output.parent.mkdir(parents=True)
    files.output.touch()
    files.summary.touch()
    (temp / "_github_workflow" / "event.json").write_text(json.dumps(payload), encoding="utf-8")
    environment = {
        **_inputs(with_inputs or {}),
        **(step_env or {}),
        "HOME": "/github/home",
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": event_name,
        "GITHUB_EVENT_PATH": "/github/workflow/event.json",
        "GITHUB_WORKSPACE": "/github/workspace",
        "GITHUB_REPOSITORY": payload["repository"]["full_name"],
        "GITHUB_SHA": "6dcb09b5b57875f334f61aebed695e2e4193db5e",
        "GITHUB_API_URL": api_url,
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_RUN_ID": "42",
        "GITHUB_OUTPUT": f"{_COMMANDS}/{files.output.name}",
        "GITHUB_STEP_SUMMARY": f"{_COMMANDS}/{files.summary.name}",
        "RUNNER_OS": "Linux",
    }
    mounts = {
        temp / "_github_home": "/github/home",
        temp / "_github_workflow": "/github/workflow",
        temp / "_runner_file_commands": _COMMANDS,
        files.workspace: "/github/workspace",
    }
    return Run(environment=environment, mounts=mounts, working_dir="/github/workspace"), files


def give_to_runner(root: Path) -> None:
    """Make the runner's user own everything under `root`, as on a hosted runner (only root
    can; any other user already owns what it made, and plays the runner's part)."""
    if os.geteuid() != 0:
        return
    for path in [root, *root.rglob("*")]:
        os.chown(path, RUNNER_UID, RUNNER_UID)


def step_outputs(text: str) -> dict[str, str]:
    """The outputs in a `$GITHUB_OUTPUT` file (`name<<DELIMITER` … `DELIMITER` blocks)."""
    outputs: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        name, delimiter = line.split("<<", 1)
        value: list[str] = []
        for inner in lines:
            if inner == delimiter:
                break
            value.append(inner)
        outputs[name] = "\n".join(value)
    return outputs


def _inputs(with_inputs: Mapping[str, str]) -> dict[str, str]:
    declared = yaml.safe_load(ACTION.read_text(encoding="utf-8"))["inputs"]
    unknown = set(with_inputs) - set(declared)
    if unknown:
        raise ValueError(f"action.yml declares no input {sorted(unknown)}")
    values = {
        name: TOKEN if spec.get("default") == "${{ github.token }}" else spec.get("default", "")
        for name, spec in declared.items()
    }
    values.update(with_inputs)
    return {f"INPUT_{name.upper()}": value for name, value in values.items()}
