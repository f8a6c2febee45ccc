"""Request checks built from an OpenAPI 3.0 description (GitHub's, or a hand-written one).

Schemas are checked with jsonschema's Draft 4 validator (OpenAPI 3.0 schemas are a Draft 4
dialect); `$ref`s resolve against the whole description. Stricter than the schemas alone:
a body property or query parameter the description does not declare is a violation, so a
misspelt field cannot pass unnoticed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jsonschema import Draft4Validator
from referencing import Registry
from referencing.jsonschema import DRAFT4

from tests.fakes.server import Check, Operation

_METHODS = ("get", "post", "put", "patch", "delete")


def operations(document: dict[str, Any]) -> list[Operation]:
    """Every operation of the description, most literal paths first (so `/a/b` beats `/a/{x}`)."""
    registry = Registry().with_resource("", DRAFT4.create_resource(document))
    found = [
        _operation(document, registry, template, method, spec)
        for template, item in document["paths"].items()
        for method, spec in item.items()
        if method in _METHODS
    ]
    return sorted(found, key=lambda op: op.template.count("{"))


def _operation(
    document: dict[str, Any], registry: Registry, template: str, method: str, spec: dict[str, Any]
) -> Operation:
    parameters = [_resolve(document, p) for p in spec.get("parameters", [])]
    body = spec.get("requestBody")
    body_schema = None
    if body is not None:
        content = _resolve(document, body)["content"]
        body_schema = content.get("application/json", next(iter(content.values()))).get(
            "schema", {}
        )
    status, example = _success_example(document, spec["responses"])
    return Operation(
        operation_id=spec["operationId"],
        method=method.upper(),
        template=template,
        check_path=_params_check(registry, [p for p in parameters if p["in"] == "path"], True),
        check_query=_params_check(registry, [p for p in parameters if p["in"] == "query"], False),
        check_body=None if body_schema is None else _body_check(document, registry, body_schema),
        status=status,
        example=example,
    )


def _resolve(document: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        node = _pointer(document, node["$ref"])
    return node


def _pointer(document: dict[str, Any], ref: str) -> Any:
    node: Any = document
    for token in ref.removeprefix("#/").split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


def _success_example(document: dict[str, Any], responses: dict[str, Any]) -> tuple[int, Any]:
    status = min((int(code) for code in responses if code.startswith("2")), default=204)
    if str(status) not in responses:
        return status, None
    content = _resolve(document, responses[str(status)]).get("content", {})
    media = content.get("application/json", {})
    examples = media.get("examples") or {}
    if not examples:
        return status, media.get("example")
    first = _resolve(document, next(iter(examples.values())))
    return status, first.get("value")


def _errors(registry: Registry, schema: dict[str, Any], value: Any) -> list[str]:
    # Built on the whole description, then pointed at `schema`: `#/components/…` references
    # inside it then resolve against the description, not against `schema` itself.
    validator = Draft4Validator(registry.contents(""), registry=registry).evolve(schema=schema)
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
        for e in validator.iter_errors(value)
    ]


def _coerce(schema: dict[str, Any], text: str) -> Any:
    """Path and query values arrive as text; read them as the schema's type."""
    kind = schema.get("type")
    if kind == "integer" and text.lstrip("-").isdigit():
        return int(text)
    if kind == "boolean" and text in ("true", "false"):
        return text == "true"
    return text


def _params_check(registry: Registry, parameters: list[dict[str, Any]], path: bool) -> Check:
    declared = {p["name"]: p for p in parameters}

    def check(values: dict[str, str]) -> list[str]:
        problems = [
            f"undocumented {'path' if path else 'query'} parameter `{name}`"
            for name in values
            if name not in declared
        ]
        for name, parameter in declared.items():
            if name not in values:
                if parameter.get("required"):
                    problems.append(f"missing required parameter `{name}`")
                continue
            schema = parameter.get("schema", {})
            problems += [
                f"parameter `{name}` {p}"
                for p in _errors(registry, schema, _coerce(schema, values[name]))
            ]
        return problems

    return check


def _body_check(document: dict[str, Any], registry: Registry, schema: dict[str, Any]) -> Check:
    def check(body: Any) -> list[str]:
        return _errors(registry, schema, body) + list(_undeclared(document, schema, body, ""))

    return check


def _undeclared(document: dict[str, Any], schema: Any, value: Any, where: str) -> Iterator[str]:
    schema = _resolve(document, schema)
    if not isinstance(schema, dict):
        return
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            yield from _undeclared(document, schema["items"], item, f"{where}/{index}")
        return
    if not isinstance(value, dict):
        return
    branches = [
        schema,
        *(_resolve(document, s) for k in ("allOf", "anyOf", "oneOf") for s in schema.get(k, [])),
    ]
    if any("additionalProperties" in b or "properties" not in b for b in branches):
        return
    properties: dict[str, Any] = {}
    for branch in branches:
        properties.update(branch["properties"])
    for key, item in value.items():
        if key not in properties:
            yield f"{where or '<root>'}: undeclared property `{key}`"
        else:
            yield from _undeclared(document, properties[key], item, f"{where}/{key}")
