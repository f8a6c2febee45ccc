"""Routing a CI run from GitHub's published webhook payloads and GitLab's predefined variables."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ktb_action.ci.events import Request, detect
from ktb_action.ci.job import Job, Mode, Platform
from ktb_action.errors import UsageError
from tests.ci.conftest import Webhook


def _github_job(
    tmp_path: Path, event: str, payload: dict[str, Any], request: Request | None = None
) -> Job:
    path = tmp_path / "event.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": event,
        "GITHUB_EVENT_PATH": str(path),
        "GITHUB_SHA": "f" * 40,
        "GITHUB_API_URL": "http://127.0.0.1:1",
    }
    return detect(env, request or Request())


@pytest.mark.parametrize("action", ["opened", "synchronize", "reopened"])
def test_pull_request_opened_synchronized_or_reopened_is_planned(
    tmp_path: Path, webhook: Webhook, action: str
) -> None:
    payload = webhook("pull_request", action=action)
    job = _github_job(tmp_path, "pull_request", payload)
    assert (job.platform, job.mode, job.change_request, job.head_sha, job.repo) == (
        Platform.GITHUB,
        Mode.PLAN,
        payload["pull_request"]["number"],
        payload["pull_request"]["head"]["sha"],
        "Codertocat/Hello-World",
    )
    assert job.is_fork is False


def test_merged_pull_request_is_not_applied_from_the_pull_request_event(
    tmp_path: Path, webhook: Webhook
) -> None:
    payload = webhook("pull_request", action="closed")
    payload["pull_request"]["merged"] = True
    job = _github_job(tmp_path, "pull_request", payload)
    assert job.mode is None
    assert job.reason == (
        "pull request action `closed` needs no plan (apply runs on push to the default branch)"
    )


def test_pull_request_from_a_fork_is_planned_and_marked_as_fork(
    tmp_path: Path, webhook: Webhook
) -> None:
    payload = webhook("pull_request", action="opened")
    payload["pull_request"]["head"]["repo"]["full_name"] = "mallory/Hello-World"
    job = _github_job(tmp_path, "pull_request", payload)
    assert (job.mode, job.is_fork) == (Mode.PLAN, True)


def test_pull_request_from_a_fork_is_never_applied_even_when_apply_is_asked(
    tmp_path: Path, webhook: Webhook
) -> None:
    payload = webhook("pull_request", action="opened")
    payload["pull_request"]["head"]["repo"]["full_name"] = "mallory/Hello-World"
    job = _github_job(tmp_path, "pull_request", payload, Request(mode=Mode.APPLY))
    assert (job.mode, job.reason) == (None, "a change request from a fork is never applied")


def test_push_to_the_default_branch_is_applied(tmp_path: Path, webhook: Webhook) -> None:
    payload = webhook("push", where=lambda e: e["ref"] == "refs/heads/master")
    job = _github_job(tmp_path, "push", payload)
    assert (job.mode, job.default_branch, job.head_sha) == (Mode.APPLY, "master", "f" * 40)


def test_push_of_a_tag_is_not_applied(tmp_path: Path, webhook: Webhook) -> None:
    payload = webhook("push", where=lambda e: e["ref"].startswith("refs/tags/"))
    job = _github_job(tmp_path, "push", payload)
    assert job.mode is None
    assert job.reason == (
        "push to `refs/tags/simple-tag`, not to the default branch: nothing to apply"
    )


def test_workflow_dispatch_runs_the_mode_given_as_input(tmp_path: Path, webhook: Webhook) -> None:
    job = _github_job(
        tmp_path, "workflow_dispatch", webhook("workflow_dispatch"), Request(mode=Mode.DRIFT)
    )
    assert job.mode is Mode.DRIFT


def test_schedule_checks_for_drift(tmp_path: Path, webhook: Webhook) -> None:
    # GitHub sends no webhook for schedules; the runner's event file holds only the schedule.
    job = _github_job(tmp_path, "schedule", {"schedule": "0 3 * * *"})
    assert job.mode is Mode.DRIFT


def test_other_github_events_do_nothing_and_say_why(tmp_path: Path, webhook: Webhook) -> None:
    job = _github_job(tmp_path, "issues", webhook("issues"))
    assert (job.mode, job.reason) == (None, "event `issues` is not one ktb acts on")


def test_unreadable_event_payload_is_a_usage_error(tmp_path: Path) -> None:
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": "push",
        "GITHUB_EVENT_PATH": str(tmp_path / "missing.json"),
    }
    with pytest.raises(UsageError, match="cannot read the GitHub event payload"):
        detect(env, Request())


def _gitlab_env(**overrides: str) -> dict[str, str]:
    env = {
        "GITLAB_CI": "true",
        "CI_API_V4_URL": "http://127.0.0.1:1/api/v4",
        "CI_PROJECT_ID": "42",
        "CI_DEFAULT_BRANCH": "main",
        "CI_COMMIT_SHA": "c" * 40,
    }
    env.update(overrides)
    return env


def test_gitlab_merge_request_pipeline_is_planned_with_diff_shas() -> None:
    env = _gitlab_env(
        CI_PIPELINE_SOURCE="merge_request_event",
        CI_MERGE_REQUEST_IID="7",
        CI_MERGE_REQUEST_PROJECT_ID="42",
        CI_MERGE_REQUEST_SOURCE_PROJECT_ID="42",
        CI_MERGE_REQUEST_DIFF_BASE_SHA="b" * 40,
    )
    job = detect(env, Request())
    assert job == Job(
        platform=Platform.GITLAB,
        mode=Mode.PLAN,
        reason="merge request !7",
        event="merge_request_event",
        change_request=7,
        head_sha="c" * 40,
        base_sha="b" * 40,
        start_sha="b" * 40,
        repo="42",
        default_branch="main",
        is_fork=False,
        api_url="http://127.0.0.1:1/api/v4",
    )


def test_gitlab_merge_request_from_a_fork_project_is_marked_as_fork() -> None:
    env = _gitlab_env(
        CI_PIPELINE_SOURCE="merge_request_event",
        CI_MERGE_REQUEST_IID="7",
        CI_MERGE_REQUEST_PROJECT_ID="42",
        CI_MERGE_REQUEST_SOURCE_PROJECT_ID="99",
    )
    assert detect(env, Request()).is_fork is True


def test_gitlab_push_to_the_default_branch_is_applied() -> None:
    env = _gitlab_env(CI_PIPELINE_SOURCE="push", CI_COMMIT_BRANCH="main")
    assert detect(env, Request()).mode is Mode.APPLY


def test_gitlab_push_to_another_branch_does_nothing() -> None:
    env = _gitlab_env(CI_PIPELINE_SOURCE="push", CI_COMMIT_BRANCH="feature")
    job = detect(env, Request())
    assert (job.mode, job.reason) == (
        None,
        "pipeline source `push` on `feature` is not one ktb acts on",
    )


def test_gitlab_schedule_checks_for_drift() -> None:
    assert detect(_gitlab_env(CI_PIPELINE_SOURCE="schedule"), Request()).mode is Mode.DRIFT


def test_no_ci_variables_plans_locally() -> None:
    job = detect({}, Request())
    assert (job.platform, job.mode) == (Platform.NONE, Mode.PLAN)


def test_jenkins_reports_to_github_with_change_request_and_commit_from_env() -> None:
    env = {"KTB_CHANGE_REQUEST": "12", "KTB_COMMIT": "a" * 40, "KTB_REPO": "acme/topics"}
    job = detect(env, Request(platform=Platform.GITHUB, mode=Mode.PLAN))
    assert (job.platform, job.mode, job.change_request, job.head_sha, job.repo, job.api_url) == (
        Platform.GITHUB,
        Mode.PLAN,
        12,
        "a" * 40,
        "acme/topics",
        "https://api.github.com",
    )


def test_change_request_variable_that_is_not_a_number_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="`KTB_CHANGE_REQUEST` must be a change request number"):
        detect({"KTB_CHANGE_REQUEST": "abc"}, Request(platform=Platform.GITHUB))


def test_pull_request_target_is_refused_because_it_checks_out_the_base_branch(
    tmp_path: Path, webhook: Webhook
) -> None:
    payload = webhook("pull_request", action="opened")
    job = _github_job(tmp_path, "pull_request_target", payload)
    assert (job.mode, job.reason) == (
        None,
        "event `pull_request_target` validates the base branch, not the pull request: "
        "use `pull_request` (see docs/ci.md)",
    )


def test_mode_apply_on_a_pull_request_only_plans(tmp_path: Path, webhook: Webhook) -> None:
    payload = webhook("pull_request", action="opened")
    job = _github_job(tmp_path, "pull_request", payload, Request(mode=Mode.APPLY))
    assert (job.mode, job.reason) == (
        Mode.PLAN,
        "apply runs only from the default branch: planning",
    )


def test_mode_apply_by_hand_on_the_default_branch_applies(tmp_path: Path, webhook: Webhook) -> None:
    payload = webhook("workflow_dispatch")
    branch = payload["repository"]["default_branch"]
    job = _github_job(
        tmp_path,
        "workflow_dispatch",
        {**payload, "ref": f"refs/heads/{branch}"},
        Request(mode=Mode.APPLY),
    )
    assert job.mode is Mode.APPLY


def test_gitlab_merge_request_pipeline_with_mode_apply_only_plans() -> None:
    env = _gitlab_env(
        CI_PIPELINE_SOURCE="merge_request_event",
        CI_MERGE_REQUEST_IID="7",
        CI_COMMIT_BRANCH="main",
    )
    job = detect(env, Request(mode=Mode.APPLY))
    assert (job.mode, job.reason) == (
        Mode.PLAN,
        "apply runs only from the default branch: planning",
    )


def test_gitlab_mode_apply_on_another_branch_does_nothing() -> None:
    env = _gitlab_env(CI_PIPELINE_SOURCE="push", CI_COMMIT_BRANCH="feature")
    job = detect(env, Request(mode=Mode.APPLY))
    assert (job.mode, job.reason) == (
        None,
        "apply runs only from the default branch: nothing to do",
    )


def test_gitlab_merged_results_pipeline_annotates_the_merge_request_head_not_the_merge() -> None:
    env = _gitlab_env(
        CI_PIPELINE_SOURCE="merge_request_event",
        CI_MERGE_REQUEST_IID="7",
        CI_MERGE_REQUEST_SOURCE_BRANCH_SHA="a" * 40,
        CI_MERGE_REQUEST_TARGET_BRANCH_SHA="d" * 40,
        CI_MERGE_REQUEST_DIFF_BASE_SHA="b" * 40,
    )
    job = detect(env, Request())
    assert (job.head_sha, job.base_sha, job.start_sha) == ("a" * 40, "b" * 40, "d" * 40)
