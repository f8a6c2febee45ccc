"""Parsing a schema file as its format says (Avro with Apache Avro's parser, JSON Schema
against its meta-schema, Protobuf with a .proto parser): what is wrong and at which line and
column. JSON positions come from the project's located loader (JSON is YAML)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

import avro.errors
import avro.name
import avro.schema
from antlr4.error.ErrorListener import ErrorListener  # type: ignore[import-untyped]
from jsonschema.exceptions import SchemaError
from jsonschema.validators import validator_for
from proto_schema_parser.parser import Parser

from ktb_action.diagnostics import Span
from ktb_action.topology.compose import compose_text
from ktb_action.topology.located import span_at

_QUOTED = re.compile(r'"([^"]+)"')


def parse_problem(
    text: str, kind: str, file: str, named: Sequence[str] | None = ()
) -> tuple[str, Span] | None:
    """What is wrong with a schema of format `kind` (AVRO, JSON, PROTOBUF), and where; an
    Avro schema is parsed after the schemas of its references (`named`; None: they are not
    all known, so only its JSON is checked)."""
    if kind == "PROTOBUF":
        return _protobuf_problem(text, file)
    documents, problems = compose_text(text, file)
    if problems:
        return problems[0].message, problems[0].span or Span.point(file)
    try:
        data = json.loads(text)
    except ValueError as error:
        return str(error), Span.point(file)
    if kind.startswith("JSON"):
        return _json_schema_problem(data, documents[0].root if documents else None, file)
    return None if named is None else _avro_problem(text, file, named)


def _avro_problem(text: str, file: str, named: Sequence[str]) -> tuple[str, Span] | None:
    names = avro.name.Names()
    try:
        for other in named:
            avro.schema.make_avsc_object(json.loads(other), names)
    except (avro.errors.AvroException, ValueError, TypeError):
        return None  # the referenced file's own finding says what is wrong with it
    try:
        avro.schema.make_avsc_object(json.loads(text), names)
    except (avro.errors.AvroException, ValueError, TypeError) as error:
        message = str(error)
        # Avro names the offending value, not its position: point at its first occurrence.
        for token in _QUOTED.findall(message):
            index = text.find(f'"{token}"')
            if index >= 0:
                line = text.count("\n", 0, index) + 1
                column = index - (text.rfind("\n", 0, index) + 1) + 1
                return message, Span(file, line, column, line, column + len(token) + 2)
        return message, Span.point(file)
    return None


def _json_schema_problem(data: Any, root: Any, file: str) -> tuple[str, Span] | None:
    try:
        validator_for(data).check_schema(data)
    except SchemaError as error:
        span = span_at(root, list(error.absolute_path)) if root is not None else None
        return error.message, span or Span.point(file)
    return None


class _Collect(ErrorListener):  # type: ignore[misc]
    """Keeps the first syntax error instead of printing every one (antlr's default)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: tuple[str, int, int] | None = None

    def syntaxError(  # noqa: N802, PLR0917 (antlr's name and signature)
        self, recognizer: Any, symbol: Any, line: int, column: int, msg: str, e: Any
    ) -> None:
        if self.found is None:
            self.found = (msg, line, column + 1)


def _protobuf_problem(text: str, file: str) -> tuple[str, Span] | None:
    listener = _Collect()

    def quiet(recognizer: Any) -> None:
        recognizer.removeErrorListeners()
        recognizer.addErrorListener(listener)

    try:
        Parser(setup_lexer=quiet, setup_parser=quiet).parse(text)
    except Exception as error:
        if listener.found is None:
            return f"{type(error).__name__}: {error}", Span.point(file)
    if listener.found is None:
        return None
    message, line, column = listener.found
    return message, Span(file, line, column, line, column + 1)
