"""Routing in Bitbucket Pipelines and Jenkins, from the variables each sets."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from ktb_action.ci.events import Request, detect
from ktb_action.ci.jenkins import merge_head
from ktb_action.ci.job import Mode, Platform

HEAD = "6dcb09b5b57875f334f61aebed695e2e4193db5e"
MERGE = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c"
PIPELINES = {
    "CI": "true",
    "BITBUCKET_BUILD_NUMBER": "42",
    "BITBUCKET_WORKSPACE": "acme",
    "BITBUCKET_REPO_SLUG": "topics",
    "BITBUCKET_REPO_FULL_NAME": "acme/topics",
    "BITBUCKET_COMMIT": HEAD,
}
PR_PIPELINE = {
    **PIPELINES,
    "BITBUCKET_BRANCH": "add-topic",
    "BITBUCKET_PR_ID": "3",
    "BITBUCKET_PR_DESTINATION_BRANCH": "main",
}
MAIN_PIPELINE = {**PIPELINES, "BITBUCKET_BRANCH": "main"}
JENKINS = {
    "JENKINS_URL": "https://jenkins.example.com/",
    "BUILD_URL": "https://jenkins.example.com/job/topics/job/PR-12/3/",
    "CHANGE_ID": "12",
    "CHANGE_TARGET": "main",
    "CHANGE_BRANCH": "add-topic",
    "BRANCH_NAME": "PR-12",
    "GIT_COMMIT": MERGE,
}


def test_a_bitbucket_pull_request_pipeline_plans_its_head() -> None:
    job = detect(PR_PIPELINE, Request())

    assert (job.platform, job.mode, job.change_request, job.head_sha, job.repo) == (
        Platform.BITBUCKET,
        Mode.PLAN,
        3,
        HEAD,
        "acme/topics",
    )
    assert job.api_url == "https://api.bitbucket.org/2.0"


def test_a_bitbucket_push_to_the_default_branch_applies() -> None:
    job = detect(MAIN_PIPELINE, Request())

    assert (job.mode, job.reason) == (Mode.APPLY, "push to the default branch `main`")


def test_a_bitbucket_pull_request_asking_for_apply_only_plans() -> None:
    job = detect(PR_PIPELINE, Request(mode=Mode.APPLY))

    assert (job.mode, job.reason) == (
        Mode.PLAN,
        "apply runs only from the default branch: planning",
    )


def test_a_scheduled_bitbucket_pipeline_checks_drift_and_never_applies() -> None:
    job = detect(MAIN_PIPELINE, Request(mode=Mode.DRIFT))

    assert job.mode is Mode.DRIFT


def test_a_bitbucket_push_to_another_branch_does_nothing() -> None:
    job = detect({**PIPELINES, "BITBUCKET_BRANCH": "add-topic"}, Request())

    assert (job.mode, job.reason) == (
        None,
        "push to `add-topic`, not to the default branch: nothing to apply",
    )


def test_the_default_branch_of_a_bitbucket_fork_is_never_applied() -> None:
    fork = {**MAIN_PIPELINE, "BITBUCKET_REPO_FULL_NAME": "someone/topics"}

    job = detect(fork, Request(repo="acme/topics"))

    assert (job.mode, job.is_fork) == (None, True)
    assert job.reason == "a change request from a fork is never applied"


def test_the_bitbucket_api_url_comes_from_ktb_bitbucket_api_url() -> None:
    job = detect({**PR_PIPELINE, "KTB_BITBUCKET_API_URL": "https://bb.example.com/2.0"}, Request())

    assert job.api_url == "https://bb.example.com/2.0"


@pytest.mark.parametrize(
    ("server_env", "platform", "repo", "api_url"),
    [
        (
            {
                "CHANGE_URL": "https://github.com/acme/topics/pull/12",
                "GIT_URL": "https://github.com/acme/topics.git",
            },
            Platform.GITHUB,
            "acme/topics",
            "https://api.github.com",
        ),
        (
            {
                "CHANGE_URL": "https://gitlab.example.com/acme/topics/-/merge_requests/12",
                "GIT_URL": "git@gitlab.example.com:acme/topics.git",
            },
            Platform.GITLAB,
            "acme%2Ftopics",
            "https://gitlab.example.com/api/v4",
        ),
        (
            {
                "CHANGE_URL": "https://bitbucket.org/acme/topics/pull-requests/12",
                "GIT_URL": "https://bitbucket.org/acme/topics.git",
            },
            Platform.BITBUCKET,
            "acme/topics",
            "https://api.bitbucket.org/2.0",
        ),
    ],
    ids=["github", "gitlab", "bitbucket"],
)
def test_a_jenkins_pull_request_reports_to_the_server_it_came_from_on_its_head(
    server_env: dict[str, str], platform: Platform, repo: str, api_url: str
) -> None:
    job = detect({**JENKINS, **server_env}, Request(), pr_head=lambda: HEAD)

    assert (job.platform, job.mode, job.change_request, job.repo, job.api_url) == (
        platform,
        Mode.PLAN,
        12,
        repo,
        api_url,
    )
    assert job.head_sha == HEAD


def test_a_jenkins_pull_request_from_a_fork_is_never_applied() -> None:
    env = {**JENKINS, "CHANGE_URL": "https://github.com/acme/topics/pull/12", "CHANGE_FORK": "x"}

    job = detect(env, Request(mode=Mode.APPLY), pr_head=lambda: HEAD)

    assert (job.mode, job.is_fork) == (None, True)


def test_a_jenkins_branch_build_applies_its_commit_when_the_jenkinsfile_asks() -> None:
    env = {
        "JENKINS_URL": "https://jenkins.example.com/",
        "BUILD_URL": "https://jenkins.example.com/job/topics/job/main/9/",
        "BRANCH_NAME": "main",
        "GIT_URL": "https://github.com/acme/topics.git",
        "GIT_COMMIT": HEAD,
    }

    job = detect(env, Request(mode=Mode.APPLY))

    assert (job.platform, job.mode, job.head_sha, job.repo) == (
        Platform.GITHUB,
        Mode.APPLY,
        HEAD,
        "acme/topics",
    )


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def test_the_pull_request_head_of_a_jenkins_merge_checkout_is_the_merges_second_parent(
    tmp_path: Path,
) -> None:
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "commit", "-q", "--allow-empty", "-m", "base")
    _git(tmp_path, "checkout", "-q", "-b", "add-topic")
    _git(tmp_path, "commit", "-q", "--allow-empty", "-m", "the pull request")
    head = _git(tmp_path, "rev-parse", "HEAD")
    _git(tmp_path, "checkout", "-q", "main")
    _git(tmp_path, "commit", "-q", "--allow-empty", "-m", "target moved on")
    _git(tmp_path, "merge", "-q", "--no-ff", "--no-edit", "add-topic")

    assert merge_head(tmp_path) == head
    assert merge_head(tmp_path) != _git(tmp_path, "rev-parse", "HEAD")
