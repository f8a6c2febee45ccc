"""A fake GitLab REST API (v4) for the endpoints ktb uses, checked against a contract.

GitLab publishes no machine-readable description of these endpoints, so the contract below is
written from its REST docs (Notes API: "List all merge request notes", "Create new merge
request note", "Modify existing merge request note"; Discussions API: "List project merge
request discussion items", "Create new merge request thread" with a text position; Users API:
"Get the current user"; Merge requests API: "Get single MR", "Update MR" with
`add_labels`/`remove_labels`; Commits API: "List merge requests associated with a commit")
in the same OpenAPI shape the GitHub fake reads, and checked by the same code.
"""

from __future__ import annotations

from typing import Any

from tests.fakes.openapi import operations
from tests.fakes.server import ContractServer

_AUTHOR = {
    "id": 1,
    "username": "project_1_bot",
    "name": "ktb bot",
    "state": "active",
    "avatar_url": "",
    "web_url": "https://gitlab.example.com/project_1_bot",
}
_NOTE = {
    "id": 302,
    "type": None,
    "body": "closed",
    "attachment": None,
    "author": _AUTHOR,
    "created_at": "2013-10-02T09:22:45Z",
    "updated_at": "2013-10-02T10:22:45Z",
    "system": False,
    "noteable_id": 377,
    "noteable_type": "MergeRequest",
    "noteable_iid": 7,
    "resolvable": False,
    "confidential": False,
    "internal": False,
}
_DISCUSSION = {
    "id": "6a9c1750b37d513a43987b574953fceb50b03ce7",
    "individual_note": False,
    "notes": [{**_NOTE, "id": 1126, "type": "DiffNote", "resolvable": True, "resolved": False}],
}
# The head of the merge request in the examples (and of the tests' jobs).
MR_HEAD_SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e"
_MERGE_REQUEST = {
    "id": 377,
    "iid": 7,
    "project_id": 42,
    "title": "Add a topic",
    "state": "opened",
    "sha": MR_HEAD_SHA,
    "merge_commit_sha": None,
    "squash_commit_sha": None,
    "labels": ["topics"],
    "source_branch": "add-topic",
    "target_branch": "main",
    "author": _AUTHOR,
    "web_url": "https://gitlab.example.com/acme/topics/-/merge_requests/7",
}
_PROJECT = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
_IID = {"name": "merge_request_iid", "in": "path", "required": True, "schema": {"type": "integer"}}
_NOTE_ID = {"name": "note_id", "in": "path", "required": True, "schema": {"type": "integer"}}
_PAGING = [
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "maximum": 100}},
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
]
_NOTE_BODY = {
    "type": "object",
    "required": ["body"],
    "properties": {
        "body": {"type": "string", "maxLength": 1_000_000},
        "internal": {"type": "boolean"},
        "merge_request_diff_head_sha": {"type": "string"},
    },
}
_POSITION = {
    "type": "object",
    "required": ["base_sha", "start_sha", "head_sha", "position_type"],
    "properties": {
        "base_sha": {"type": "string", "minLength": 1},
        "start_sha": {"type": "string", "minLength": 1},
        "head_sha": {"type": "string", "minLength": 1},
        "position_type": {"enum": ["text", "image", "file"]},
        "new_path": {"type": "string"},
        "old_path": {"type": "string"},
        "new_line": {"type": "integer", "minimum": 1},
        "old_line": {"type": "integer", "minimum": 1},
    },
}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _answer(status: int, example: Any) -> dict[str, Any]:
    return {str(status): {"content": {"application/json": {"example": example}}}}


CONTRACT: dict[str, Any] = {
    "paths": {
        "/user": {
            "get": {"operationId": "users/get-current-user", "responses": _answer(200, _AUTHOR)}
        },
        "/projects/{id}/merge_requests/{merge_request_iid}": {
            "get": {
                "operationId": "merge-requests/get",
                "parameters": [_PROJECT, _IID],
                "responses": _answer(200, _MERGE_REQUEST),
            },
            "put": {
                "operationId": "merge-requests/update",
                "parameters": [_PROJECT, _IID],
                "requestBody": _json(
                    {
                        "type": "object",
                        "properties": {
                            "add_labels": {"type": "string"},
                            "remove_labels": {"type": "string"},
                            "labels": {"type": "string"},
                            "title": {"type": "string"},
                            "description": {"type": "string"},
                        },
                    }
                ),
                "responses": _answer(200, _MERGE_REQUEST),
            },
        },
        "/projects/{id}/repository/commits/{sha}/merge_requests": {
            "get": {
                "operationId": "commits/list-merge-requests",
                "parameters": [
                    _PROJECT,
                    {"name": "sha", "in": "path", "required": True, "schema": {"type": "string"}},
                    *_PAGING,
                ],
                "responses": _answer(
                    200, [{**_MERGE_REQUEST, "state": "merged", "merge_commit_sha": MR_HEAD_SHA}]
                ),
            }
        },
        "/projects/{id}/merge_requests/{merge_request_iid}/notes": {
            "get": {
                "operationId": "notes/list-merge-request-notes",
                "parameters": [
                    _PROJECT,
                    _IID,
                    *_PAGING,
                    {"name": "sort", "in": "query", "schema": {"enum": ["asc", "desc"]}},
                    {
                        "name": "order_by",
                        "in": "query",
                        "schema": {"enum": ["created_at", "updated_at"]},
                    },
                ],
                "responses": _answer(200, [_NOTE]),
            },
            "post": {
                "operationId": "notes/create-merge-request-note",
                "parameters": [_PROJECT, _IID],
                "requestBody": _json(_NOTE_BODY),
                "responses": _answer(201, _NOTE),
            },
        },
        "/projects/{id}/merge_requests/{merge_request_iid}/notes/{note_id}": {
            "put": {
                "operationId": "notes/update-merge-request-note",
                "parameters": [_PROJECT, _IID, _NOTE_ID],
                "requestBody": _json(_NOTE_BODY),
                "responses": _answer(200, _NOTE),
            },
        },
        "/projects/{id}/merge_requests/{merge_request_iid}/discussions": {
            "get": {
                "operationId": "discussions/list-merge-request-discussions",
                "parameters": [_PROJECT, _IID, *_PAGING],
                "responses": _answer(200, [_DISCUSSION]),
            },
            "post": {
                "operationId": "discussions/create-merge-request-thread",
                "parameters": [_PROJECT, _IID],
                "requestBody": _json(
                    {
                        "type": "object",
                        "required": ["body"],
                        "properties": {
                            "body": {"type": "string", "minLength": 1},
                            "commit_id": {"type": "string"},
                            "created_at": {"type": "string"},
                            "position": _POSITION,
                        },
                    }
                ),
                "responses": _answer(201, _DISCUSSION),
            },
        },
    }
}


def fake_gitlab() -> ContractServer:
    """A started fake of a GitLab instance's `/api/v4`."""
    return ContractServer(operations(CONTRACT), base_path="/api/v4").start()
