"""The pull/merge request an applied commit came from, asked of the platform's API once per
run: the apply's audit record names it and the platform adapter comments on it."""

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


class MergedLookup:
    """The change request `job`'s commit was merged from, asked once and remembered (the
    answer or the API's error)."""

    def __init__(self, job: Job, env: Mapping[str, str], retry: Retry | None = None) -> None:
        self._job = job
        self._env = env
        self._retry = retry
        self._answer: int | KtbError | None = None
        self._asked = False

    def number(self) -> int | None:
        """Its number; None outside an apply on GitHub or GitLab or when the commit came
        from none. Raises the API's error (or a missing token's), every time it is asked:
        the apply comment reports it as a failed delivery."""
        if not self._asked:
            self._asked = True
            try:
                self._answer = self._ask()
            except KtbError as error:
                self._answer = error
        if isinstance(self._answer, KtbError):
            raise self._answer
        return self._answer

    def change_request(self) -> ChangeRequest | None:
        """Its number and page, for the audit record; None also when the API cannot say (the
        record then lacks it: an audit record never fails an apply that was made)."""
        try:
            number = self.number()
        except KtbError:
            return None
        if number is None:
            return None
        if self._job.platform is Platform.GITHUB:
            server = self._env.get("GITHUB_SERVER_URL")
            page = f"{server}/{self._job.repo}/pull/" if server else None
        else:
            project = self._env.get("CI_PROJECT_URL")
            page = f"{project}/-/merge_requests/" if project else None
        return ChangeRequest(number, None if page is None else f"{page}{number}")

    def _ask(self) -> int | None:
        job = self._job
        if job.mode is not Mode.APPLY or not (job.repo and job.head_sha and job.api_url):
            return None
        if job.platform is Platform.GITHUB:
            api = github.client(job.api_url, github.github_token(self._env), self._retry)
            return merged_pull(api, job.repo, job.head_sha)
        if job.platform is Platform.GITLAB:
            api = gitlab.client(job.api_url, gitlab.gitlab_token(self._env), self._retry)
            return merged_merge_request(api, job)
        return None
