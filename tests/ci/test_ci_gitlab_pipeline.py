"""`ktb ci` in a GitLab merge request pipeline: GitLab's predefined variables, a real git
checkout for the changed lines, the fake GitLab API. An error stops the run before any plan,
so no Kafka is needed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ktb_action.ci.comment import MARKER
from ktb_action.cli import app
from tests.fakes.server import ContractServer

TOKEN = "glpat-pipeline-token"
BASE = 'context: "acme"\nprojects:\n  - name: "orders"\n    topics:\n      - name: "created"\n'
# Line 6 is added by the merge request and has an error; line 4's `topics` stays unchanged.
HEAD = BASE + "        partitons: 3\n"


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


@pytest.fixture
def merge_request(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str | None]:
    """A checkout of a merge request's head, and GitLab's variables for its pipeline."""
    (tmp_path / "topologies").mkdir()
    topology = tmp_path / "topologies" / "orders.yaml"
    _git(tmp_path, "init", "-q", "-b", "main")
    topology.write_text(BASE, encoding="utf-8")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "base")
    base = _git(tmp_path, "rev-parse", "HEAD")
    topology.write_text(HEAD, encoding="utf-8")
    _git(tmp_path, "commit", "-qam", "add a key")
    monkeypatch.chdir(tmp_path)
    return {
        "GITLAB_CI": "true",
        "CI_PIPELINE_SOURCE": "merge_request_event",
        "CI_PROJECT_ID": "42",
        "CI_DEFAULT_BRANCH": "main",
        "CI_COMMIT_SHA": _git(tmp_path, "rev-parse", "HEAD"),
        "CI_MERGE_REQUEST_IID": "7",
        "CI_MERGE_REQUEST_PROJECT_ID": "42",
        "CI_MERGE_REQUEST_SOURCE_PROJECT_ID": "42",
        "CI_MERGE_REQUEST_DIFF_BASE_SHA": base,
        "KTB_TOPOLOGY": "topologies",
        "KTB_GITLAB_TOKEN_VARIABLE": "TOPICS_BOT_TOKEN",
        "TOPICS_BOT_TOKEN": TOKEN,
        "GITHUB_ACTIONS": None,
    }


def test_merge_request_pipeline_threads_the_changed_line_and_posts_the_plan_note(
    gitlab: ContractServer, merge_request: dict[str, str | None], tmp_path: Path
) -> None:
    env = {**merge_request, "CI_API_V4_URL": gitlab.url}
    result = CliRunner().invoke(app, ["ci"], env=env)

    assert result.exit_code == 1
    assert TOKEN not in result.output
    (thread,) = gitlab.calls("discussions/create-merge-request-thread")
    assert (thread.body["position"]["new_path"], thread.body["position"]["new_line"]) == (
        "topologies/orders.yaml",
        6,
    )
    (note,) = gitlab.calls("notes/create-merge-request-note")
    assert note.body["body"].startswith(MARKER)
    assert note.headers["private-token"] == TOKEN
    (issue,) = json.loads((tmp_path / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert (issue["check_name"], issue["location"]["lines"]["begin"]) == ("schema-unknown-key", 6)
    assert (tmp_path / "ktb.env").read_text(encoding="utf-8") == (
        "KTB_HAS_CHANGES=false\nKTB_ERRORS=1\nKTB_PLAN_JSON=\n"
        "KTB_SUMMARY=ktb plan: 1 error, 0 warnings, no plan\n"
    )


def test_without_a_token_the_report_is_written_and_the_verdict_is_the_findings(
    gitlab: ContractServer, merge_request: dict[str, str | None], tmp_path: Path
) -> None:
    env = {**merge_request, "CI_API_V4_URL": gitlab.url, "TOPICS_BOT_TOKEN": None}
    result = CliRunner().invoke(app, ["ci"], env=env)
    assert result.exit_code == 1  # the error on line 6, not the missing token
    assert result.output.endswith(
        "warning: no GitLab token in `TOPICS_BOT_TOKEN`: the merge request note and threads "
        "were not posted\n"
        "  help: add a masked CI/CD variable holding a project access token (scope `api`); "
        "merge request pipelines do not get protected variables, so leave it unprotected "
        "(masked) or set `comment: false`\n"
    )
    assert gitlab.requests == []
    (issue,) = json.loads((tmp_path / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert issue["check_name"] == "schema-unknown-key"


def test_mode_apply_in_a_merge_request_pipeline_only_plans(
    gitlab: ContractServer, merge_request: dict[str, str | None]
) -> None:
    env = {**merge_request, "CI_API_V4_URL": gitlab.url, "KTB_MODE": "apply"}
    result = CliRunner().invoke(app, ["ci"], env=env)
    assert result.output.startswith("ktb ci: apply runs only from the default branch: planning\n")
    assert gitlab.calls("notes/create-merge-request-note")[0].body["body"].startswith(MARKER)


def test_merged_results_pipeline_threads_on_the_merge_request_head(
    gitlab: ContractServer, merge_request: dict[str, str | None]
) -> None:
    head = str(merge_request["CI_COMMIT_SHA"])
    env = {
        **merge_request,
        "CI_API_V4_URL": gitlab.url,
        # The merge commit GitLab made for the pipeline, unknown to the merge request's diff.
        "CI_COMMIT_SHA": "e" * 40,
        "CI_MERGE_REQUEST_SOURCE_BRANCH_SHA": head,
    }
    CliRunner().invoke(app, ["ci"], env=env)
    (thread,) = gitlab.calls("discussions/create-merge-request-thread")
    assert thread.body["position"]["head_sha"] == head


def test_a_misspelt_key_gets_a_suggested_change_in_its_thread(
    gitlab: ContractServer, merge_request: dict[str, str | None]
) -> None:
    CliRunner().invoke(app, ["ci"], env={**merge_request, "CI_API_V4_URL": gitlab.url})
    (thread,) = gitlab.calls("discussions/create-merge-request-thread")
    assert thread.body["body"].endswith("```suggestion:-0+0\n        partitions: 3\n```")


def test_the_job_summary_is_kept_as_a_markdown_artefact(
    gitlab: ContractServer, merge_request: dict[str, str | None], tmp_path: Path
) -> None:
    CliRunner().invoke(app, ["ci"], env={**merge_request, "CI_API_V4_URL": gitlab.url})
    summary = (tmp_path / "ktb-summary.md").read_text(encoding="utf-8")
    assert summary.split("\n\n")[:2] == [
        "### ktb plan",
        "No plan was made: fix the errors below first.",
    ]
    assert "`schema-unknown-key` `topologies/orders.yaml:6:9`" in summary
