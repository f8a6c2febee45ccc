"""The GitHub adapter against the fake API that checks every request with GitHub's OpenAPI."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest

from ktb_action.ci import github as adapter
from ktb_action.ci.comment import MARKER, plan_marker
from ktb_action.ci.diff import FilterMode
from ktb_action.ci.http import Retry
from ktb_action.ci.line_comments import finding_marker, suggestions
from ktb_action.ci.reporters import reporter_for
from ktb_action.core.plan import Verb
from ktb_action.diagnostics import Severity
from ktb_action.errors import UsageError
from tests.ci.builders import FILE, HEAD_SHA, REPO, error, pr_job, report, topic_plan, warning
from tests.fakes.server import ContractServer

TOKEN = "ghs_secret_token_value"
RUN = f"https://github.com/{REPO}/actions/runs/42"
HEADER = f"Commit `{HEAD_SHA[:12]}` · [run]({RUN})"


def _reporter(
    github_api: ContractServer,
    retry: Retry,
    tmp_path: Path,
    out: io.StringIO | None = None,
    filter_mode: FilterMode = FilterMode.NOFILTER,
) -> adapter.GithubReporter:
    env = {
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_RUN_ID": "42",
    }
    return adapter.GithubReporter(
        adapter.client(github_api.url, TOKEN, retry),
        env,
        stdout=out or io.StringIO(),
        filter_mode=filter_mode,
    )


def test_up_to_50_annotations_go_in_the_request_that_creates_and_completes_the_check_run(
    github: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    errors = tuple(error(line) for line in range(1, 51))
    _reporter(github, retry, tmp_path).deliver(report(pr_job(), errors))
    (create,) = github.calls("checks/create")
    assert (create.body["head_sha"], create.body["status"], create.body["conclusion"]) == (
        HEAD_SHA,
        "completed",
        "failure",
    )
    assert len(create.body["output"]["annotations"]) == 50
    assert github.calls("checks/update") == []


def test_more_than_50_annotations_are_posted_then_patched_50_at_a_time_completed_last(
    github: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    errors = tuple(error(line) for line in range(1, 121))
    _reporter(github, retry, tmp_path).deliver(report(pr_job(), errors))
    (create,) = github.calls("checks/create")
    updates = github.calls("checks/update")
    check_run_id = str(github.example("checks/create")["id"])
    assert [len(r.body["output"]["annotations"]) for r in [create, *updates]] == [50, 50, 20]
    assert [r.body["status"] for r in [create, *updates]] == [
        "in_progress",
        "in_progress",
        "completed",
    ]
    assert ["conclusion" in r.body for r in [create, *updates]] == [False, False, True]
    assert updates[-1].body["conclusion"] == "failure"
    assert [u.path_params["check_run_id"] for u in updates] == [check_run_id, check_run_id]
    assert [a["start_line"] for a in updates[1].body["output"]["annotations"]] == list(
        range(101, 121)
    )


def test_annotation_carries_rule_as_title_hint_as_raw_details_and_columns_on_one_line() -> None:
    assert adapter.annotation(error(6)) == {
        "path": "topologies/orders.yaml",
        "start_line": 6,
        "end_line": 6,
        "start_column": 9,
        "end_column": 18,
        "annotation_level": "failure",
        "message": "unknown key `partitons` in `topics`",
        "title": "schema-unknown-key",
        "raw_details": "did you mean `partitions`?",
    }


def test_annotation_spanning_lines_has_no_columns() -> None:
    assert adapter.annotation(warning(3)) == {
        "path": "topologies/orders.yaml",
        "start_line": 3,
        "end_line": 4,
        "annotation_level": "warning",
        "message": "topic has 1 partition",
        "title": "topic-few-partitions",
    }


@pytest.mark.parametrize(
    ("severities", "failed", "expected"),
    [
        ((Severity.ERROR,), True, "failure"),
        ((Severity.WARNING,), False, "neutral"),
        ((), False, "success"),
        ((Severity.WARNING,), True, "failure"),
    ],
)
def test_check_run_conclusion(
    severities: tuple[Severity, ...], failed: bool, expected: str
) -> None:
    diagnostics = [error(1).with_severity(s) for s in severities]
    assert adapter.conclusion(diagnostics, failed) == expected


def test_fork_pull_request_annotates_with_workflow_commands_and_says_so_in_the_summary(
    github: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    out = io.StringIO()
    delivery = _reporter(github, retry, tmp_path, out).deliver(
        report(pr_job(is_fork=True), (error(6),))
    )
    assert github.requests == []
    assert out.getvalue() == (
        "::error file=topologies/orders.yaml,line=6,endLine=6,col=9,endColumn=18,"
        "title=schema-unknown-key::unknown key `partitons` in `topics`%0Ahelp: did you mean "
        "`partitions`?\n"
    )
    assert delivery.posted == ["workflow-command annotations"]
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "GitHub shows only the first 10 errors and 10 warnings of a step inline" in summary


def test_check_run_forbidden_falls_back_to_workflow_commands(
    github: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    github.answer("checks/create", 403, {"message": "Resource not accessible by integration"})
    out = io.StringIO()
    delivery = _reporter(github, retry, tmp_path, out).deliver(report(pr_job(), (error(6),)))
    assert out.getvalue().startswith("::error file=topologies/orders.yaml,line=6,")
    assert (delivery.posted, delivery.failures) == (
        ["workflow-command annotations", "plan comment"],
        [],
    )
    comment = github.calls("issues/create-comment")[0].body["body"]
    assert "> The token of this run cannot write check runs" in comment


def test_check_run_summary_shows_the_plan_without_the_comment_marker(
    github: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    _reporter(github, retry, tmp_path).deliver(report(pr_job(), plan=topic_plan("acme.orders")))
    (create,) = github.calls("checks/create")
    assert create.body["output"]["summary"].startswith(f"{HEADER}\n\n### ktb plan\n")
    assert create.body["output"]["title"] == "ktb plan: 1 to create"


def test_plan_comment_is_created_when_no_comment_carries_the_marker(
    github: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    _reporter(github, retry, tmp_path).deliver(report(pr_job(), plan=topic_plan("acme.orders")))
    (listing,) = github.calls("issues/list-comments")
    (created,) = github.calls("issues/create-comment")
    assert (listing.path, listing.query) == (
        f"/repos/{REPO}/issues/1/comments",
        {"per_page": "100"},
    )
    assert created.path == f"/repos/{REPO}/issues/1/comments"
    assert created.body["body"].startswith(f"{MARKER}\n\n{HEADER}\n\n### ktb plan\n")
    assert github.calls("issues/update-comment") == []


def test_second_run_updates_the_marked_comment_found_on_the_second_page(
    github: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    first_page = github.example("issues/list-comments")
    ours = {**first_page[0], "id": 777, "body": f"{MARKER}\nold plan"}
    github.answer(
        "issues/list-comments",
        200,
        first_page,
        {"Link": f'<{github.url}/repos/{REPO}/issues/1/comments?per_page=100&page=2>; rel="next"'},
    )
    github.answer("issues/list-comments", 200, [ours])
    _reporter(github, retry, tmp_path).deliver(report(pr_job(), plan=topic_plan("acme.orders")))
    pages = github.calls("issues/list-comments")
    (updated,) = github.calls("issues/update-comment")
    assert [p.query for p in pages] == [{"per_page": "100"}, {"per_page": "100", "page": "2"}]
    assert updated.path == f"/repos/{REPO}/issues/comments/777"
    assert github.calls("issues/create-comment") == []


def test_failed_comment_after_posted_check_run_is_reported_with_what_was_posted(
    github: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    github.answer("issues/create-comment", 422, {"message": "Validation Failed"})
    delivery = _reporter(github, retry, tmp_path).deliver(report(pr_job(), (error(6),)))
    assert delivery.posted == ["check run"]
    assert [f.message for f in delivery.failures] == [
        "GitHub API call `create plan comment` failed with HTTP 422: Validation Failed"
    ]
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert (
        "> Posted: check run. Failed: GitHub API call \\`create plan comment\\` failed with "
        "HTTP 422: Validation Failed."
    ) in summary


def test_server_errors_on_the_check_run_are_retried_then_reported(
    github: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    for _ in range(3):
        github.answer("checks/create", 503, {"message": "Service Unavailable"})
    delivery = _reporter(github, retry, tmp_path).deliver(report(pr_job(), (error(6),)))
    assert len(github.calls("checks/create")) == 3
    assert [f.message for f in delivery.failures] == [
        "GitHub API call `create check run` failed with HTTP 503: Service Unavailable after 3 tries"
    ]
    assert delivery.posted == ["workflow-command annotations", "plan comment"]


def test_outputs_are_written_to_the_github_output_file(
    github: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    _reporter(github, retry, tmp_path).deliver(report(pr_job(), plan=topic_plan("acme.orders")))
    text = (tmp_path / "output").read_text(encoding="utf-8")
    names = [line.split("<<")[0] for line in text.splitlines() if "<<" in line]
    values = text.splitlines()[1::3]
    assert names == ["has-changes", "errors", "plan-json", "summary"]
    assert values == ["true", "0", "plan.json", "ktb plan: 1 to create"]


def test_step_summary_gets_the_plan_without_the_comment_marker(
    github: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    _reporter(github, retry, tmp_path).deliver(report(pr_job(), plan=topic_plan("acme.orders")))
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith(f"{HEADER}\n\n### ktb plan\n")
    assert MARKER not in summary


def test_missing_token_is_a_clear_error_and_nothing_is_posted(
    github: ContractServer, tmp_path: Path
) -> None:
    with pytest.raises(UsageError) as caught:
        reporter_for(pr_job(api_url=github.url), {}, tmp_path, io.StringIO(), comment=True)
    assert (caught.value.message, caught.value.hint) == (
        "no GitHub token: cannot post the check run or the plan comment",
        "set the `github-token` input or the GITHUB_TOKEN variable",
    )
    assert github.requests == []


def test_token_is_read_from_the_action_input_with_its_hyphen_kept() -> None:
    assert adapter.github_token({"INPUT_GITHUB-TOKEN": "from-input", "GITHUB_TOKEN": "x"}) == (
        "from-input"
    )


def test_reporting_to_github_outside_actions_needs_the_repository(tmp_path: Path) -> None:
    job = pr_job(repo=None, api_url="https://api.github.com")
    with pytest.raises(UsageError, match=r"`--repo \(KTB_REPO\)` is not set"):
        reporter_for(job, {"GITHUB_TOKEN": TOKEN}, tmp_path, io.StringIO(), comment=True)


def _comment_for_commit_and_pull_head(github: ContractServer, shown: str, head: str) -> None:
    """Our sticky comment shows commit `shown`; the pull request's head is now `head`."""
    ours = github.example("issues/list-comments")[0]
    ours["body"] = f"{MARKER}\n\nCommit `{shown[:12]}` · [run](https://x.test/1)\n\nplan"
    github.answer("issues/list-comments", 200, [ours])
    pull = github.example("pulls/get")
    pull["head"]["sha"] = head
    github.answer("pulls/get", 200, pull)


