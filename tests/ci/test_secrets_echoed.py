"""Platform APIs that echo the request's credentials in their error bodies: the token reaches
no message, no log line, no job summary, no output file and no comment ktb posts."""

from __future__ import annotations

import io
from pathlib import Path

from ktb_action.ci import github as github_adapter
from ktb_action.ci import gitlab as gitlab_adapter
from ktb_action.ci.http import Retry
from tests.ci.builders import FILE, error, pr_job, report, topic_plan
from tests.ci.test_gitlab import _mr_job
from tests.fakes.server import ContractServer

GITHUB_TOKEN = "ghs_echoed_token_4f2a"
GITLAB_TOKEN = "glpat-echoed-token-9c1d"


def _echo(header: str) -> dict[str, str]:
    # What some proxies and API gateways answer: the request's headers, repeated.
    return {"message": f"Bad credentials (request had {header})"}


def test_github_token_echoed_in_errors_appears_nowhere(
    github: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    echoed = _echo(f"Authorization: Bearer {GITHUB_TOKEN}")
    github.answer("checks/create", 401, echoed)
    github.answer("issues/list-comments", 401, echoed)
    env = {
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "GITHUB_OUTPUT": str(tmp_path / "output"),
    }
    log = io.StringIO()
    reporter = github_adapter.GithubReporter(
        github_adapter.client(github.url, GITHUB_TOKEN, retry), env, stdout=log
    )
    delivery = reporter.deliver(report(pr_job(), (error(6),), topic_plan("acme.orders")))
    written = [
        *(f.message for f in delivery.failures),
        log.getvalue(),
        *(Path(p).read_text(encoding="utf-8") for p in env.values()),
    ]
    assert len(delivery.failures) == 2
    assert [text for text in written if GITHUB_TOKEN in text] == []


def test_gitlab_token_echoed_in_errors_appears_nowhere(
    gitlab: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    gitlab.answer(
        "discussions/list-merge-request-discussions", 401, _echo(f"PRIVATE-TOKEN: {GITLAB_TOKEN}")
    )
    api = gitlab_adapter.client(gitlab.url, GITLAB_TOKEN, retry)
    changed = {FILE: frozenset({6})}
    reporter = gitlab_adapter.GitlabReporter(api, tmp_path, lambda: changed)
    delivery = reporter.deliver(report(_mr_job(gitlab), (error(6),)))
    (note,) = gitlab.calls("notes/create-merge-request-note")
    written = [
        *(f.message for f in delivery.failures),
        note.body["body"],
        *(p.read_text(encoding="utf-8") for p in tmp_path.iterdir()),
    ]
    assert len(delivery.failures) == 1
    assert [text for text in written if GITLAB_TOKEN in text] == []
