"""The GitLab adapter with GitLab's predefined variables, against the fake notes and
discussions endpoints."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from ktb_action.ci import gitlab as adapter
from ktb_action.ci.comment import MARKER
from ktb_action.ci.diff import ChangedLines, FilterMode
from ktb_action.ci.events import Request, detect
from ktb_action.ci.http import Retry
from ktb_action.ci.job import Job
from ktb_action.ci.line_comments import finding_marker
from ktb_action.ci.reporters import reporter_for
from ktb_action.core.plan import Plan
from ktb_action.errors import KtbError, UsageError
from ktb_action.render.diagnostics_gitlab import render_gitlab
from tests.ci.builders import BASE_SHA, FILE, HEAD_SHA, error, report, topic_plan
from tests.fakes.server import ContractServer

TOKEN = "glpat-secret-token-value"
NOTES = "/projects/42/merge_requests/7/notes"
DISCUSSIONS = "/projects/42/merge_requests/7/discussions"


def _mr_job(gitlab_api: ContractServer) -> Job:
    env = {
        "GITLAB_CI": "true",
        "CI_PIPELINE_SOURCE": "merge_request_event",
        "CI_API_V4_URL": gitlab_api.url,
        "CI_PROJECT_ID": "42",
        "CI_DEFAULT_BRANCH": "main",
        "CI_COMMIT_SHA": HEAD_SHA,
        "CI_MERGE_REQUEST_IID": "7",
        "CI_MERGE_REQUEST_PROJECT_ID": "42",
        "CI_MERGE_REQUEST_SOURCE_PROJECT_ID": "42",
        "CI_MERGE_REQUEST_DIFF_BASE_SHA": BASE_SHA,
    }
    return detect(env, Request())


def _reporter(
    gitlab_api: ContractServer, retry: Retry, root: Path, changed: ChangedLines
) -> adapter.GitlabReporter:
    return adapter.GitlabReporter(
        adapter.client(gitlab_api.url, TOKEN, retry), root, lambda: changed
    )


def test_merge_request_gets_one_note_with_the_marker_and_the_private_token(
    gitlab: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    job = _mr_job(gitlab)
    _reporter(gitlab, retry, tmp_path, {}).deliver(report(job, plan=topic_plan("acme.orders")))
    (listing,) = gitlab.calls("notes/list-merge-request-notes")
    (created,) = gitlab.calls("notes/create-merge-request-note")
    assert (listing.path, listing.query) == (NOTES, {"per_page": "100"})
    assert created.body["body"].startswith(MARKER)
    assert created.headers["private-token"] == TOKEN


def test_second_pipeline_updates_the_marked_note(
    gitlab: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    ours = {**gitlab.example("notes/create-merge-request-note"), "id": 555, "body": MARKER}
    gitlab.answer("notes/list-merge-request-notes", 200, [ours])
    _reporter(gitlab, retry, tmp_path, {}).deliver(report(_mr_job(gitlab), plan=topic_plan("t")))
    (updated,) = gitlab.calls("notes/update-merge-request-note")
    assert updated.path == f"{NOTES}/555"
    assert gitlab.calls("notes/create-merge-request-note") == []


def test_errors_on_changed_lines_become_line_discussions_with_a_text_position(
    gitlab: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    job = _mr_job(gitlab)
    diagnostics = (error(6), error(30))
    _reporter(gitlab, retry, tmp_path, {FILE: frozenset({5, 6, 7})}).deliver(
        report(job, diagnostics)
    )
    (thread,) = gitlab.calls("discussions/create-merge-request-thread")
    assert thread.path == DISCUSSIONS
    assert thread.body["position"] == {
        "position_type": "text",
        "base_sha": BASE_SHA,
        "start_sha": BASE_SHA,
        "head_sha": HEAD_SHA,
        "old_path": FILE,
        "new_path": FILE,
        "new_line": 6,
    }
    note = gitlab.calls("notes/create-merge-request-note")[0].body["body"]
    assert "`topologies/orders.yaml:30:9`" in note


def test_a_finding_already_discussed_is_not_posted_again(
    gitlab: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    job = _mr_job(gitlab)
    discussion = gitlab.example("discussions/list-merge-request-discussions")[0]
    marker = finding_marker(error(6))
    discussion["notes"][0]["body"] = f"{marker}\nold"
    gitlab.answer("discussions/list-merge-request-discussions", 200, [discussion])
    _reporter(gitlab, retry, tmp_path, {FILE: frozenset({6})}).deliver(report(job, (error(6),)))
    assert gitlab.calls("discussions/create-merge-request-thread") == []


def test_code_quality_report_and_dotenv_outputs_are_written(
    gitlab: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    job = _mr_job(gitlab)
    diagnostics = (error(6),)
    quality = render_gitlab(diagnostics, {FILE: "line\n" * 10})
    _reporter(gitlab, retry, tmp_path, {}).deliver(
        replace(report(job, diagnostics), code_quality=quality)
    )
    (issue,) = json.loads((tmp_path / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert (issue["severity"], issue["location"]["path"], issue["location"]["lines"]["begin"]) == (
        "major",
        FILE,
        6,
    )
    assert (tmp_path / "ktb.env").read_text(encoding="utf-8") == (
        "KTB_HAS_CHANGES=false\nKTB_ERRORS=1\nKTB_PLAN_JSON=\nKTB_SUMMARY=ktb plan: 1 to create\n"
    )


def test_failed_note_is_reported_and_the_artefacts_are_still_written(
    gitlab: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    gitlab.answer("notes/create-merge-request-note", 403, {"message": "403 Forbidden"})
    delivery = _reporter(gitlab, retry, tmp_path, {}).deliver(report(_mr_job(gitlab)))
    assert delivery.posted == ["code quality report", "line discussions"]
    assert [f.message for f in delivery.failures] == [
        "GitLab API call `create plan note` failed with HTTP 403: 403 Forbidden"
    ]
    assert (tmp_path / "gl-code-quality-report.json").exists()


def test_token_comes_from_the_variable_named_by_the_component_input() -> None:
    env = {"KTB_GITLAB_TOKEN_VARIABLE": "TOPICS_BOT_TOKEN", "TOPICS_BOT_TOKEN": TOKEN}
    assert adapter.gitlab_token(env) == TOKEN


def test_job_token_is_refused_because_it_cannot_write_notes() -> None:
    with pytest.raises(UsageError, match="`CI_JOB_TOKEN` cannot write merge request notes"):
        adapter.gitlab_token({"KTB_GITLAB_TOKEN_VARIABLE": "CI_JOB_TOKEN", "CI_JOB_TOKEN": "x"})


def test_missing_gitlab_token_skips_the_note_and_says_how_to_get_it(
    gitlab: ContractServer, tmp_path: Path
) -> None:
    reporter = reporter_for(_mr_job(gitlab), {}, tmp_path, io.StringIO(), comment=True)
    delivery = reporter.deliver(report(_mr_job(gitlab), (error(6),)))
    assert (delivery.posted, delivery.failures) == (["code quality report"], [])
    assert [(s.message, s.hint) for s in delivery.skipped] == [
        (
            "no GitLab token in `KTB_GITLAB_TOKEN`: the merge request note and threads were "
            "not posted",
            "add a masked CI/CD variable holding a project access token (scope `api`); merge "
            "request pipelines do not get protected variables, so leave it unprotected "
            "(masked) or set `comment: false`",
        )
    ]
    assert gitlab.requests == []


def test_a_checkout_that_cannot_be_diffed_costs_the_threads_not_the_note(
    gitlab: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    def shallow() -> ChangedLines:
        raise KtbError("cannot diff `a...b`: bad revision")

    reporter = adapter.GitlabReporter(adapter.client(gitlab.url, TOKEN, retry), tmp_path, shallow)
    delivery = reporter.deliver(report(_mr_job(gitlab), (error(6),)))
    assert [f.message for f in delivery.failures] == ["cannot diff `a...b`: bad revision"]
    assert delivery.posted == ["code quality report", "plan note"]


def test_a_pipeline_for_an_older_commit_leaves_the_note_of_the_newer_one_alone(
    gitlab: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    newer = "a" * 40
    ours = gitlab.example("notes/create-merge-request-note")
    ours["body"] = f"{MARKER}\n\nCommit `{newer[:12]}`\n\nplan"
    gitlab.answer("notes/list-merge-request-notes", 200, [ours])
    gitlab.answer("merge-requests/get", 200, {**gitlab.example("merge-requests/get"), "sha": newer})
    delivery = _reporter(gitlab, retry, tmp_path, {}).deliver(
        report(_mr_job(gitlab), plan=topic_plan("t"))
    )
    assert gitlab.calls("notes/update-merge-request-note") == []
    assert gitlab.calls("merge-requests/update") == []
    assert [s.message for s in delivery.skipped] == [
        f"comment not updated: this run is for `{HEAD_SHA[:12]}`, the comment already shows "
        "the newer `aaaaaaaaaaaa`, the change request's head"
    ]


def test_a_marker_pasted_by_someone_else_is_not_the_sticky_note(
    gitlab: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    pasted = {**gitlab.example("notes/create-merge-request-note"), "id": 556, "body": MARKER}
    pasted["author"] = {**pasted["author"], "id": 99, "username": "mallory"}
    gitlab.answer("notes/list-merge-request-notes", 200, [pasted])
    _reporter(gitlab, retry, tmp_path, {}).deliver(report(_mr_job(gitlab), plan=topic_plan("t")))
    assert gitlab.calls("notes/update-merge-request-note") == []
    assert len(gitlab.calls("notes/create-merge-request-note")) == 1


def test_note_carries_the_commit_and_a_link_to_the_pipeline(
    gitlab: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    url = "https://gitlab.example.com/acme/topics/-/pipelines/1234"
    reporter = adapter.GitlabReporter(
        adapter.client(gitlab.url, TOKEN, retry), tmp_path, lambda: {}, run_url=url
    )
    reporter.deliver(report(_mr_job(gitlab), plan=topic_plan("t")))
    body = gitlab.calls("notes/create-merge-request-note")[0].body["body"]
    assert body.startswith(f"{MARKER}\n\nCommit `{HEAD_SHA[:12]}` · [run]({url})\n\n### ktb plan")


def test_a_note_is_cut_only_past_gitlabs_million_characters(
    gitlab: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    plan = topic_plan(*(f"acme.orders.topic-{i:05}-{'x' * 60}" for i in range(3000)))
    _reporter(gitlab, retry, tmp_path, {}).deliver(report(_mr_job(gitlab), plan=plan))
    body = gitlab.calls("notes/create-merge-request-note")[0].body["body"]
    assert len(body) > 65_536
    assert "topic-02999" in body
    assert "truncated" not in body


def test_merge_request_gets_the_outcome_label_of_its_plan_and_loses_the_others(
    gitlab: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    _reporter(gitlab, retry, tmp_path, {}).deliver(
        report(_mr_job(gitlab), plan=Plan(changes=(), fingerprint="0"))
    )
    (update,) = gitlab.calls("merge-requests/update")
    assert (update.path, update.body) == (
        "/projects/42/merge_requests/7",
        {"add_labels": "ktb:no-changes", "remove_labels": "ktb:changes,ktb:deletes"},
    )


def test_file_filter_mode_threads_errors_anywhere_in_a_changed_file(
    gitlab: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    reporter = adapter.GitlabReporter(
        adapter.client(gitlab.url, TOKEN, retry),
        tmp_path,
        lambda: {FILE: frozenset({6})},
        filter_mode=FilterMode.FILE,
    )
    reporter.deliver(report(_mr_job(gitlab), (error(6), error(30))))
    threads = gitlab.calls("discussions/create-merge-request-thread")
    assert [t.body["position"]["new_line"] for t in threads] == [6, 30]
