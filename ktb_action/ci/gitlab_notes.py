"""What ktb writes on a GitLab merge request: notes found by marker *and* author, never
written over by a pipeline for an older commit, the apply result on the merged merge request,
and the plan's outcome label."""

from __future__ import annotations

from typing import Any

from ktb_action.ci.http import HttpClient
from ktb_action.ci.job import Job
from ktb_action.ci.plan_digest import OUTCOME_LABELS
from ktb_action.errors import KtbError


def token_user_id(api: HttpClient) -> int:
    """The user the token writes as (a project access token has its own bot user)."""
    return int(api.request("GET", "/user", call="get the token's user").body["id"])


def get_merge_request(api: HttpClient, job: Job) -> dict[str, Any]:
    """The merge request as it is now (its head and labels)."""
    merge_request: dict[str, Any] = api.request(
        "GET",
        f"/projects/{job.repo}/merge_requests/{job.change_request}",
        call="get merge request",
    ).body
    return merge_request


def stale_pipeline(merge_request: dict[str, Any], job: Job) -> KtbError | None:
    """Why this pipeline must leave the note alone (the merge request moved on), or None."""
    current = str(merge_request.get("sha") or "")
    if job.head_sha is None or not current or current == job.head_sha:
        return None
    return KtbError(
        f"plan note not updated: this pipeline is for `{job.head_sha[:12]}`, the merge "
        f"request's head is now `{current[:12]}` (its pipeline updates the note)"
    )


def merged_merge_request(api: HttpClient, job: Job) -> int | None:
    """The IID of the merge request the pushed commit came from (its merge commit first)."""
    found: list[dict[str, Any]] = api.paginate(
        f"/projects/{job.repo}/repository/commits/{job.head_sha}/merge_requests",
        call="list merge requests of the commit",
        params={"per_page": 100},
    )
    for merge_request in found:
        if job.head_sha in (
            merge_request.get("merge_commit_sha"),
            merge_request.get("squash_commit_sha"),
        ):
            return int(merge_request["iid"])
    return int(found[0]["iid"]) if found else None


def upsert_note(
    api: HttpClient, job: Job, iid: int, body: str, *, marker: str, author_id: int
) -> None:
    """Update the note that starts with `marker` and was written by the token's user (anyone
    can paste a marker), or create it."""
    base = f"/projects/{job.repo}/merge_requests/{iid}/notes"
    notes = api.paginate(base, call="list merge request notes", params={"per_page": 100})
    for note in notes:
        ours = (note.get("author") or {}).get("id") == author_id
        if ours and (note.get("body") or "").startswith(marker):
            api.request("PUT", f"{base}/{note['id']}", call="update plan note", json={"body": body})
            return
    api.request("POST", base, call="create plan note", json={"body": body})


def set_outcome_label(api: HttpClient, job: Job, merge_request: dict[str, Any], label: str) -> None:
    """Give the merge request `label` and take off the other outcome labels it has."""
    present = set(merge_request.get("labels") or [])
    old = sorted(present & (OUTCOME_LABELS - {label}))
    if label in present and not old:
        return
    change = {"add_labels": label}
    if old:
        change["remove_labels"] = ",".join(old)
    api.request(
        "PUT",
        f"/projects/{job.repo}/merge_requests/{job.change_request}",
        call="set outcome label",
        json=change,
    )
