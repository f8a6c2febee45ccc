"""A fake Bitbucket Cloud REST API 2.0 that checks every request against Bitbucket's own
published description (Swagger 2.0, in ../shared/compat/bitbucket/, see its SOURCE.md).

The description is read into the OpenAPI 3 shape the other fakes use (body parameters become
a request body, typed parameters get a schema), so one checker validates all three servers.
Most Bitbucket operations have no `operationId`: they are named `<METHOD> <path>` here.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from tests.fakes.openapi import operations
from tests.fakes.server import ContractServer, Operation

SWAGGER = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "compat"
    / "bitbucket"
    / "bitbucket-cloud.swagger.json"
)
REPO = "/repositories/{workspace}/{repo_slug}"
REPORT = f"PUT {REPO}/commit/{{commit}}/reports/{{reportId}}"
ANNOTATIONS = f"POST {REPO}/commit/{{commit}}/reports/{{reportId}}/annotations"
COMMENTS = f"GET {REPO}/pullrequests/{{pull_request_id}}/comments"
CREATE_COMMENT = f"POST {REPO}/pullrequests/{{pull_request_id}}/comments"
UPDATE_COMMENT = f"PUT {REPO}/pullrequests/{{pull_request_id}}/comments/{{comment_id}}"
USER = "GET /user"
ME = {"type": "user", "uuid": "{ktb-bot}", "display_name": "ktb bot"}
_METHODS = ("get", "post", "put", "patch", "delete")
# Every paginated list takes these (Bitbucket's "Pagination" guide), and its `next` links use
# `page`; the description does not repeat them on each operation.
_PAGING = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
    {"name": "pagelen", "in": "query", "schema": {"type": "integer", "maximum": 100}},
]
_SCHEMA_KEYS = ("type", "format", "enum", "minimum", "maximum", "items", "pattern")


def _parameter(parameter: dict[str, Any]) -> dict[str, Any]:
    schema = {k: parameter[k] for k in _SCHEMA_KEYS if k in parameter}
    return {
        "name": parameter["name"],
        "in": parameter["in"],
        "required": parameter.get("required", False),
        "schema": schema,
    }


def _paginated(spec: dict[str, Any]) -> bool:
    schema = spec["responses"].get("200", {}).get("schema", {})
    return str(schema.get("$ref", "")).startswith("#/definitions/paginated_")


def _response(name: str, code: str) -> dict[str, Any]:
    # Swagger 2.0 descriptions carry no examples: answer the calls ktb makes with the least
    # that Bitbucket would (the tests queue anything else).
    defaults = {USER: ME, COMMENTS: page([])}
    if name not in defaults or not code.startswith("2"):
        return {"description": ""}
    return {"description": "", "content": {"application/json": {"example": defaults[name]}}}


def _as_openapi3(swagger: dict[str, Any]) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for template, item in swagger["paths"].items():
        shared = item.get("parameters", [])
        for method, spec in item.items():
            if method not in _METHODS:
                continue
            parameters = [*shared, *spec.get("parameters", [])]
            name = f"{method.upper()} {template}"
            converted: dict[str, Any] = {
                "operationId": name,
                "parameters": [_parameter(p) for p in parameters if p["in"] in ("path", "query")]
                + (_PAGING if _paginated(spec) else []),
                "responses": {code: _response(name, code) for code in spec["responses"]},
            }
            body = [p for p in parameters if p["in"] == "body"]
            if body:
                # The validator resolves `#/definitions/…` against the schema it checks with.
                schema = {"allOf": [body[0]["schema"]], "definitions": swagger["definitions"]}
                converted["requestBody"] = {"content": {"application/json": {"schema": schema}}}
            paths.setdefault(template, {})[method] = converted
    # `$ref`s point into `#/definitions`, kept where they were for the undeclared-key check.
    return {"paths": paths, "definitions": swagger["definitions"]}


@cache
def _operations() -> tuple[Operation, ...]:
    return tuple(operations(_as_openapi3(json.loads(SWAGGER.read_text(encoding="utf-8")))))


def fake_bitbucket() -> ContractServer:
    """A started fake of api.bitbucket.org/2.0; `GET /user` answers as the ktb bot."""
    return ContractServer(list(_operations()), base_path="/2.0").start()


def comment(comment_id: int, raw: str, user: dict[str, Any] = ME) -> dict[str, Any]:
    """A pull request comment as Bitbucket lists it."""
    return {
        "type": "pullrequest_comment",
        "id": comment_id,
        "content": {"raw": raw, "markup": "markdown", "html": ""},
        "user": user,
    }


def page(values: list[dict[str, Any]], next_url: str | None = None) -> dict[str, Any]:
    """One page of a Bitbucket list."""
    found: dict[str, Any] = {"values": values, "pagelen": 10, "size": len(values)}
    if next_url is not None:
        found["next"] = next_url
    return found
