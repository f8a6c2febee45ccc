"""`ktb ci` from the command line, as the image's entrypoint runs it (no Kafka needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ktb_action.cli import app
from tests.ci.conftest import Webhook

runner = CliRunner()
# Variables of the CI platforms, unset so the host's own CI cannot leak into a test.
NO_CI: dict[str, str | None] = dict.fromkeys(
    (
        "GITHUB_ACTIONS",
        "GITHUB_EVENT_NAME",
        "GITHUB_EVENT_PATH",
        "GITHUB_TOKEN",
        "INPUT_GITHUB-TOKEN",
        "INPUT_MODE",
        "INPUT_TOPOLOGY",
        "GITLAB_CI",
        "CI_PIPELINE_SOURCE",
        "KTB_CHANGE_REQUEST",
        "KTB_COMMIT",
        "KTB_REPO",
        "KTB_MODE",
        "KTB_PLATFORM",
    )
)
TOPOLOGY = 'context: "acme"\nprojects:\n  - name: "orders"\n    topics:\n      - name: "created"\n'


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A checkout with one topology file, as the working directory."""
    (tmp_path / "topologies").mkdir()
    (tmp_path / "topologies" / "orders.yaml").write_text(TOPOLOGY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_without_ci_variables_it_validates_and_prints_to_the_terminal(checkout: Path) -> None:
    result = runner.invoke(app, ["ci", "--mode", "validate", "--topology", "topologies"], env=NO_CI)
    assert (result.exit_code, result.output) == (
        0,
        "ktb ci: mode `validate` was asked for\n"
        "Found 0 errors, 0 warnings in 1 file.\n"
        "ktb validate: 0 errors, 0 warnings, no plan\n",
    )


def test_on_github_without_a_token_it_stops_before_reading_anything(
    checkout: Path, webhook: Webhook
) -> None:
    event = checkout / "event.json"
    event.write_text(json.dumps(webhook("pull_request", action="opened")), encoding="utf-8")
    env = {
        **NO_CI,
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(event),
    }
    result = runner.invoke(app, ["ci", "--topology", "topologies"], env=env)
    assert (result.exit_code, result.output) == (
        2,
        "error: no GitHub token: cannot post the check run or the plan comment\n"
        "  help: set the `github-token` input or the GITHUB_TOKEN variable\n",
    )


def test_events_it_does_not_act_on_exit_0_with_the_reason(checkout: Path, webhook: Webhook) -> None:
    event = checkout / "event.json"
    event.write_text(json.dumps(webhook("issues")), encoding="utf-8")
    env = {
        **NO_CI,
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": "issues",
        "GITHUB_EVENT_PATH": str(event),
    }
    result = runner.invoke(app, ["ci"], env=env)
    assert (result.exit_code, result.output) == (
        0,
        "ktb ci: event `issues` is not one ktb acts on\n",
    )


def test_mode_comes_from_the_action_input(checkout: Path) -> None:
    env = {**NO_CI, "INPUT_MODE": "validate", "INPUT_TOPOLOGY": "topologies"}
    result = runner.invoke(app, ["ci"], env=env)
    assert result.output.startswith("ktb ci: mode `validate` was asked for\n")
