"""GitLab adapter: Code Quality artefact, sticky MR note, line discussions, dotenv outputs.

Code Quality works on every tier; notes and discussions need a project or group access token
in a masked variable (the job token cannot write notes).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ktb_action.ci.comment import (
    MARKER,
    NOTE_LIMIT,
    CommentParts,
    apply_marker,
    build_comment,
    run_header,
)
from ktb_action.ci.diff import ChangedLines, FilterMode, in_diff
from ktb_action.ci.gitlab_notes import merged_merge_request, set_outcome_label, upsert_note
from ktb_action.ci.http import HttpClient, Retry
from ktb_action.ci.job import Job, Mode
from ktb_action.ci.line_comments import (
    Suggestion,
    already_posted,
    finding_marker,
    line_comment_body,
    suggestion_block,
)
from ktb_action.ci.outputs import dotenv_text
from ktb_action.ci.report import Delivery, Report
from ktb_action.diagnostics import Diagnostic, Severity, Span, sorted_diagnostics
from ktb_action.errors import KtbError, UsageError

DEFAULT_TOKEN_VARIABLE = "KTB_GITLAB_TOKEN"
CODE_QUALITY_FILE = "gl-code-quality-report.json"
DOTENV_FILE = "ktb.env"
_FINDING_MARKER = "<!-- ktb-action:finding {} -->"


def gitlab_token(env: Mapping[str, str]) -> str:
    """The token from the variable named by `KTB_GITLAB_TOKEN_VARIABLE` (a masked variable)."""
    name = env.get("KTB_GITLAB_TOKEN_VARIABLE") or DEFAULT_TOKEN_VARIABLE
    if name == "CI_JOB_TOKEN":
        raise UsageError(
            "`CI_JOB_TOKEN` cannot write merge request notes",
            hint="store a project access token (scope `api`) in a masked variable and name it "
            "in the `token_variable` input",
        )
    token = env.get(name)
    if not token:
        raise UsageError(
            f"no GitLab token in `{name}`: the merge request note and threads were not posted",
            hint="add a masked CI/CD variable holding a project access token (scope `api`); "
            "merge request pipelines do not get protected variables, so leave it unprotected "
            "(masked) or set `comment: false`",
        )
    return token


def client(api_url: str, token: str, retry: Retry | None = None) -> HttpClient:
    """A client for GitLab's REST API v4 (`CI_API_V4_URL`)."""
    return HttpClient(
        api_url, {"PRIVATE-TOKEN": token, "User-Agent": "ktb-action"}, service="GitLab", retry=retry
    )


def discussable(
    diagnostics: tuple[Diagnostic, ...], changed: ChangedLines, mode: FilterMode
) -> list[Diagnostic]:
    """Errors the filter mode puts on the diff: only those get a line discussion."""
    errors = [d for d in sorted_diagnostics(diagnostics) if d.severity is Severity.ERROR]
    return in_diff(errors, changed, mode)


def post_discussions(
    api: HttpClient, job: Job, diagnostics: list[Diagnostic], suggestions: Sequence[Suggestion]
) -> None:
    """Start one discussion per finding not already discussed, with GitLab's suggestion
    block when the fix is mechanical."""
    if not diagnostics:
        return
    base = f"/projects/{job.repo}/merge_requests/{job.change_request}/discussions"
    existing = api.paginate(base, call="list merge request discussions", params={"per_page": 100})
    seen = already_posted(
        note.get("body", "")
        for discussion in existing
        for note in (discussion.get("notes") or [])[:1]
    )
    fixes = {s.diagnostic: suggestion_block(s, "suggestion:-0+0") for s in suggestions}
    for diagnostic in diagnostics:
        if diagnostic.span is None or finding_marker(diagnostic) in seen:
            continue
        body = line_comment_body(diagnostic, fixes.get(diagnostic, ""))
        api.request(
            "POST",
            base,
            call="create line discussion",
            json=_discussion(job, body, diagnostic.span),
        )


