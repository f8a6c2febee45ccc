"""What ktb writes on a GitHub pull request: comments found by marker *and* author, never
written over by a run for an older commit, the apply result on the merged pull request, and
the plan's outcome label."""

from __future__ import annotations

from typing import Any

from ktb_action.ci.http import ApiError, HttpClient
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


def get_pull(api: HttpClient, repo: str, number: int) -> dict[str, Any]:
    """The pull request as it is now (its head and labels)."""
    pull: dict[str, Any] = api.request(
        "GET", f"/repos/{repo}/pulls/{number}", call="get pull request"
    ).body
    return pull


def stale_run(pull: dict[str, Any], head_sha: str | None) -> KtbError | None:
    """Why this run must leave the comment alone (the pull request moved on), or None."""
    current = str((pull.get("head") or {}).get("sha") or "")
    if head_sha is None or not current or current == head_sha:
        return None
    return KtbError(
        f"plan comment not updated: this run is for `{head_sha[:12]}`, the pull request's "
        f"head is now `{current[:12]}` (its run updates the comment)"
    )


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
    api: HttpClient, repo: str, number: int, body: str, *, marker: str, author: str
) -> None:
    """Update the comment that starts with `marker` and was written by `author` (anyone can
    paste a marker), or create it."""
    comments = api.paginate(
        f"/repos/{repo}/issues/{number}/comments",
        call="list pull request comments",
        params={"per_page": 100},
    )
    for existing in comments:
        ours = (existing.get("user") or {}).get("login") == author
        if ours and (existing.get("body") or "").startswith(marker):
            api.request(
                "PATCH",
                f"/repos/{repo}/issues/comments/{existing['id']}",
                call="update plan comment",
                json={"body": body},
            )
            return
    api.request(
        "POST",
        f"/repos/{repo}/issues/{number}/comments",
        call="create plan comment",
        json={"body": body},
    )


def set_outcome_label(api: HttpClient, repo: str, pull: dict[str, Any], label: str) -> None:
    """Give the pull request `label` and take off the other outcome labels it has."""
    number = pull["number"]
    present = {item.get("name") for item in pull.get("labels") or []}
    for old in sorted(present & (OUTCOME_LABELS - {label})):
        api.request(
            "DELETE",
            f"/repos/{repo}/issues/{number}/labels/{old}",
            call="remove outcome label",
        )
    if label not in present:
        api.request(
            "POST",
            f"/repos/{repo}/issues/{number}/labels",
            call="add outcome label",
            json={"labels": [label]},
        )
