"""jsonschema errors reshaped for people, as diagnostics at the exact key or value.

jsonschema reports paths into the data; the located nodes turn each path into the span of
the offending key or value. An unknown key points at the key with a "did you mean" hint,
`oneOf`/`anyOf` failures collapse into the one alternative that matches the value's shape,
and a missing key is reported at the mapping that lacks it.
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ktb_action.diagnostics import Diagnostic, Severity, Span, did_you_mean
from ktb_action.schema_path import schema_document
from ktb_action.topology.located import Document, LMap, span_at

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

_EXPECTED = "x-expected"
"""Schema annotation naming, for people, what a string-or-number value must look like."""
_HINT = "x-hint"
"""Schema annotation with the hint for a value that does not look like `x-expected`."""
_ROLE_BINDINGS = "#/$defs/roleBindings"
"""What undeclared project keys (custom roles) must hold."""

_TYPE_NAMES = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "a boolean",
    "object": "a mapping",
    "array": "a list",
    "null": "empty",
}


def explain(error: ValidationError, document: Document) -> Iterator[Diagnostic]:
    """The diagnostics of one jsonschema error in `document` (none if another stage owns it)."""
    misnamed = _misnamed_key(error, document)
    if misnamed is not None:
        yield from misnamed
        return
    kind = error.validator
    if kind in ("oneOf", "anyOf"):
        branch = _matching_branch(error)
        if branch is not None:
            for sub in branch:
                yield from explain(sub, document)
            return
    path = list(error.absolute_path)
    span = span_at(document.root, path) or Span.point(document.file)
    if kind == "additionalProperties" and error.validator_value is False:
        yield from _unknown_keys(error, document)
    elif kind == "required":
        yield _required(error, document)
    elif kind in ("type", "pattern", "minimum", "oneOf", "anyOf"):
        yield _type(error, span, path)
    elif kind == "enum":
        yield _enum(error, span, path)
    else:
        yield Diagnostic("schema-invalid", Severity.ERROR, _lower(error.message), span)


def _unknown_keys(error: ValidationError, document: Document) -> Iterator[Diagnostic]:
    path = list(error.absolute_path)
    allowed = list(_schema(error).get("properties", {}))
    for key in _instance(error):
        if key in allowed:
            continue
        span = span_at(document.root, [*path, key], key=True) or Span.point(document.file)
        yield Diagnostic(
            "schema-unknown-key",
            Severity.ERROR,
            f"unknown key `{key}`{_where(path)}",
            span,
            _did_you_mean(key, allowed),
        )


def _where(path: Sequence[str | int]) -> str:
    names = [step for step in path if isinstance(step, str)]
    return f" in `{names[-1]}`" if names else ""


def _did_you_mean(key: str, allowed: Sequence[str]) -> str:
    return did_you_mean(key, allowed) or "expected one of " + ", ".join(
        f"`{name}`" for name in sorted(allowed)
    )


def _required(error: ValidationError, document: Document) -> Diagnostic:
    path = list(error.absolute_path)
    # jsonschema raises one error per missing key and names it only in the message.
    missing = ast.literal_eval(error.message.removesuffix(" is a required property"))
    owner = _where(path).replace(" in ", " ", 1) if path else " the document"
    # A key the schema declares is no misspelling (`key.schema.file` beside a missing
    # `value.schema.file`).
    declared = _schema(error).get("properties", {})
    written = [key for key in _instance(error) if isinstance(key, str) and key not in declared]
    # `contex: c` is a valid custom header, so the misspelling only shows as `context` missing.
    misspelt = difflib.get_close_matches(missing, written, n=1, cutoff=0.75)
    if misspelt:
        span = span_at(document.root, [*path, misspelt[0]], key=True)
        hint = f"rename `{misspelt[0]}` to `{missing}`"
    else:
        span, hint = _narrow_to_first_key(document, path), f"add `{missing}:`"
    return Diagnostic(
        "schema-required",
        Severity.ERROR,
        f"missing required key `{missing}` in{owner}",
        span or Span.point(document.file),
        hint,
    )


def _narrow_to_first_key(document: Document, path: Sequence[str | int]) -> Span:
    """The first key of the mapping at `path`: a one-line span instead of a whole block."""
    node = document.root
    for step in path:
        node = node[step]
    if isinstance(node, LMap) and node:
        return node.key_span(next(iter(node)))
    return span_at(document.root, path) or Span.point(document.file)


def _type(error: ValidationError, span: Span, path: Sequence[str | int]) -> Diagnostic:
    schema = _schema(error)
    expected = schema.get(_EXPECTED) or _expected_types(error)
    return Diagnostic(
        "schema-type",
        Severity.ERROR,
        f"{_subject(path)} must be {expected}, found {_describe(error.instance)}",
        span,
        schema.get(_HINT) or _type_hint(error.instance, expected),
    )


def _type_hint(value: Any, expected: str) -> str | None:
    if isinstance(value, bool | int | float) and "a string" in expected:
        written = str(value).lower() if isinstance(value, bool) else str(value)
        return f'quote the value: `"{written}"`'
    if isinstance(value, str) and expected == "a list":
        return f"write a list, e.g. `[{value}]`"
    return None


def _expected_types(error: ValidationError) -> str:
    if error.validator in ("oneOf", "anyOf"):
        types = [t for branch in _expected(error) for t in _as_list(branch.get("type", []))]
    else:
        types = _as_list(_schema(error).get("type", []))
    names = [_TYPE_NAMES[t] for t in dict.fromkeys(types) if t in _TYPE_NAMES and t != "null"]
    if not names:
        return "something else"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, int | float):
        return f"the number `{value}`"
    if isinstance(value, str):
        return f"`{value}`" if len(value) <= 40 else "a string"
    return _TYPE_NAMES["object" if isinstance(value, dict) else "array"]


def _subject(path: Sequence[str | int]) -> str:
    names = [step for step in path if isinstance(step, str)]
    if not names:
        return "the document"
    if isinstance(path[-1], int):
        return f"each item of `{names[-1]}`"
    return f"`{names[-1]}`"


def _enum(error: ValidationError, span: Span, path: Sequence[str | int]) -> Diagnostic:
    options = [str(option) for option in _expected(error)]
    value = str(error.instance)
    by_case = {option.lower(): option for option in options}
    if value.lower() in by_case:
        hint = f"did you mean `{by_case[value.lower()]}`?"
    else:
        hint = did_you_mean(value, options) or "use one of " + ", ".join(f"`{o}`" for o in options)
    return Diagnostic(
        "schema-enum",
        Severity.ERROR,
        f"{_subject(path)} has an unknown value {_describe(error.instance)}",
        span,
        hint,
    )


def _matching_branch(error: ValidationError) -> list[ValidationError] | None:
    """The errors of the one alternative whose type fits the value, if exactly one does."""
    by_branch: dict[int, list[ValidationError]] = {}
    for sub in error.context or ():
        by_branch.setdefault(int(sub.schema_path[0]), []).append(sub)
    fitting = [
        errors
        for errors in by_branch.values()
        if not any(e.validator == "type" and not e.relative_path for e in errors)
    ]
    return fitting[0] if len(fitting) == 1 else None


def _misnamed_key(error: ValidationError, document: Document) -> list[Diagnostic] | None:
    """A misspelt known key that fell into `additionalProperties` (headers, custom roles).

    `projets: [...]` at the top level would otherwise read as a header that "must be a
    string", and `topcis:` in a project as a custom role with unknown keys below it. None
    when the error is not below a misspelt key; an empty list for a project key, which the
    model builder reports (`project-unknown-key`, it knows the roles file) — never twice.
    """
    path = list(error.absolute_path)
    for depth, parent in _undeclared_steps(list(error.absolute_schema_path)):
        key = path[depth] if depth < len(path) else None
        if not isinstance(key, str):
            continue
        hint = did_you_mean(key, _close_keys(key, parent))
        if hint is None:
            continue
        if parent.get("additionalProperties") == {"$ref": _ROLE_BINDINGS}:
            return []
        holder = path[:depth]
        span = span_at(document.root, [*holder, key], key=True) or Span.point(document.file)
        return [
            Diagnostic(
                "schema-unknown-key",
                Severity.ERROR,
                f"unknown key `{key}`{_where(holder)}",
                span,
                hint,
            )
        ]
    return None


def _close_keys(key: str, schema: Mapping[str, Any]) -> list[str]:
    """Declared keys close enough to `key` to call it a typo (stricter than a hint's cutoff:
    a custom role or header key is legitimately unlike any declared key)."""
    return difflib.get_close_matches(key, list(schema["properties"]), n=1, cutoff=0.75)


_CONSUMES_STEP = frozenset({"items", "additionalProperties"})
_CONSUMES_NAMED_STEP = frozenset({"properties", "patternProperties", "prefixItems"})


def _undeclared_steps(keywords: Sequence[Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Instance depths whose key was matched by `additionalProperties` of a schema that
    also declares `properties`, with that schema.

    jsonschema's schema paths skip `$ref` hops, so the walk resolves a `$ref` whenever the
    next keyword is not found in the current schema.
    """
    schema: Any = schema_document()
    depth = 0
    i = 0
    last = len(keywords) - 1  # the failing keyword itself consumes nothing
    while i < last:
        schema = _deref(schema, keywords[i])
        keyword = keywords[i]
        if keyword in _CONSUMES_NAMED_STEP:
            schema, depth, i = schema[keyword][keywords[i + 1]], depth + 1, i + 2
            continue
        if keyword == "additionalProperties" and "properties" in schema:
            yield depth, schema
        if keyword in _CONSUMES_STEP:
            depth += 1
        schema = schema[keyword]
        i += 1


def _deref(schema: Any, keyword: Any) -> Any:
    while isinstance(schema, dict) and keyword not in schema and "$ref" in schema:
        schema = _resolve(schema["$ref"])
    return schema


def _resolve(ref: str) -> Any:
    node: Any = schema_document()
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def _schema(error: ValidationError) -> Mapping[str, Any]:
    """The (sub)schema that failed; a boolean schema has no keywords to read."""
    schema = error.schema
    return schema if isinstance(schema, Mapping) else {}


def _instance(error: ValidationError) -> Any:
    return error.instance


def _expected(error: ValidationError) -> Any:
    """The failing keyword's value (the `enum` options, the `oneOf` branches …)."""
    return error.validator_value


def _lower(message: str) -> str:
    return message[:1].lower() + message[1:]
