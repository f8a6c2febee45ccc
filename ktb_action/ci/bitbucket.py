"""Bitbucket Cloud adapter: a Code Insights report with one annotation per finding, and the
plan as one sticky pull request comment.

Code Insights works without a token inside Pipelines, through the pipeline's local proxy
(Bitbucket's documented way); the comment needs a repository or workspace access token, or an
app password. Whatever cannot be posted is named in the log, which has everything anyway.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import requests

from ktb_action.ci.comment import COMMENT_LIMIT, MARKER, CommentParts, build_comment, run_header
from ktb_action.ci.http import HttpClient, Retry
from ktb_action.ci.jenkins import DEFAULT_BITBUCKET_API
from ktb_action.ci.job import Job
from ktb_action.ci.report import Delivery, Report
from ktb_action.diagnostics import Diagnostic, Severity, sorted_diagnostics
from ktb_action.errors import KtbError, UsageError
from ktb_action.render.escape import escape_text

ANNOTATIONS_PER_REQUEST = 100
ANNOTATIONS_PER_REPORT = 1_000
REPORT_ID = "ktb-action"
PIPELINES_PROXY = "http://localhost:29418"
"""Bitbucket's proxy inside a pipeline: Code Insights calls through it need no token."""
_PROXIED_API = "http://api.bitbucket.org/2.0"
_SUMMARY_LIMIT = 450
"""Characters: Bitbucket's limit on an annotation's summary."""
_SEVERITY = {Severity.ERROR: "HIGH", Severity.WARNING: "MEDIUM", Severity.NOTICE: "LOW"}


def bitbucket_marker(html_marker: str) -> str:
    """The plan marker as a markdown link definition: Bitbucket shows HTML comments as text,
    but renders `[//]: # (…)` as nothing."""
    inner = html_marker.removeprefix("<!-- ").removesuffix(" -->")
    return f"[//]: # ({inner})"


def credentials(env: Mapping[str, str], lost: str) -> dict[str, str]:
    """The Authorization header from an access token (`KTB_BITBUCKET_TOKEN`) or an app password
    (`KTB_BITBUCKET_USERNAME` + `KTB_BITBUCKET_APP_PASSWORD`); without either, an error
    naming what is `lost`."""
    token = env.get("KTB_BITBUCKET_TOKEN")
    if token:
        return {"Authorization": f"Bearer {token}"}
    username, password = env.get("KTB_BITBUCKET_USERNAME"), env.get("KTB_BITBUCKET_APP_PASSWORD")
    if username and password:
        # requests builds the Basic header; taking it from there keeps the encoding right.
        prepared = requests.Request("GET", _PROXIED_API, auth=(username, password)).prepare()
        return {"Authorization": str(prepared.headers["Authorization"])}
    raise UsageError(
        "no Bitbucket token in `KTB_BITBUCKET_TOKEN` (or app password in "
        f"`KTB_BITBUCKET_APP_PASSWORD`): {lost} not posted",
        hint="add a secured repository variable holding a repository access token with the "
        "`pullrequest:write` scope (see docs/ci.md)",
    )


def client(
    api_url: str, headers: Mapping[str, str], retry: Retry | None = None, proxy: str | None = None
) -> HttpClient:
    """A client for Bitbucket's REST API 2.0; with `proxy`, one for Pipelines' local proxy
    (which takes plain-HTTP URLs and adds the credentials itself)."""
    session = requests.Session()
    if proxy is not None:
        session.proxies = {"http": proxy}
        api_url = _PROXIED_API
    return HttpClient(
        api_url,
        {**headers, "User-Agent": "ktb-action"},
        service="Bitbucket",
        retry=retry,
        session=session,
    )


def annotation(index: int, diagnostic: Diagnostic) -> dict[str, Any]:
    """One finding as a Code Insights annotation (plain text: Bitbucket renders none)."""
    summary = escape_text(f"{diagnostic.rule}: {diagnostic.message}")
    found: dict[str, Any] = {
        "type": "report_annotation",
        "external_id": f"{REPORT_ID}-{index:04d}",
        "annotation_type": "BUG" if diagnostic.severity is Severity.ERROR else "CODE_SMELL",
        "severity": _SEVERITY[diagnostic.severity],
        "summary": summary[: _SUMMARY_LIMIT - 1] + "…"
        if len(summary) > _SUMMARY_LIMIT
        else summary,
    }
    if diagnostic.hint:
        found["details"] = escape_text(f"help: {diagnostic.hint}")
    if diagnostic.span is not None:
        found["path"] = diagnostic.span.file
        found["line"] = max(diagnostic.span.line, 1)
    return found


