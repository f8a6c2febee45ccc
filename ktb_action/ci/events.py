"""Platform and event detection: environment (and the event payload) in, a `Job` out.

Pure apart from reading the GitHub event file, so routing is tested with the published
webhook payloads and GitLab's predefined variables.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ktb_action.ci.jenkins import DEFAULT_BITBUCKET_API, is_jenkins, jenkins_job, server_of
from ktb_action.ci.job import Job, Mode, Platform
from ktb_action.errors import UsageError

_PLANNED_PR_ACTIONS = frozenset({"opened", "synchronize", "reopened"})
_DEFAULT_GITHUB_API = "https://api.github.com"


@dataclass(frozen=True, slots=True)
class Request:
    """What the command line (or action inputs) asked for; None means 'detect it'."""

    platform: Platform | None = None
    mode: Mode | None = None
    change_request: int | None = None
    commit: str | None = None
    repo: str | None = None


def detect(
    env: Mapping[str, str], request: Request, pr_head: Callable[[], str | None] = lambda: None
) -> Job:
    """Route the run from the CI variables, letting explicit options win. `pr_head` finds a
    Jenkins pull request's head commit (read from git, only when asked)."""
    platform = request.platform or _detect_platform(env)
    if platform is Platform.GITHUB and env.get("GITHUB_EVENT_PATH"):
        job = _github(env, _load_event(env["GITHUB_EVENT_PATH"]), request)
    elif platform is Platform.GITLAB and env.get("GITLAB_CI") == "true":
        job = _gitlab(env, request)
    elif platform is Platform.BITBUCKET and env.get("BITBUCKET_BUILD_NUMBER"):
        job = _bitbucket(env, request)
    elif is_jenkins(env):
        job = _jenkins(jenkins_job(platform, env, pr_head), request)
    else:
        job = _explicit(platform, env, request)
    if request.mode is not None:
        job = _run(job, request.mode, f"mode `{request.mode}` was asked for")
    if job.mode is Mode.APPLY and job.is_fork:
        return _skip(job, "a change request from a fork is never applied")
    if job.mode is Mode.APPLY and not job.on_default_branch:
        # Inputs cannot widen a job: a merge request pipeline with `mode: apply` plans.
        if job.change_request is not None:
            return _run(job, Mode.PLAN, "apply runs only from the default branch: planning")
        return _skip(job, "apply runs only from the default branch: nothing to do")
    return job


def _detect_platform(env: Mapping[str, str]) -> Platform:
    if env.get("GITHUB_ACTIONS") == "true":
        return Platform.GITHUB
    if env.get("GITLAB_CI") == "true":
        return Platform.GITLAB
    if env.get("BITBUCKET_BUILD_NUMBER"):
        return Platform.BITBUCKET
    if is_jenkins(env):
        return server_of(env)
    return Platform.NONE


def _load_event(path: str) -> dict[str, Any]:
    try:
        payload = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise UsageError(f"cannot read the GitHub event payload `{path}`: {error}") from None
    if not isinstance(payload, dict):
        raise UsageError(f"the GitHub event payload `{path}` is not a JSON object")
    return payload


