"""What an apply run reports back: per change done / failed / not attempted, in the check
run, the summary and a comment on the merged pull or merge request."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

from ktb_action.ci import github as github_adapter
from ktb_action.ci import gitlab as gitlab_adapter
from ktb_action.ci.apply_result import (
    Applied,
    AppliedChange,
    apply_markdown,
    apply_summary,
)
from ktb_action.ci.comment import APPLY_MARKER
from ktb_action.ci.job import Mode
from ktb_action.ci.run import Options, run_ci
from ktb_action.ci.steps import applied_from
from ktb_action.core.applier import ApplyReport, ChangeResult, Outcome
from ktb_action.core.plan import Plan
from ktb_action.render.apply_text import render_apply_report
from tests.ci.builders import REPO, gitlab_apply_job, pr_job, report, topic_plan
from tests.ci.test_run import Recorder
from tests.fakes.gitlab_api import MR_HEAD_SHA
from tests.fakes.server import ContractServer

PLAN = topic_plan("acme.orders", "acme.payments", "acme.refunds")
APPLIED = Applied(
    ok=False,
    text="",
    results=(
        AppliedChange("+ topic acme.orders", Outcome.SUCCEEDED),
        AppliedChange("+ topic acme.payments", Outcome.FAILED, "TOPIC_AUTHORIZATION_FAILED"),
        AppliedChange("+ topic acme.refunds", Outcome.NOT_ATTEMPTED),
    ),
)
RESULT = (
    "### ktb apply: 1 done, 1 failed, 1 not attempted\n\n"
    "- **done** + topic acme.orders\n"
    "- **failed** + topic acme.payments: TOPIC\\_AUTHORIZATION\\_FAILED\n"
    "- **not attempted** + topic acme.refunds"
)


def _apply_report(plan: Plan) -> ApplyReport:
    outcomes = (Outcome.SUCCEEDED, Outcome.FAILED, Outcome.NOT_ATTEMPTED)
    errors = (None, "TOPIC_AUTHORIZATION_FAILED", None)
    return ApplyReport(
        tuple(
            ChangeResult(change, outcome, error)
            for change, outcome, error in zip(plan.changes, outcomes, errors, strict=True)
        )
    )


def test_each_change_of_the_apply_report_keeps_its_result() -> None:
    apply_report = _apply_report(PLAN)
    assert applied_from(apply_report) == replace(APPLIED, text=render_apply_report(apply_report))


def test_the_apply_run_reports_the_result_per_change(tmp_path: Path) -> None:
    recorder = Recorder(plan=PLAN, applied=APPLIED)
    job = pr_job(mode=Mode.APPLY, change_request=None, on_default_branch=True)
    code = run_ci(job, recorder.steps(), recorder, Options(tmp_path / "plan.json"), io.StringIO())
    (sent,) = recorder.reports
    assert (code, sent.title, sent.result_markdown, sent.outputs.summary) == (
        1,
        "ktb apply",
        RESULT,
        "ktb apply: 1 done, 1 failed, 1 not attempted; 0 errors, 0 warnings",
    )


def test_github_apply_result_is_commented_on_the_merged_pull_request(
    github: ContractServer, tmp_path: Path
) -> None:
    merged = github.example("repos/list-pull-requests-associated-with-commit")[0]
    job = pr_job(mode=Mode.APPLY, change_request=None, head_sha=merged["merge_commit_sha"])
    applied = replace(report(job, plan=PLAN), title="ktb apply", result_markdown=RESULT)
    api = github_adapter.client(github.url, "ghs_token")
    delivery = github_adapter.GithubReporter(api, {}).deliver(applied)
    (lookup,) = github.calls("repos/list-pull-requests-associated-with-commit")
    (comment,) = github.calls("issues/create-comment")
    assert lookup.path == f"/repos/{REPO}/commits/{merged['merge_commit_sha']}/pulls"
    assert comment.path == f"/repos/{REPO}/issues/{merged['number']}/comments"
    assert comment.body["body"].startswith(f"{APPLY_MARKER}\n\nCommit `")
    assert RESULT in comment.body["body"]
    assert RESULT in github.calls("checks/create")[0].body["output"]["summary"]
    assert delivery.posted == ["check run", "apply comment"]


def test_gitlab_apply_result_is_noted_on_the_merged_merge_request(
    gitlab: ContractServer, tmp_path: Path
) -> None:
    job = gitlab_apply_job()
    applied = replace(report(job, plan=PLAN), title="ktb apply", result_markdown=RESULT)
    api = gitlab_adapter.client(gitlab.url, "glpat-token")
    delivery = gitlab_adapter.GitlabReporter(api, tmp_path, dict).deliver(applied)
    (lookup,) = gitlab.calls("commits/list-merge-requests")
    (note,) = gitlab.calls("notes/create-merge-request-note")
    assert lookup.path == f"/projects/42/repository/commits/{MR_HEAD_SHA}/merge_requests"
    assert note.path == "/projects/42/merge_requests/7/notes"
    assert note.body["body"].startswith(f"{APPLY_MARKER}\n\nCommit `")
    assert RESULT in note.body["body"]
    assert delivery.posted == ["code quality report", "apply note"]


def test_a_change_without_answer_is_unknown_in_the_result_with_a_call_to_plan_again() -> None:
    apply_report = ApplyReport(
        (ChangeResult(PLAN.changes[0], Outcome.UNKNOWN, "no answer: _TIMED_OUT"),)
    )
    applied = applied_from(apply_report)
    assert (apply_summary(applied), apply_markdown(applied)) == (
        "0 done, 0 failed, 0 not attempted, 1 unknown",
        "### ktb apply: 0 done, 0 failed, 0 not attempted, 1 unknown\n\n"
        "- **unknown** + topic acme.orders: no answer: \\_TIMED\\_OUT\n\n"
        "**Kafka stopped answering, so what it has now is unknown: plan again \\(against the "
        "cluster, not a saved plan\\) before you apply anything.**",
    )