def insights(report: Report, run_url: str | None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The Code Insights report and its annotations (at most Bitbucket's 1,000; the report's
    details say how many were left out, errors are kept first)."""
    findings = sorted_diagnostics(report.diagnostics)
    findings = [d for d in findings if d.severity is Severity.ERROR] + [
        d for d in findings if d.severity is not Severity.ERROR
    ]
    kept = findings[:ANNOTATIONS_PER_REPORT]
    details = escape_text(report.outputs.summary)
    if len(findings) > len(kept):
        details += (
            f". {len(findings) - len(kept)} more findings are not annotated (Bitbucket keeps "
            f"at most {ANNOTATIONS_PER_REPORT:,} per report): see the pipeline log"
        )
    body: dict[str, Any] = {
        "type": "report",
        "title": report.title,
        "details": details,
        "report_type": "BUG",
        "reporter": "ktb-action",
        "result": "FAILED" if report.failed else "PASSED",
    }
    if run_url:
        body["link"] = run_url
    return body, [annotation(i, d) for i, d in enumerate(kept)]


def post_insights(api: HttpClient, job: Job, report: Report, run_url: str | None) -> None:
    """Create or replace the report on the job's commit, then add its annotations in
    batches of Bitbucket's 100 per request."""
    path = f"/repositories/{job.repo}/commit/{job.head_sha}/reports/{REPORT_ID}"
    body, annotations = insights(report, run_url)
    api.request("PUT", path, call="create Code Insights report", json=body)
    for start in range(0, len(annotations), ANNOTATIONS_PER_REQUEST):
        batch = annotations[start : start + ANNOTATIONS_PER_REQUEST]
        api.request("POST", f"{path}/annotations", call="add annotations", json=batch)


def upsert_comment(api: HttpClient, job: Job, body: str, *, marker: str) -> None:
    """Update the comment that starts with `marker` and was written by the token's account
    (anyone can paste a marker), or create it."""
    me = api.request("GET", "/user", call="get the token's account").body.get("uuid")
    base = f"/repositories/{job.repo}/pullrequests/{job.change_request}/comments"
    content = {"type": "pullrequest_comment", "content": {"raw": body}}
    listed = api.paginate(
        base, call="list pull request comments", params={"pagelen": 100}, in_body=True
    )
    for found in listed:
        text = (found.get("content") or {}).get("raw") or ""
        if (found.get("user") or {}).get("uuid") == me and text.startswith(marker):
            api.request("PUT", f"{base}/{found['id']}", call="update plan comment", json=content)
            return
    api.request("POST", base, call="create plan comment", json=content)


class BitbucketReporter:
    """Delivers a report to Bitbucket: the Code Insights report on the commit, the sticky
    comment on the pull request. `api` is None without a token; `insights_api` then goes
    through the Pipelines proxy, or is None outside Pipelines."""

    def __init__(
        self,
        api: HttpClient | None,
        insights_api: HttpClient | None,
        *,
        comment: bool = True,
        marker: str = MARKER,
        run_url: str | None = None,
        unavailable: KtbError | None = None,
    ) -> None:
        self._api = api
        self._insights_api = insights_api
        self._comment = comment
        self._marker = bitbucket_marker(marker)
        self._run_url = run_url
        self._unavailable = unavailable

    def deliver(self, report: Report) -> Delivery:
        """Post the Code Insights report, then the plan comment on a pull request."""
        delivery = Delivery()
        if self._unavailable is not None:
            delivery.skipped.append(self._unavailable)
        job = report.job
        insights_api = self._insights_api
        if insights_api is not None and job.head_sha:
            _try(
                delivery,
                "Code Insights report",
                lambda: post_insights(insights_api, job, report, self._run_url),
            )
        api = self._api
        if api is None or not self._comment or job.change_request is None:
            return delivery
        parts = self._parts(report, delivery)
        body = build_comment(parts, COMMENT_LIMIT, marker=self._marker)
        _try(
            delivery,
            "plan comment",
            lambda: upsert_comment(api, job, body, marker=self._marker),
        )
        return delivery

    def _parts(self, report: Report, delivery: Delivery) -> CommentParts:
        return report.comment_parts(
            full_plan_at="the pipeline log and the `plan.json` artifact",
            note=delivery.note(),
            header=run_header(report.job.head_sha, self._run_url),
        )


def _try(delivery: Delivery, part: str, action: Callable[[], None]) -> None:
    try:
        action()
    except KtbError as error:
        delivery.failures.append(error)
    else:
        delivery.posted.append(part)


def pipeline_url(env: Mapping[str, str]) -> str | None:
    """The pipeline's page, from Pipelines' variables."""
    origin = env.get("BITBUCKET_GIT_HTTP_ORIGIN")
    build = env.get("BITBUCKET_BUILD_NUMBER")
    return f"{origin}/pipelines/results/{build}" if origin and build else None


def reporter(
    job: Job, env: Mapping[str, str], *, comment: bool, retry: Retry | None, marker: str
) -> BitbucketReporter:
    """The adapter for a Bitbucket job: with a token both parts; without one Code Insights
    through the Pipelines proxy, and the comment is named as not posted."""
    api_url = job.api_url or DEFAULT_BITBUCKET_API
    run_url = env.get("BUILD_URL") or pipeline_url(env)
    in_pipelines = bool(env.get("BITBUCKET_BUILD_NUMBER"))
    wants_comment = comment and job.change_request is not None
    lost = [] if in_pipelines else ["the Code Insights report"]
    lost += ["the pull request comment"] if wants_comment else []
    try:
        api: HttpClient | None = client(api_url, credentials(env, " and ".join(lost)), retry)
    except UsageError as error:
        proxy = env.get("KTB_BITBUCKET_PROXY") or PIPELINES_PROXY
        insights_api = client(api_url, {}, retry, proxy) if in_pipelines else None
        return BitbucketReporter(
            None,
            insights_api,
            comment=comment,
            marker=marker,
            run_url=run_url,
            unavailable=error if lost else None,
        )
    return BitbucketReporter(api, api, comment=comment, marker=marker, run_url=run_url)
