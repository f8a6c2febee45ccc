"""The pull/merge request an applied commit came from, as the audit record names it, asked
of the fake GitHub and GitLab APIs (every request checked against the published API)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ktb_action.ci import github as github_adapter
from ktb_action.ci.http import Retry
from ktb_action.ci.job import Job, Mode
from ktb_action.ci.merged import ChangeRequest, MergedLookup
from tests.ci.builders import REPO, gitlab_apply_job, pr_job, report, topic_plan
from tests.fakes.gitlab_api import MR_HEAD_SHA
from tests.fakes.server import ContractServer


def _merged_apply(github: ContractServer) -> tuple[dict[str, Any], Job]:
    """The pull request the fake says a commit came from, and an apply job of that commit."""
    merged: dict[str, Any] = github.example("repos/list-pull-requests-associated-with-commit")[0]
    job = pr_job(
        mode=Mode.APPLY,
        change_request=None,
        head_sha=merged["merge_commit_sha"],
        api_url=github.url,
    )
    return merged, job


def test_github_names_the_pull_request_the_applied_commit_was_merged_from(
    github: ContractServer,
) -> None:
    merged, job = _merged_apply(github)
    env = {"GITHUB_TOKEN": "ghs_token", "GITHUB_SERVER_URL": "https://github.example"}

    found = MergedLookup(job, env).change_request()

    assert found == ChangeRequest(
        merged["number"], f"https://github.example/{REPO}/pull/{merged['number']}"
    )
    (lookup,) = github.calls("repos/list-pull-requests-associated-with-commit")
    assert lookup.path == f"/repos/{REPO}/commits/{merged['merge_commit_sha']}/pulls"
    assert github.violations == []


def test_gitlab_names_the_merge_request_the_applied_commit_was_merged_from(
    gitlab: ContractServer,
) -> None:
    job = gitlab_apply_job(api_url=gitlab.url)
    env = {"KTB_GITLAB_TOKEN": "glpat-token", "CI_PROJECT_URL": "https://gitlab.example/acme/k"}

    found = MergedLookup(job, env).change_request()

    assert found == ChangeRequest(7, "https://gitlab.example/acme/k/-/merge_requests/7")
    (lookup,) = gitlab.calls("commits/list-merge-requests")
    assert lookup.path == f"/projects/42/repository/commits/{MR_HEAD_SHA}/merge_requests"
    assert gitlab.violations == []


def test_without_a_token_the_record_names_no_change_request(github: ContractServer) -> None:
    job = pr_job(mode=Mode.APPLY, change_request=None, head_sha="a" * 40, api_url=github.url)
    assert MergedLookup(job, {}).change_request() is None
    assert github.requests == []


def test_the_audit_record_and_the_apply_comment_ask_github_once_between_them(
    github: ContractServer,
) -> None:
    merged, job = _merged_apply(github)
    env = {"GITHUB_TOKEN": "ghs_token"}
    lookup = MergedLookup(job, env)
    reporter = github_adapter.GithubReporter(
        github_adapter.client(github.url, "ghs_token"), env, merged=lookup.number
    )

    recorded = lookup.change_request()
    delivery = reporter.deliver(replace(report(job, plan=topic_plan("t")), title="ktb apply"))

    assert recorded == ChangeRequest(merged["number"], None)
    assert len(github.calls("repos/list-pull-requests-associated-with-commit")) == 1
    (comment,) = github.calls("issues/create-comment")
    assert comment.path == f"/repos/{REPO}/issues/{merged['number']}/comments"
    assert delivery.posted == ["check run", "apply comment"]


def test_a_failed_lookup_leaves_the_record_without_it_and_is_reported_by_the_comment(
    github: ContractServer,
) -> None:
    github.answer("repos/list-pull-requests-associated-with-commit", 500, {"message": "down"})
    job = pr_job(mode=Mode.APPLY, change_request=None, head_sha="a" * 40, api_url=github.url)
    env = {"GITHUB_TOKEN": "ghs_token"}
    lookup = MergedLookup(job, env, Retry(tries=1))
    reporter = github_adapter.GithubReporter(
        github_adapter.client(github.url, "ghs_token"), env, merged=lookup.number
    )

    recorded = lookup.change_request()
    delivery = reporter.deliver(replace(report(job, plan=topic_plan("t")), title="ktb apply"))

    assert recorded is None
    assert len(github.calls("repos/list-pull-requests-associated-with-commit")) == 1
    assert [f.message for f in delivery.failures] == [
        "GitHub API call `list pull requests of the commit` failed with HTTP 500: down"
    ]
