"""`ktb ci` in a Bitbucket pull request pipeline, end to end: Pipelines' variables, the fake
Bitbucket API. An error stops the run before any plan, so no Kafka is needed."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ktb_action.cli import app
from tests.fakes.bitbucket_api import ANNOTATIONS, CREATE_COMMENT, REPORT
from tests.fakes.server import ContractServer

TOKEN = "ATCTT3xFfGN0-pipeline-token"
HEAD = "6dcb09b5b57875f334f61aebed695e2e4193db5e"
TOPOLOGY = 'context: "acme"\nprojects:\n  - name: "orders"\n    topics:\n      - name: "created"\n'


@pytest.fixture
def pull_request(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str | None]:
    """A clone with a misspelt key on line 6, and Pipelines' variables for PR #3."""
    (tmp_path / "topologies").mkdir()
    (tmp_path / "topologies" / "orders.yaml").write_text(
        TOPOLOGY + "        partitons: 3\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    return {
        "BITBUCKET_BUILD_NUMBER": "42",
        "BITBUCKET_REPO_FULL_NAME": "acme/topics",
        "BITBUCKET_COMMIT": HEAD,
        "BITBUCKET_BRANCH": "add-topic",
        "BITBUCKET_PR_ID": "3",
        "BITBUCKET_GIT_HTTP_ORIGIN": "http://bitbucket.org/acme/topics",
        "KTB_TOPOLOGY": "topologies",
        "KTB_BITBUCKET_TOKEN": TOKEN,
        "GITHUB_ACTIONS": None,
        "GITLAB_CI": None,
    }


def test_a_pull_request_pipeline_annotates_the_error_and_comments(
    bitbucket: ContractServer, pull_request: dict[str, str | None]
) -> None:
    env = {**pull_request, "KTB_BITBUCKET_API_URL": bitbucket.url}

    result = CliRunner().invoke(app, ["ci"], env=env)

    assert result.exit_code == 1
    assert TOKEN not in result.output
    (made,) = bitbucket.calls(REPORT)
    assert (made.path_params["commit"], made.body["result"]) == (HEAD, "FAILED")
    ((annotation,),) = [call.body for call in bitbucket.calls(ANNOTATIONS)]
    assert (annotation["path"], annotation["line"]) == ("topologies/orders.yaml", 6)
    (created,) = bitbucket.calls(CREATE_COMMENT)
    assert created.path_params["pull_request_id"] == "3"


def test_without_a_token_the_log_has_everything_and_says_what_was_not_posted(
    bitbucket: ContractServer, pull_request: dict[str, str | None]
) -> None:
    env = {**pull_request, "KTB_BITBUCKET_TOKEN": None, "BITBUCKET_BUILD_NUMBER": None}
    env |= {"KTB_PLATFORM": "bitbucket", "KTB_REPO": "acme/topics", "KTB_CHANGE_REQUEST": "3"}
    env["KTB_COMMIT"] = HEAD

    result = CliRunner().invoke(app, ["ci"], env=env)

    assert result.exit_code == 1
    assert "topologies/orders.yaml:6:9: error" in result.output
    assert (
        "warning: no Bitbucket token in `KTB_BITBUCKET_TOKEN` (or app password in "
        "`KTB_BITBUCKET_APP_PASSWORD`): the Code Insights report and the pull request "
        "comment not posted" in result.output
    )
    assert bitbucket.requests == []
