"""`ktb ci` in a GitHub Actions pull request run, from the command line as the image runs it:
GitHub's published webhook payload, the runner's files and the fake GitHub API. No Kafka is
reachable here, which is one of the behaviours under test."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ktb_action.ci.comment import MARKER
from ktb_action.cli import app
from tests.ci.conftest import Webhook
from tests.ci.test_ci_command import NO_CI, TOPOLOGY
from tests.fakes.server import ContractServer

TOKEN = "ghs_run_token"
NO_KAFKA = (
    "**Plan not made:** no Kafka bootstrap servers given \\(pass --bootstrap-servers, set "
    "KTB\\_BOOTSTRAP\\_SERVERS, or put \\`bootstrap.servers\\` in the --client-config file\\)"
)


@pytest.fixture
def run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, github: ContractServer, webhook: Webhook
) -> dict[str, Any]:
    """A checkout with one topology file and the variables of a `pull_request` run."""
    (tmp_path / "topologies").mkdir()
    (tmp_path / "topologies" / "orders.yaml").write_text(TOPOLOGY, encoding="utf-8")
    payload = webhook("pull_request", action="opened")
    event = tmp_path / "event.json"
    event.write_text(json.dumps(payload), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return {
        **NO_CI,
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_API_URL": github.url,
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "INPUT_GITHUB-TOKEN": TOKEN,
        "INPUT_TOPOLOGY": "",
        "INPUT_BOOTSTRAP-SERVERS": "",
        "KTB_BOOTSTRAP_SERVERS": None,
        "KTB_CLIENT_CONFIG": None,
    }


def _summary(run: dict[str, Any]) -> str:
    return Path(run["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")


def test_a_run_that_cannot_reach_kafka_reports_the_findings_and_why_there_is_no_plan(
    github: ContractServer, run: dict[str, Any]
) -> None:
    result = CliRunner().invoke(app, ["ci", "--topology", "topologies"], env=run)
    assert result.exit_code == 1
    assert "error: plan not made: no Kafka bootstrap servers given" in result.output
    (check,) = github.calls("checks/create")
    assert (check.body["conclusion"], check.body["output"]["title"]) == (
        "failure",
        "ktb plan: 0 errors, 0 warnings, no plan",
    )
    assert NO_KAFKA in check.body["output"]["summary"]
    (comment,) = github.calls("issues/create-comment")
    assert comment.body["body"].startswith(MARKER)
    assert NO_KAFKA in comment.body["body"]
    assert NO_KAFKA in _summary(run)


def test_topology_input_left_at_its_default_keeps_the_settings_topology_paths(
    github: ContractServer, run: dict[str, Any]
) -> None:
    Path("ktb.yaml").write_text("topology: [topologies]\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["ci", "--mode", "validate"], env=run)
    assert (result.exit_code, result.output.splitlines()[1]) == (
        0,
        "Found 0 errors, 0 warnings in 1 file.",
    )
    assert github.calls("checks/create")[0].body["conclusion"] == "success"


def test_no_topology_file_found_in_ci_fails_the_check(
    github: ContractServer, run: dict[str, Any]
) -> None:
    Path("empty").mkdir()
    result = CliRunner().invoke(app, ["ci", "--mode", "validate", "--topology", "empty"], env=run)
    assert result.exit_code == 1
    (check,) = github.calls("checks/create")
    assert (check.body["conclusion"], check.body["output"]["title"]) == (
        "failure",
        "ktb validate: 1 error, 0 warnings, no plan",
    )


def test_topology_input_is_split_on_spaces(github: ContractServer, run: dict[str, Any]) -> None:
    Path("more").mkdir()
    Path("more", "payments.yaml").write_text(
        TOPOLOGY.replace("orders", "payments"), encoding="utf-8"
    )
    env = {**run, "INPUT_TOPOLOGY": "topologies more", "INPUT_MODE": "validate"}
    result = CliRunner().invoke(app, ["ci"], env=env)
    assert (result.exit_code, result.output.splitlines()[1]) == (
        0,
        "Found 0 errors, 0 warnings in 2 files.",
    )


def test_pull_request_target_posts_nothing_and_says_why(
    github: ContractServer, run: dict[str, Any]
) -> None:
    env = {**run, "GITHUB_EVENT_NAME": "pull_request_target"}
    result = CliRunner().invoke(app, ["ci"], env=env)
    assert (result.exit_code, result.output) == (
        0,
        "ktb ci: event `pull_request_target` validates the base branch, not the pull "
        "request: use `pull_request` (see docs/ci.md)\n",
    )
    assert github.requests == []