def _github(env: Mapping[str, str], payload: dict[str, Any], request: Request) -> Job:
    event = env.get("GITHUB_EVENT_NAME", "")
    repository = payload.get("repository") or {}
    repo = request.repo or env.get("GITHUB_REPOSITORY") or repository.get("full_name")
    default_branch = repository.get("default_branch")
    base = Job(
        platform=Platform.GITHUB,
        event=event,
        head_sha=request.commit or env.get("GITHUB_SHA"),
        repo=repo,
        default_branch=default_branch,
        api_url=env.get("GITHUB_API_URL", _DEFAULT_GITHUB_API),
    )
    if event == "pull_request_target":
        # It runs the base branch's workflow with a write token and checks out the base
        # branch: ktb would validate the base, not the pull request, and report it as the
        # pull request's result. Checking out the head there runs untrusted code.
        return _skip(
            base,
            "event `pull_request_target` validates the base branch, not the pull request: "
            "use `pull_request` (see docs/ci.md)",
        )
    if event == "pull_request":
        return _github_pull_request(base, payload, request)
    ref = payload.get("ref") or env.get("GITHUB_REF", "")
    base = replace(
        base, on_default_branch=bool(default_branch) and ref == f"refs/heads/{default_branch}"
    )
    if event == "push":
        if base.on_default_branch:
            return _run(base, Mode.APPLY, f"push to the default branch `{default_branch}`")
        return _skip(base, f"push to `{ref}`, not to the default branch: nothing to apply")
    if event == "workflow_dispatch":
        return _run(base, Mode.PLAN, "manual run without a mode: planning")
    if event == "schedule":
        return _run(base, Mode.DRIFT, "scheduled run: checking for drift")
    return _skip(base, f"event `{event}` is not one ktb acts on")


def _github_pull_request(base: Job, payload: dict[str, Any], request: Request) -> Job:
    pull = payload.get("pull_request") or {}
    head = pull.get("head") or {}
    head_repo = (head.get("repo") or {}).get("full_name")
    repo_name = (payload.get("repository") or {}).get("full_name")
    job = replace(
        base,
        change_request=request.change_request or pull.get("number") or payload.get("number"),
        head_sha=request.commit or head.get("sha"),
        base_sha=(pull.get("base") or {}).get("sha"),
        is_fork=head_repo is not None and head_repo != repo_name,
    )
    action = payload.get("action", "")
    if action in _PLANNED_PR_ACTIONS:
        return _run(job, Mode.PLAN, f"pull request #{job.change_request} {action}")
    return _skip(
        job,
        f"pull request action `{action}` needs no plan (apply runs on push to the default branch)",
    )


def _gitlab(env: Mapping[str, str], request: Request) -> Job:
    source = env.get("CI_PIPELINE_SOURCE", "")
    default_branch = env.get("CI_DEFAULT_BRANCH")
    branch = env.get("CI_COMMIT_BRANCH")
    iid = env.get("CI_MERGE_REQUEST_IID")
    source_project = env.get("CI_MERGE_REQUEST_SOURCE_PROJECT_ID")
    project = env.get("CI_MERGE_REQUEST_PROJECT_ID") or env.get("CI_PROJECT_ID")
    base_sha = env.get("CI_MERGE_REQUEST_DIFF_BASE_SHA")
    job = Job(
        platform=Platform.GITLAB,
        event=source,
        change_request=request.change_request or (int(iid) if iid else None),
        # In a merged-results pipeline CI_COMMIT_SHA is the merge commit, which the merge
        # request's diff does not know: annotate its source branch's head instead.
        head_sha=request.commit
        or env.get("CI_MERGE_REQUEST_SOURCE_BRANCH_SHA")
        or env.get("CI_COMMIT_SHA"),
        base_sha=base_sha,
        start_sha=env.get("CI_MERGE_REQUEST_TARGET_BRANCH_SHA") or base_sha,
        repo=request.repo or env.get("CI_PROJECT_ID"),
        default_branch=default_branch,
        is_fork=source_project is not None and source_project != project,
        api_url=env.get("CI_API_V4_URL"),
        on_default_branch=source != "merge_request_event"
        and branch is not None
        and branch == default_branch,
    )
    if source == "merge_request_event":
        return _run(job, Mode.PLAN, f"merge request !{job.change_request}")
    if source == "push" and job.on_default_branch:
        return _run(job, Mode.APPLY, f"push to the default branch `{default_branch}`")
    if source == "schedule":
        return _run(job, Mode.DRIFT, "scheduled pipeline: checking for drift")
    return _skip(job, f"pipeline source `{source}` on `{branch}` is not one ktb acts on")


