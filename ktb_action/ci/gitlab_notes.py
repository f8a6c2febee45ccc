"""What ktb writes on a GitLab merge request: notes found by marker *and* author, never
written over by a pipeline for an older commit, the apply result on the merged merge request,
and the plan's outcome label."""

from __future__ import annotations

from typing import Any

from ktb_action.ci.comment import commit_of, stale_comment
from ktb_action.ci.http import HttpClient
from ktb_action.ci.job import Job
from ktb_action.ci.plan_digest import OUTCOME_LABELS
from ktb_action.errors import KtbError


def merged_merge_request(api: HttpClient, job: Job) -> int | None:
    """The IID of the merge request the pushed commit came from (its merge commit first)."""
    found: list[dict[str, Any]] = api.paginate(
        f"/projects/{job.repo}/repository/commits/{job.head_sha}/merge_requests",
        call="list merge requests of the commit",
        params={"per_page": 100},
    )
    for merge_request in found:
        made = (merge_request.get("merge_commit_sha"), merge_request.get("squash_commit_sha"))
        if job.head_sha in made:
            return int(merge_request["iid"])
    return int(found[0]["iid"]) if found else None


def upsert_note(api: HttpClient, job: Job, iid: int, body: str, *, marker: str) -> KtbError | None:
    """Update the note that starts with `marker` and was written by the token's user (anyone
    can paste a marker), or create it. Returns why nothing was written when the note is for
    a newer commit than the job's (the merge request's head now)."""
    author_id = int(api.request("GET", "/user", call="get the token's user").body["id"])
    base = f"/projects/{job.repo}/merge_requests/{iid}/notes"
    notes = api.paginate(base, call="list merge request notes", params={"per_page": 100})
    for note in notes:
        text = note.get("body") or ""
        if (note.get("author") or {}).get("id") != author_id or not text.startswith(marker):
            continue
        written_for = commit_of(text)
        head = job.head_sha
        if written_for and head and not head.startswith(written_for):
            merge_request = api.request(
                "GET", f"/projects/{job.repo}/merge_requests/{iid}", call="get merge request"
            ).body
            current = str(merge_request.get("sha") or "")
            if current.startswith(written_for):
                return stale_comment(head, current)
        api.request("PUT", f"{base}/{note['id']}", call="update plan note", json={"body": body})
        return None
    api.request("POST", base, call="create plan note", json={"body": body})
    return None


def set_outcome_label(api: HttpClient, job: Job, label: str) -> None:
    """Give the merge request `label` and take off the other outcome labels (GitLab ignores
    removing a label the merge request does not have)."""
    api.request(
        "PUT",
        f"/projects/{job.repo}/merge_requests/{job.change_request}",
        call="set outcome label",
        json={"add_labels": label, "remove_labels": ",".join(sorted(OUTCOME_LABELS - {label}))},
    )
