"""The pull/merge request an applied commit came from, for the apply's audit record (the
comment on it is posted by the platform adapter)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ktb_action.ci import github, gitlab
from ktb_action.ci.github_comments import merged_pull
from ktb_action.ci.gitlab_notes import merged_merge_request
from ktb_action.ci.http import Retry
from ktb_action.ci.job import Job, Mode, Platform
from ktb_action.errors import KtbError


@dataclass(frozen=True)
class ChangeRequest:
    """A pull request (GitHub) or merge request (GitLab): its number and web page."""

    number: int
    url: str | None


def merged_change_request(
    job: Job, env: Mapping[str, str], retry: Retry | None = None
) -> ChangeRequest | None:
    """The change request `job`'s commit was merged from, asked of the platform's API; None
    outside an apply on GitHub or GitLab, without a token, or when the API cannot say (the
    record then lacks it: an audit record never fails an apply that was made)."""
    if job.mode is not Mode.APPLY or not (job.repo and job.head_sha and job.api_url):
        return None
    try:
        if job.platform is Platform.GITHUB:
            api = github.client(job.api_url, github.github_token(env), retry)
            number = merged_pull(api, job.repo, job.head_sha)
            page = f"{env.get('GITHUB_SERVER_URL')}/{job.repo}/pull/"
            known = bool(env.get("GITHUB_SERVER_URL"))
        elif job.platform is Platform.GITLAB:
            api = gitlab.client(job.api_url, gitlab.gitlab_token(env), retry)
            number = merged_merge_request(api, job)
            page = f"{env.get('CI_PROJECT_URL')}/-/merge_requests/"
            known = bool(env.get("CI_PROJECT_URL"))
        else:
            return None
    except KtbError:
        return None
    if number is None:
        return None
    return ChangeRequest(number, f"{page}{number}" if known else None)
