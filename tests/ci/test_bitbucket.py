"""The Bitbucket adapter against the fake Bitbucket API (every request checked against
Bitbucket's published description): Code Insights report and annotations, the sticky pull
request comment, retries, and what happens without a token."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ktb_action.ci.bitbucket import reporter
from ktb_action.ci.comment import MARKER
from ktb_action.ci.http import Retry
from ktb_action.ci.job import Job, Mode, Platform
from ktb_action.diagnostics import Diagnostic
from tests.ci.builders import FILE, HEAD_SHA, error, report, topic_plan
from tests.ci.conftest import Sleeps
from tests.fakes.bitbucket_api import (
    ANNOTATIONS,
    COMMENTS,
    CREATE_COMMENT,
    REPORT,
    UPDATE_COMMENT,
    comment,
    page,
)
from tests.fakes.server import ContractServer

TOKEN = "ATCTT3xFfGN0-bitbucket-token"
STICKY = "[//]: # (ktb-action:plan)"
PIPELINE = {
    "BITBUCKET_BUILD_NUMBER": "42",
    "BITBUCKET_GIT_HTTP_ORIGIN": "http://bitbucket.org/acme/topics",
}


def pr_job(api_url: str, **changes: Any) -> Job:
    """Bitbucket pull request #3 of `acme/topics`, planning."""
    job = Job(
        platform=Platform.BITBUCKET,
        mode=Mode.PLAN,
        reason="pull request #3",
        event="pull request",
        change_request=3,
        head_sha=HEAD_SHA,
        repo="acme/topics",
        default_branch="main",
        api_url=api_url,
    )
    return replace(job, **changes)


def deliver(
    bitbucket: ContractServer, retry: Retry, env: dict[str, str], *findings: Diagnostic
) -> Any:
    job = pr_job(bitbucket.url)
    adapter = reporter(job, env, comment=True, retry=retry, marker=MARKER)
    return adapter.deliver(report(job, findings, topic_plan("orders.created")))


def test_a_report_with_250_findings_is_annotated_in_batches_of_100(
    bitbucket: ContractServer, retry: Retry
) -> None:
    delivery = deliver(bitbucket, retry, {"KTB_BITBUCKET_TOKEN": TOKEN}, *map(error, range(1, 251)))

    assert [len(call.body) for call in bitbucket.calls(ANNOTATIONS)] == [100, 100, 50]
    (made,) = bitbucket.calls(REPORT)
    assert (made.path_params["commit"], made.body["result"]) == (HEAD_SHA, "FAILED")
    assert bitbucket.calls(ANNOTATIONS)[0].body[0] == {
        "type": "report_annotation",
        "external_id": "ktb-action-0000",
        "annotation_type": "BUG",
        "severity": "HIGH",
        "summary": "schema-unknown-key: unknown key `partitons` in `topics`",
        "details": "help: did you mean `partitions`?",
        "path": FILE,
        "line": 1,
    }
    assert made.headers["authorization"] == f"Bearer {TOKEN}"
    assert delivery.posted == ["Code Insights report", "plan comment"]


def test_findings_past_1000_are_left_out_and_the_report_says_how_many(
    bitbucket: ContractServer, retry: Retry
) -> None:
    deliver(bitbucket, retry, {"KTB_BITBUCKET_TOKEN": TOKEN}, *map(error, range(1, 1006)))

    assert sum(len(call.body) for call in bitbucket.calls(ANNOTATIONS)) == 1000
    (made,) = bitbucket.calls(REPORT)
    assert made.body["details"] == (
        "ktb plan: 1 to create. 5 more findings are not annotated (Bitbucket keeps at most "
        "1,000 per report): see the pipeline log"
    )


def test_a_clean_run_passes_its_report_and_posts_no_annotation(
    bitbucket: ContractServer, retry: Retry
) -> None:
    deliver(bitbucket, retry, {"KTB_BITBUCKET_TOKEN": TOKEN, **PIPELINE})

    (made,) = bitbucket.calls(REPORT)
    assert made.body["result"] == "PASSED"
    assert made.body["link"] == "http://bitbucket.org/acme/topics/pipelines/results/42"
    assert bitbucket.calls(ANNOTATIONS) == []


def test_the_plan_comment_is_created_with_marker_commit_and_pipeline_link(
    bitbucket: ContractServer, retry: Retry
) -> None:
    deliver(bitbucket, retry, {"KTB_BITBUCKET_TOKEN": TOKEN, **PIPELINE})

    (created,) = bitbucket.calls(CREATE_COMMENT)
    raw = created.body["content"]["raw"]
    assert raw.startswith(STICKY + "\n")
    assert (
        f"Commit `{HEAD_SHA[:12]}` · [run](http://bitbucket.org/acme/topics/pipelines/results/42)"
        in raw
    )