def test_a_run_for_an_older_commit_leaves_the_comment_of_the_newer_one_alone(
    github: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    _comment_for_commit_and_pull_head(github, "a" * 40, "a" * 40)
    delivery = _reporter(github, retry, tmp_path).deliver(report(pr_job(), plan=topic_plan("t")))
    assert (github.calls("issues/update-comment"), github.calls("issues/create-comment")) == (
        [],
        [],
    )
    assert [s.message for s in delivery.skipped] == [
        f"comment not updated: this run is for `{HEAD_SHA[:12]}`, the comment already shows "
        "the newer `aaaaaaaaaaaa`, the change request's head"
    ]
    assert delivery.failures == []


def test_a_comment_for_an_older_commit_is_updated(
    github: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    _comment_for_commit_and_pull_head(github, "b" * 40, HEAD_SHA)
    _reporter(github, retry, tmp_path).deliver(report(pr_job(), plan=topic_plan("t")))
    assert len(github.calls("issues/update-comment")) == 1


def test_a_marker_pasted_by_someone_else_is_not_the_sticky_comment(
    github: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    pasted = github.example("issues/list-comments")[0]
    pasted["body"] = f"{MARKER}\nlook, a plan"
    pasted["user"]["login"] = "mallory"
    github.answer("issues/list-comments", 200, [pasted])
    _reporter(github, retry, tmp_path).deliver(report(pr_job(), plan=topic_plan("t")))
    assert github.calls("issues/update-comment") == []
    assert len(github.calls("issues/create-comment")) == 1


def test_with_the_workflow_token_the_sticky_comment_is_the_actions_bot_one(
    github: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    github.answer("users/get-authenticated", 403, {"message": "Resource not accessible"})
    ours = github.example("issues/list-comments")[0]
    ours.update(id=778, body=f"{MARKER}\nold plan")
    ours["user"]["login"] = "github-actions[bot]"
    github.answer("issues/list-comments", 200, [ours])
    _reporter(github, retry, tmp_path).deliver(report(pr_job(), plan=topic_plan("t")))
    (updated,) = github.calls("issues/update-comment")
    assert updated.path == f"/repos/{REPO}/issues/comments/778"


def test_each_comment_key_has_its_own_sticky_comment(
    github: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    other_cluster = github.example("issues/list-comments")[0]
    other_cluster["body"] = f"{MARKER}\nplan of the default cluster"
    github.answer("issues/list-comments", 200, [other_cluster])
    reporter = adapter.GithubReporter(
        adapter.client(github.url, TOKEN, retry), {}, marker=plan_marker("prod-eu")
    )
    reporter.deliver(report(pr_job(), plan=topic_plan("t")))
    assert github.calls("issues/update-comment") == []
    (created,) = github.calls("issues/create-comment")
    assert created.body["body"].startswith("<!-- ktb-action:plan key=prod-eu -->\n")


def test_a_comment_key_that_could_end_the_marker_is_refused() -> None:
    with pytest.raises(UsageError, match="comment key `x -->` is not allowed"):
        plan_marker("x -->")


def test_pull_request_gets_the_outcome_label_of_its_plan_instead_of_the_old_one(
    github: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    label = github.example("issues/list-labels-on-issue")[0]
    github.answer("issues/list-labels-on-issue", 200, [{**label, "name": "ktb:no-changes"}])
    plan = topic_plan("acme.orders")
    deleting = replace(plan, changes=(replace(plan.changes[0], verb=Verb.DELETE),))
    _reporter(github, retry, tmp_path).deliver(report(pr_job(), plan=deleting))
    (removed,) = github.calls("issues/remove-label")
    (added,) = github.calls("issues/add-labels")
    assert removed.path == f"/repos/{REPO}/issues/1/labels/ktb:no-changes"
    assert added.body == {"labels": ["ktb:deletes"]}


def _pull_request_changes_lines_5_to_7(github: ContractServer) -> None:
    changed = github.example("pulls/list-files")[0]
    changed.update(filename=FILE, patch="@@ -4,0 +5,3 @@\n+a\n+b\n+c")
    untouched = {**changed, "filename": "README.md", "patch": "@@ -1 +1 @@\n-x\n+y"}
    github.answer("pulls/list-files", 200, [changed, untouched])


@pytest.mark.parametrize(
    ("mode", "annotated"),
    [(FilterMode.ADDED, [6]), (FilterMode.FILE, [6, 30]), (FilterMode.NOFILTER, [6, 30, 2])],
)
def test_filter_mode_chooses_the_annotated_findings_and_the_summary_keeps_them_all(
    github: ContractServer, retry: Retry, tmp_path: Path, mode: FilterMode, annotated: list[int]
) -> None:
    _pull_request_changes_lines_5_to_7(github)
    other_file = replace(error(2), span=error(2).span._replace(file="topologies/other.yaml"))
    diagnostics = (error(6), error(30), other_file)
    _reporter(github, retry, tmp_path, filter_mode=mode).deliver(report(pr_job(), diagnostics))
    (create,) = github.calls("checks/create")
    lines = [a["start_line"] for a in create.body["output"]["annotations"]]
    assert lines == annotated
    assert create.body["output"]["summary"].count("`schema-unknown-key`") == 3


def test_a_mechanical_fix_on_a_changed_line_is_offered_as_a_suggested_change(
    github: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    _pull_request_changes_lines_5_to_7(github)
    source = "\n" * 5 + "        partitons: 3\n"
    fixes = suggestions((error(6), error(30)), {FILE: source})
    delivered = replace(report(pr_job(), (error(6), error(30))), suggestions=fixes)
    _reporter(github, retry, tmp_path).deliver(delivered)
    (review,) = github.calls("pulls/create-review-comment")
    assert {k: v for k, v in review.body.items() if k != "body"} == {
        "commit_id": HEAD_SHA,
        "path": FILE,
        "line": 6,
        "side": "RIGHT",
    }
    assert review.body["body"].startswith(finding_marker(error(6)))
    assert review.body["body"].endswith("```suggestion\n        partitions: 3\n```")


def test_a_suggested_change_already_offered_is_not_offered_again(
    github: ContractServer, retry: Retry, tmp_path: Path
) -> None:
    _pull_request_changes_lines_5_to_7(github)
    offered = github.example("pulls/list-review-comments")[0]
    offered["body"] = f"{finding_marker(error(6))}\nold"
    github.answer("pulls/list-review-comments", 200, [offered])
    fixes = suggestions((error(6),), {FILE: "\n" * 5 + "        partitons: 3\n"})
    _reporter(github, retry, tmp_path).deliver(
        replace(report(pr_job(), (error(6),)), suggestions=fixes)
    )
    assert github.calls("pulls/create-review-comment") == []