def _bitbucket(env: Mapping[str, str], request: Request) -> Job:
    # Pipelines names neither the default branch nor a fork's upstream: both come from the
    # pipe's variables (`KTB_DEFAULT_BRANCH`, and `KTB_REPO` for the repository that applies).
    default_branch = env.get("KTB_DEFAULT_BRANCH") or "main"
    running_in = env.get("BITBUCKET_REPO_FULL_NAME") or (
        f"{env.get('BITBUCKET_WORKSPACE', '')}/{env.get('BITBUCKET_REPO_SLUG', '')}"
    )
    branch = env.get("BITBUCKET_BRANCH")
    pr_id = env.get("BITBUCKET_PR_ID", "")
    job = Job(
        platform=Platform.BITBUCKET,
        event="pull request" if pr_id else "push",
        change_request=request.change_request or (int(pr_id) if pr_id.isdigit() else None),
        head_sha=request.commit or env.get("BITBUCKET_COMMIT"),
        repo=running_in,
        default_branch=default_branch,
        is_fork=request.repo is not None and request.repo.lower() != running_in.lower(),
        api_url=env.get("KTB_BITBUCKET_API_URL") or DEFAULT_BITBUCKET_API,
        on_default_branch=not pr_id and branch == default_branch,
    )
    if job.change_request is not None:
        return _run(job, Mode.PLAN, f"pull request #{job.change_request}")
    if job.on_default_branch:
        return _run(job, Mode.APPLY, f"push to the default branch `{default_branch}`")
    if request.mode is Mode.DRIFT:
        return _run(job, Mode.DRIFT, "scheduled pipeline: checking for drift")
    return _skip(job, f"push to `{branch}`, not to the default branch: nothing to apply")


def _jenkins(job: Job, request: Request) -> Job:
    job = replace(
        job,
        change_request=request.change_request or job.change_request,
        head_sha=request.commit or job.head_sha,
        repo=request.repo or job.repo,
    )
    if job.change_request is not None:
        return _run(job, Mode.PLAN, f"Jenkins build of change request #{job.change_request}")
    # A branch build does what the Jenkinsfile's stage asks (`--mode apply` on main).
    return _run(job, Mode.PLAN, "Jenkins branch build without a mode: planning")


def _explicit(platform: Platform, env: Mapping[str, str], request: Request) -> Job:
    """Outside the platform's own CI (Jenkins, a laptop): everything comes from options/env."""
    change_request = request.change_request or _int_env(env, "KTB_CHANGE_REQUEST")
    job = Job(
        platform=platform,
        event="manual",
        change_request=change_request,
        head_sha=request.commit or env.get("KTB_COMMIT"),
        repo=request.repo or env.get("KTB_REPO"),
        api_url=_explicit_api_url(platform, env),
        on_default_branch=True,
    )
    # No event to go by: behave like a pull request, which changes nothing in Kafka.
    return _run(job, Mode.PLAN, "no CI event: planning as for a change request")


def _explicit_api_url(platform: Platform, env: Mapping[str, str]) -> str | None:
    if platform is Platform.GITHUB:
        return env.get("GITHUB_API_URL", _DEFAULT_GITHUB_API)
    if platform is Platform.GITLAB:
        return env.get("CI_API_V4_URL") or env.get("KTB_GITLAB_API_URL")
    if platform is Platform.BITBUCKET:
        return env.get("KTB_BITBUCKET_API_URL") or DEFAULT_BITBUCKET_API
    return None


def _int_env(env: Mapping[str, str], name: str) -> int | None:
    value = env.get(name, "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise UsageError(f"`{name}` must be a change request number, not `{value}`")
    return int(value)


def _run(job: Job, mode: Mode, reason: str) -> Job:
    return replace(job, mode=mode, reason=reason)


def _skip(job: Job, reason: str) -> Job:
    return replace(job, mode=None, reason=reason)
