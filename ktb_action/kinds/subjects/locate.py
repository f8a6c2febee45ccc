"""Where in a schema file a registry's incompatibility reason points: the field at the path
Confluent's verbose messages name (`at path '/fields/1' in the new schema`), found with the
project's own located loader (JSON is YAML, so each value keeps its line and column)."""

from __future__ import annotations

import re

from ktb_action.diagnostics import Span
from ktb_action.topology.compose import compose_text
from ktb_action.topology.located import span_at

_NEW_SCHEMA_PATH = re.compile(r"at path '(/[^']*)' in the new schema")


def reason_span(message: str, text: str, file: str) -> Span:
    """The span of the field `message` names in `text` (the new schema), else line 1."""
    match = _NEW_SCHEMA_PATH.search(message)
    if match is not None:
        documents, problems = compose_text(text, file)
        if documents and not problems:
            steps = [_step(token) for token in match.group(1).strip("/").split("/") if token]
            found = span_at(documents[0].root, steps)
            if found is not None:
                return found
    return Span.point(file)


def _step(token: str) -> str | int:
    token = token.replace("~1", "/").replace("~0", "~")
    return int(token) if token.isdigit() else token