def test_the_comment_escapes_user_text_like_the_other_platforms(
    bitbucket: ContractServer, retry: Retry
) -> None:
    deliver(
        bitbucket,
        retry,
        {"KTB_BITBUCKET_TOKEN": TOKEN},
        error(6, "unknown key `x` <img src=x onerror=alert(1)> [link](http://evil)"),
    )

    raw = bitbucket.calls(CREATE_COMMENT)[0].body["content"]["raw"]
    assert r"\<img src=x onerror=alert\(1\)\> \[link\]\(http://evil\)" in raw


def test_the_sticky_comment_is_found_on_a_later_page_and_updated(
    bitbucket: ContractServer, retry: Retry
) -> None:
    later = f"{bitbucket.url}/repositories/acme/topics/pullrequests/3/comments?page=2"
    impostor = comment(5, STICKY + "\nnot ours", user={"type": "user", "uuid": "{someone}"})
    bitbucket.answer(COMMENTS, 200, page([comment(4, "LGTM"), impostor], later))
    bitbucket.answer(COMMENTS, 200, page([comment(9, STICKY + "\nold plan")]))

    deliver(bitbucket, retry, {"KTB_BITBUCKET_TOKEN": TOKEN})

    (updated,) = bitbucket.calls(UPDATE_COMMENT)
    assert updated.path_params["comment_id"] == "9"
    assert bitbucket.calls(CREATE_COMMENT) == []
    assert bitbucket.calls(COMMENTS)[1].query == {"page": "2"}


def test_a_server_error_is_retried_and_then_posts(
    bitbucket: ContractServer, retry: Retry, sleeps: Sleeps
) -> None:
    bitbucket.answer(REPORT, 503, {"type": "error", "error": {"message": "busy"}})

    delivery = deliver(bitbucket, retry, {"KTB_BITBUCKET_TOKEN": TOKEN}, error(6))

    assert len(bitbucket.calls(REPORT)) == 2
    assert sleeps == [1.0]
    assert delivery.failures == []


def test_a_refused_comment_is_not_retried_and_the_report_stays_posted(
    bitbucket: ContractServer, retry: Retry, sleeps: Sleeps
) -> None:
    bitbucket.answer(CREATE_COMMENT, 403, {"type": "error", "error": {"message": "no"}})

    delivery = deliver(bitbucket, retry, {"KTB_BITBUCKET_TOKEN": TOKEN}, error(6))

    assert len(bitbucket.calls(CREATE_COMMENT)) == 1
    assert sleeps == []
    assert delivery.posted == ["Code Insights report"]
    assert [f.status for f in delivery.failures] == [403]


def test_without_a_token_in_pipelines_insights_go_through_the_proxy_and_the_comment_is_named(
    bitbucket: ContractServer, retry: Retry
) -> None:
    proxy = bitbucket.url.removesuffix("/2.0")
    env = {**PIPELINE, "KTB_BITBUCKET_PROXY": proxy}

    delivery = deliver(bitbucket, retry, env, error(6))

    (made,) = bitbucket.calls(REPORT)
    assert "authorization" not in made.headers
    assert made.headers["host"] == "api.bitbucket.org"
    assert bitbucket.calls(CREATE_COMMENT) == []
    assert delivery.posted == ["Code Insights report"]
    assert [s.message for s in delivery.skipped] == [
        "no Bitbucket token in `KTB_BITBUCKET_TOKEN` (or app password in "
        "`KTB_BITBUCKET_APP_PASSWORD`): the pull request comment not posted"
    ]


def test_without_a_token_outside_pipelines_nothing_is_sent_and_both_parts_are_named(
    bitbucket: ContractServer, retry: Retry
) -> None:
    delivery = deliver(bitbucket, retry, {}, error(6))

    assert bitbucket.requests == []
    assert [s.message for s in delivery.skipped] == [
        "no Bitbucket token in `KTB_BITBUCKET_TOKEN` (or app password in "
        "`KTB_BITBUCKET_APP_PASSWORD`): the Code Insights report and the pull request "
        "comment not posted"
    ]


def test_an_app_password_authenticates_with_basic_auth(
    bitbucket: ContractServer, retry: Retry
) -> None:
    env = {"KTB_BITBUCKET_USERNAME": "ktb-bot", "KTB_BITBUCKET_APP_PASSWORD": "app-pass"}

    deliver(bitbucket, retry, env)

    assert bitbucket.calls(REPORT)[0].headers["authorization"] == "Basic a3RiLWJvdDphcHAtcGFzcw=="
