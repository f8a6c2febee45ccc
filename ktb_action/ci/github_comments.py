"""What ktb writes on a GitHub pull request: comments found by marker *and* author, never
written over by a run for an older commit, the apply result on the merged pull request, the
plan's outcome label, and suggested changes as review comments."""

from __future__ import annotations

from typing import Any

from ktb_action.ci.comment import commit_of, stale_comment
from ktb_action.ci.http import ApiError, HttpClient
from ktb_action.ci.line_comments import (
    Suggestion,
    already_posted,
    finding_marker,
    line_comment_body,
    suggestion_block,
)
from ktb_action.ci.plan_digest import OUTCOME_LABELS
from ktb_action.errors import KtbError

ACTIONS_BOT = "github-actions[bot]"
"""Who writes with the `GITHUB_TOKEN` of a workflow, which may not call `GET /user`."""


def token_login(api: HttpClient) -> str:
    """The login that comments with this token (a personal or app token can ask GitHub;
    a workflow's token is refused and is the Actions bot)."""
    try:
        reply = api.request("GET", "/user", call="get the token's user")
    except ApiError as error:
        if error.status in (401, 403):
            return ACTIONS_BOT
        raise
    return str(reply.body["login"])


def merged_pull(api: HttpClient, repo: str, sha: str) -> int | None:
    """The pull request `sha` was merged from (its merge commit, else the first listed)."""
    pulls: list[dict[str, Any]] = api.paginate(
        f"/repos/{repo}/commits/{sha}/pulls",
        call="list pull requests of the commit",
        params={"per_page": 100},
    )
    for pull in pulls:
        if pull.get("merge_commit_sha") == sha:
            return int(pull["number"])
    return int(pulls[0]["number"]) if pulls else None


def upsert_comment(
    api: HttpClient,
    repo: str,
    number: int,
    body: str,
    *,
    marker: str,
    head_sha: str | None,
) -> KtbError | None:
    """Update the comment that starts with `marker` and was written by this token's user
    (anyone can paste a marker), or create it. Returns why nothing was written when the
    comment is for a newer commit than `head_sha` (the pull request's head now)."""
    author = token_login(api)
    comments = api.paginate(
        f"/repos/{repo}/issues/{number}/comments",
        call="list pull request comments",
        params={"per_page": 100},
    )
    for existing in comments:
        text = existing.get("body") or ""
        if (existing.get("user") or {}).get("login") != author or not text.startswith(marker):
            continue
        written_for = commit_of(text)
        if written_for and head_sha and not head_sha.startswith(written_for):
            pull = api.request("GET", f"/repos/{repo}/pulls/{number}", call="get pull request")
            current = str((pull.body.get("head") or {}).get("sha") or "")
            if current.startswith(written_for):
                return stale_comment(head_sha, current)
        api.request(
            "PATCH",
            f"/repos/{repo}/issues/comments/{existing['id']}",
            call="update plan comment",
            json={"body": body},
        )
        return None
    api.request(
        "POST",
        f"/repos/{repo}/issues/{number}/comments",
        call="create plan comment",
        json={"body": body},
    )
    return None


def set_outcome_label(api: HttpClient, repo: str, number: int, label: str) -> None:
    """Give the pull request `label` and take off the other outcome labels it has."""
    base = f"/repos/{repo}/issues/{number}/labels"
    labels = api.paginate(base, call="list pull request labels", params={"per_page": 100})
    present = {item.get("name") for item in labels}
    for old in sorted(present & (OUTCOME_LABELS - {label})):
        api.request("DELETE", f"{base}/{old}", call="remove outcome label")
    if label not in present:
        api.request("POST", base, call="add outcome label", json={"labels": [label]})


def post_suggestions(
    api: HttpClient, repo: str, number: int, head_sha: str, suggestions: list[Suggestion]
) -> None:
    """One review comment with a ```` ```suggestion ```` block per fix not yet offered."""
    base = f"/repos/{repo}/pulls/{number}/comments"
    existing = api.paginate(base, call="list review comments", params={"per_page": 100})
    seen = already_posted(comment.get("body") or "" for comment in existing)
    for suggestion in suggestions:
        diagnostic, span = suggestion.diagnostic, suggestion.diagnostic.span
        if span is None or finding_marker(diagnostic) in seen:
            continue
        api.request(
            "POST",
            base,
            call="create suggested change",
            json={
                "body": line_comment_body(diagnostic, suggestion_block(suggestion, "suggestion")),
                "commit_id": head_sha,
                "path": span.file,
                "line": span.line,
                "side": "RIGHT",
            },
        )
