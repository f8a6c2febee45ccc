"""GitHub adapter: check run with annotations, sticky PR comment, step summary, outputs."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from ktb_action.ci.comment import (
    COMMENT_LIMIT,
    MARKER,
    STEP_SUMMARY_LIMIT,
    CommentParts,
    apply_marker,
    build_comment,
    run_header,
    utf8_size,
)
from ktb_action.ci.diff import ChangedLines, FilterMode, in_diff, patch_changed_lines
from ktb_action.ci.github_comments import (
    merged_pull,
    post_suggestions,
    set_outcome_label,
    upsert_comment,
)
from ktb_action.ci.http import ApiError, HttpClient, Retry
from ktb_action.ci.job import Mode
from ktb_action.ci.outputs import append, github_output_text
from ktb_action.ci.report import Delivery, Report
from ktb_action.diagnostics import Diagnostic, Severity, sorted_diagnostics
from ktb_action.errors import KtbError, UsageError
from ktb_action.render.escape import escape_text

CHECK_NAME = "ktb"
ANNOTATIONS_PER_REQUEST = 50
CHECK_RUN_SUMMARY_LIMIT = 65_535
_LEVELS = {Severity.ERROR: "failure", Severity.WARNING: "warning", Severity.NOTICE: "notice"}
_FALLBACK_NOTE = (
    "> [!NOTE]\n> The token of this run cannot write check runs (pull requests from forks get "
    "a read-only one): findings are shown as workflow commands in the log, and GitHub shows "
    "only the first 10 errors and 10 warnings of a step inline. All findings are listed below."
)


def github_token(env: Mapping[str, str]) -> str:
    """The token from the action input or `GITHUB_TOKEN`; a clear error when there is none."""
    token = env.get("INPUT_GITHUB-TOKEN") or env.get("GITHUB_TOKEN")
    if not token:
        raise UsageError(
            "no GitHub token: cannot post the check run or the plan comment",
            hint="set the `github-token` input or the GITHUB_TOKEN variable",
        )
    return token


def client(api_url: str, token: str, retry: Retry | None = None) -> HttpClient:
    """A client for GitHub's REST API with the headers it asks integrators to send."""
    return HttpClient(
        api_url,
        {
            "Authorization": f"Bearer {token}",
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": "ktb-action",
        },
        service="GitHub",
        retry=retry,
    )


def annotation(diagnostic: Diagnostic) -> dict[str, Any] | None:
    """A check-run annotation, or None for a finding with no file position."""
    span = diagnostic.span
    if span is None:
        return None
    item: dict[str, Any] = {
        "path": span.file,
        "start_line": span.line,
        "end_line": max(span.end_line, span.line),
        "annotation_level": _LEVELS[diagnostic.severity],
        "message": escape_text(diagnostic.message),
        "title": diagnostic.rule,
    }
    # GitHub accepts columns only when the annotation starts and ends on the same line.
    if span.end_line == span.line:
        item["start_column"] = span.column
        item["end_column"] = max(span.end_column, span.column)
    if diagnostic.hint:
        item["raw_details"] = escape_text(diagnostic.hint)
    return item


def conclusion(diagnostics: Sequence[Diagnostic], failed: bool) -> str:
    """`failure` when the run fails, `neutral` with warnings, else `success`."""
    if failed:
        return "failure"
    if any(d.severity is Severity.WARNING for d in diagnostics):
        return "neutral"
    return "success"


def publish_check_run(
    api: HttpClient, report: Report, summary: str, annotated: Sequence[Diagnostic]
) -> None:
    """Create the check run with the first 50 annotations (of the `annotated` findings),
    then PATCH 50 more per request; only the last request completes it."""
    job = report.job
    items = [a for d in sorted_diagnostics(annotated) if (a := annotation(d))]
    batches = [
        items[i : i + ANNOTATIONS_PER_REQUEST]
        for i in range(0, len(items), ANNOTATIONS_PER_REQUEST)
    ] or [[]]
    output = {"title": report.outputs.summary, "summary": summary}
    completion = {
        "status": "completed",
        "conclusion": conclusion(report.diagnostics, report.failed),
    }

    def body(index: int) -> dict[str, Any]:
        last = index == len(batches) - 1
        payload: dict[str, Any] = {"output": {**output, "annotations": batches[index]}}
        payload.update(completion if last else {"status": "in_progress"})
        return payload

    created = api.request(
        "POST",
        f"/repos/{job.repo}/check-runs",
        call="create check run",
        json={"name": CHECK_NAME, "head_sha": job.head_sha, **body(0)},
    )
    check_run_id = int(created.body["id"])
    for index in range(1, len(batches)):
        api.request(
            "PATCH",
            f"/repos/{job.repo}/check-runs/{check_run_id}",
            call="update check run",
            json=body(index),
        )


