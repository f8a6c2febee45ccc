"""Choose and build the platform adapter for a job (tokens are checked here, before any work)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TextIO

from ktb_action.ci import bitbucket, github, gitlab
from ktb_action.ci.comment import MARKER
from ktb_action.ci.diff import FilterMode, git_changed_lines
from ktb_action.ci.http import HttpClient, Retry
from ktb_action.ci.job import Job, Mode, Platform
from ktb_action.ci.local import LocalReporter
from ktb_action.ci.run import Reporter
from ktb_action.errors import UsageError


def reporter_for(
    job: Job,
    env: Mapping[str, str],
    root: Path,
    out: TextIO,
    *,
    comment: bool,
    retry: Retry | None = None,
    marker: str = MARKER,
    filter_mode: FilterMode = FilterMode.ADDED,
    merged: Callable[[], int | None] | None = None,
) -> Reporter:
    """The adapter for `job.platform`. A missing GitHub token is an error now, so nothing is
    posted; a missing GitLab token (protected variables are hidden from merge request
    pipelines) costs only the note: the artefacts and the verdict do not need it. `merged`
    is the run's one lookup of the change request an applied commit came from."""
    if job.mode is None:
        return LocalReporter(out)  # nothing runs, so nothing is reported
    if job.platform is Platform.GITHUB:
        _required(job.repo, "--repo (KTB_REPO)")
        api_url = _required(job.api_url, "GITHUB_API_URL")
        github_api = github.client(api_url, github.github_token(env), retry)
        return github.GithubReporter(
            github_api,
            env,
            comment=comment,
            stdout=out,
            marker=marker,
            filter_mode=filter_mode,
            merged=merged,
        )
    if job.platform is Platform.GITLAB:
        wants_note = comment and (job.change_request is not None or job.mode is Mode.APPLY)
        api: HttpClient | None = None
        unavailable: UsageError | None = None
        if wants_note:
            _required(job.repo, "--repo (KTB_REPO)")
            api_url = _required(job.api_url, "CI_API_V4_URL")
            try:
                api = gitlab.client(api_url, gitlab.gitlab_token(env), retry)
            except UsageError as error:
                unavailable = error
        base, head = job.base_sha or "", job.head_sha or ""
        return gitlab.GitlabReporter(
            api,
            root,
            lambda: git_changed_lines(root, base, head),
            comment=comment,
            marker=marker,
            run_url=env.get("CI_PIPELINE_URL"),
            unavailable=unavailable,
            filter_mode=filter_mode,
            merged=merged,
        )
    if job.platform is Platform.BITBUCKET:
        _required(job.repo, "--repo (KTB_REPO)")
        return bitbucket.reporter(job, env, comment=comment, retry=retry, marker=marker)
    return LocalReporter(out)


def _required(value: str | None, setting: str) -> str:
    if not value:
        raise UsageError(f"`{setting}` is not set: cannot report to the platform")
    return value