def _discussion(job: Job, body: str, span: Span) -> dict[str, Any]:
    """A line discussion: the body at a text position on the new side of the diff."""
    return {
        "body": body,
        "position": {
            "position_type": "text",
            "base_sha": job.base_sha,
            "start_sha": job.start_sha,
            "head_sha": job.head_sha,
            # GitLab wants both paths, the same for a file that was not renamed or was added.
            "old_path": span.file,
            "new_path": span.file,
            "new_line": span.line,
        },
    }


class GitlabReporter:
    """Delivers a report to GitLab; artefacts always, the note and discussions when a token
    and a merge request are there."""

    def __init__(
        self,
        api: HttpClient | None,
        root: Path,
        changed_lines: Callable[[], ChangedLines],
        *,
        comment: bool = True,
        marker: str = MARKER,
        run_url: str | None = None,
        unavailable: KtbError | None = None,
        filter_mode: FilterMode = FilterMode.ADDED,
        merged: Callable[[], int | None] | None = None,
    ) -> None:
        self._filter_mode = filter_mode
        self._merged = merged
        """The run's one lookup of the merged merge request (`MergedLookup.number`);
        without it, the reporter asks the API itself."""
        self._api = api
        self._root = root
        self._changed_lines = changed_lines
        self._comment = comment
        self._marker = marker
        self._run_url = run_url
        self._unavailable = unavailable

    def deliver(self, report: Report) -> Delivery:
        """Write the artefacts, then post the note and the line discussions."""
        delivery = Delivery()
        (self._root / CODE_QUALITY_FILE).write_text(report.code_quality or "[]", encoding="utf-8")
        (self._root / DOTENV_FILE).write_text(dotenv_text(report.outputs), encoding="utf-8")
        delivery.posted.append("code quality report")
        if self._unavailable is not None:
            delivery.skipped.append(self._unavailable)
        job = report.job
        api = self._api
        if api is None or not self._comment:
            return delivery
        if job.mode is Mode.APPLY:
            self._try(delivery, "apply note", lambda: self._apply_note(api, report, delivery))
            return delivery
        if job.change_request is None:
            return delivery
        self._try(
            delivery,
            "line discussions",
            lambda: post_discussions(api, job, self._discussable(report), report.suggestions),
        )
        body = build_comment(self._parts(report, delivery), NOTE_LIMIT, marker=self._marker)
        iid = job.change_request
        self._try(
            delivery, "plan note", lambda: upsert_note(api, job, iid, body, marker=self._marker)
        )
        if report.digest is not None and "plan note" in delivery.posted:
            label = report.digest.outcome_label
            self._try(delivery, "outcome label", lambda: set_outcome_label(api, job, label))
        return delivery

    def _apply_note(self, api: HttpClient, report: Report, delivery: Delivery) -> KtbError | None:
        iid = self._merged() if self._merged else merged_merge_request(api, report.job)
        if iid is None:
            return None
        marker = apply_marker(self._marker)
        body = build_comment(self._parts(report, delivery), NOTE_LIMIT, marker=marker)
        return upsert_note(api, report.job, iid, body, marker=marker)

    def _parts(self, report: Report, delivery: Delivery) -> CommentParts:
        return report.comment_parts(
            full_plan_at="the job log and the `plan.json` artefact of this pipeline",
            note=delivery.note(),
            header=run_header(report.job.head_sha, self._run_url),
        )

    def _discussable(self, report: Report) -> list[Diagnostic]:
        if not (report.job.base_sha and report.job.head_sha):
            return []
        if self._filter_mode is FilterMode.NOFILTER:
            return discussable(report.diagnostics, {}, self._filter_mode)
        return discussable(report.diagnostics, self._changed_lines(), self._filter_mode)

    @staticmethod
    def _try(delivery: Delivery, part: str, action: Callable[[], KtbError | None]) -> None:
        """Run one part; it raises when it failed and returns why when it left itself out."""
        # KtbError, not only ApiError: a shallow clone that cannot be diffed costs the line
        # threads, not the note.
        try:
            skipped = action()
        except KtbError as error:
            delivery.failures.append(error)
            return
        if skipped is not None:
            delivery.skipped.append(skipped)
        else:
            delivery.posted.append(part)