class GithubReporter:
    """Delivers a report to GitHub. Each part is tried on its own, so a failed comment does
    not hide a posted check run: the step summary lists what was posted and what failed."""

    def __init__(
        self,
        api: HttpClient,
        env: Mapping[str, str],
        *,
        comment: bool = True,
        stdout: TextIO | None = None,
        marker: str = MARKER,
        filter_mode: FilterMode = FilterMode.ADDED,
        merged: Callable[[], int | None] | None = None,
    ) -> None:
        self._api = api
        self._env = env
        self._merged = merged
        """The run's one lookup of the merged pull request (`MergedLookup.number`); without
        it, the reporter asks the API itself."""
        self._comment = comment
        self._stdout = stdout or sys.stdout
        self._marker = marker
        self._filter_mode = filter_mode

    def deliver(self, report: Report) -> Delivery:
        """Check run (or workflow commands), PR comment, step summary and outputs."""
        delivery = Delivery()
        job = report.job
        note = ""
        changed = self._changed_lines(report, delivery)
        if not self._check_run(report, delivery, changed):
            self._stdout.write(report.workflow_commands)
            delivery.posted.append("workflow-command annotations")
            note = _FALLBACK_NOTE
        if self._comment and not job.is_fork:
            try:
                self._post_comment(report, note, delivery)
                self._post_suggestions(report, changed, delivery)
            except ApiError as error:
                delivery.failures.append(error)
        self._write_summary(report, note, delivery)
        self._write_outputs(report)
        return delivery

    def _post_comment(self, report: Report, note: str, delivery: Delivery) -> None:
        """The plan on the pull request; after an apply, the result on the merged one."""
        job = report.job
        repo = str(job.repo)
        marker = self._marker
        if job.mode is Mode.APPLY and job.head_sha:
            merged = self._merged or (lambda: merged_pull(self._api, repo, str(job.head_sha)))
            number = merged()
            marker = apply_marker(marker)
        else:
            number = job.change_request
        if number is None:
            return
        body = build_comment(self._parts(report, note, delivery), COMMENT_LIMIT, marker=marker)
        skipped = upsert_comment(
            self._api, repo, number, body, marker=marker, head_sha=job.head_sha
        )
        if skipped is not None:
            delivery.skipped.append(skipped)
            return
        delivery.posted.append("apply comment" if job.mode is Mode.APPLY else "plan comment")
        if job.mode is not Mode.APPLY and report.digest is not None:
            set_outcome_label(self._api, repo, number, report.digest.outcome_label)
            delivery.posted.append("outcome label")

    def _post_suggestions(
        self, report: Report, changed: ChangedLines | None, delivery: Delivery
    ) -> None:
        """Review comments with a suggested change, on the lines the pull request changed
        (GitHub takes review comments only on the diff)."""
        job = report.job
        if job.change_request is None or job.head_sha is None or changed is None:
            return
        on_diff = in_diff((s.diagnostic for s in report.suggestions), changed, FilterMode.ADDED)
        offered = [s for s in report.suggestions if s.diagnostic in on_diff]
        if offered:
            post_suggestions(self._api, str(job.repo), job.change_request, job.head_sha, offered)
            delivery.posted.append("suggested changes")

    def _check_run(self, report: Report, delivery: Delivery, changed: ChangedLines | None) -> bool:
        """Annotate through a check run; False when the caller must fall back."""
        job = report.job
        if job.is_fork or not (job.head_sha and job.repo):
            return False
        summary = build_comment(
            self._parts(report, "", delivery), CHECK_RUN_SUMMARY_LIMIT, marker=""
        )
        try:
            annotated = (
                list(report.diagnostics)
                if changed is None or self._filter_mode is FilterMode.NOFILTER
                else in_diff(report.diagnostics, changed, self._filter_mode)
            )
            publish_check_run(self._api, report, summary, annotated)
        except ApiError as error:
            # 403: a read-only token (restricted permissions) - fall back, it is not a failure.
            if error.status != 403:
                delivery.failures.append(error)
            return False
        delivery.posted.append("check run")
        return True

    def _changed_lines(self, report: Report, delivery: Delivery) -> ChangedLines | None:
        """The pull request's changed lines; None without a pull request (a push has no diff)
        or when they cannot be read (then every finding is annotated)."""
        job = report.job
        if job.change_request is None or job.is_fork:
            return None
        try:
            files = self._api.paginate(
                f"/repos/{job.repo}/pulls/{job.change_request}/files",
                call="list pull request files",
                params={"per_page": 100},
            )
        except ApiError as error:
            delivery.skipped.append(
                KtbError(f"{error.message}: annotating every finding", error.hint)
            )
            return None
        return patch_changed_lines(files)

    def _parts(self, report: Report, note: str, delivery: Delivery) -> CommentParts:
        url = self._run_url()
        return report.comment_parts(
            full_plan_at=f"the job summary of [this run]({url})"
            if url
            else "the job summary of this run",
            note="\n\n".join(n for n in (note, delivery.note()) if n),
            header=run_header(report.job.head_sha, url),
        )

    def _run_url(self) -> str | None:
        env = self._env
        run = env.get("GITHUB_RUN_ID")
        if run and env.get("GITHUB_SERVER_URL") and env.get("GITHUB_REPOSITORY"):
            return f"{env['GITHUB_SERVER_URL']}/{env['GITHUB_REPOSITORY']}/actions/runs/{run}"
        return None

    def _write_summary(self, report: Report, note: str, delivery: Delivery) -> None:
        path = self._env.get("GITHUB_STEP_SUMMARY")
        if path:
            parts = self._parts(report, note, delivery)
            text = build_comment(parts, STEP_SUMMARY_LIMIT, marker="", size=utf8_size)
            append(Path(path), text)

    def _write_outputs(self, report: Report) -> None:
        path = self._env.get("GITHUB_OUTPUT")
        if path:
            append(Path(path), github_output_text(report.outputs))
