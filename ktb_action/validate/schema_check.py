"""Check documents against the published topology JSON Schema, one diagnostic per problem.

Two validators of the same schema: fastjsonschema decides quickly whether a document (or a
project) is valid; jsonschema explains the invalid parts (`schema_errors`), because only it
reports every error with its path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

import fastjsonschema

from ktb_action.diagnostics import Diagnostic
from ktb_action.schema_path import schema_document
from ktb_action.topology.located import Document, LMap, LSeq
from ktb_action.validate.compiled_schema import compiled

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

RULES = {
    "schema-unknown-key": "a key the topology format does not have (often a typo)",
    "schema-type": "a value of the wrong type (a list where a mapping belongs …)",
    "schema-required": "a required key is missing",
    "schema-enum": "a value outside the allowed set",
    "schema-invalid": "any other violation of the topology JSON Schema",
}
"""Rule ids of the schema check, with their one-line summaries."""


@cache
def validator() -> Draft202012Validator:
    """The schema validator that explains errors, compiled once per process (and jsonschema
    imported only then: valid files, the usual case, never need it)."""
    from jsonschema import Draft202012Validator  # noqa: PLC0415

    return Draft202012Validator(schema_document())


@cache
def _fast_validator(definition: str | None = None) -> Callable[[Any], Any]:
    """The schema (or one of its `$defs`) compiled to Python code by fastjsonschema.

    About ten times faster than jsonschema on a 10,000-topic file, but it stops at the first
    error without a usable path: valid documents (the common case) pass here, and only the
    invalid parts go through jsonschema. Compiled once, then kept in the user's cache
    (`compiled_schema`).
    """
    schema = schema_document()
    if definition is not None:
        schema = {"$ref": f"#/$defs/{definition}", "$defs": schema["$defs"]}
    return compiled(schema)


def is_valid(root: Any, definition: str | None = None) -> bool:
    """Whether `root` satisfies the schema (or its `$defs` entry `definition`), fast."""
    try:
        _fast_validator(definition)(root)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def check_schema(documents: Iterable[Document]) -> list[Diagnostic]:
    """Every schema violation of every document, at the span of the offending key or value."""
    # A dict keeps order and drops repeats: one misspelt key can fail several sub-schemas.
    diagnostics: dict[Diagnostic, None] = {}
    for document in documents:
        if is_valid(document.root):
            continue
        # Imported only for an invalid document: valid ones, the usual case, never need it.
        from ktb_action.validate.schema_errors import explain  # noqa: PLC0415

        pruned = Document(document.file, _failing_projects_only(document.root), document.index)
        for error in validator().iter_errors(pruned.root):
            diagnostics.update(dict.fromkeys(explain(error, pruned)))
    return list(diagnostics)


def _failing_projects_only(root: Any) -> Any:
    """`root` with only the projects the fast check rejects, for jsonschema to explain.

    A typo in one project of a 10,000-topic file then costs jsonschema milliseconds rather
    than half a second. The kept nodes are the originals, so every span stays the same.
    """
    projects = root.get("projects") if isinstance(root, LMap) else None
    if not isinstance(projects, LSeq):
        return root
    failing = LSeq(projects.span)
    for project, span in zip(projects, projects.item_spans, strict=True):
        if not is_valid(project, "project"):
            failing.append(project)
            failing.item_spans.append(span)
    pruned = LMap(root.span)
    pruned.update(root)
    pruned.key_spans.update(root.key_spans)
    pruned.value_spans.update(root.value_spans)
    pruned["projects"] = failing
    return pruned
