"""`schema-syntax`: every schema file a topic names is parsed as its format says (Avro with
Apache Avro's parser, JSON Schema against its meta-schema, Protobuf with a .proto parser),
and a file that does not parse is an error at the line and column where it breaks. JSON
positions come from the project's located loader (JSON is YAML)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

import avro.errors
import avro.name
import avro.schema
from antlr4.error.ErrorListener import ErrorListener  # type: ignore[import-untyped]
from jsonschema.exceptions import SchemaError
from jsonschema.validators import validator_for
from proto_schema_parser.parser import Parser

from ktb_action.diagnostics import Diagnostic, Severity, Span
from ktb_action.kinds.subjects.compile import compile_subjects
from ktb_action.kinds.subjects.values import SubjectSpec
from ktb_action.topology.compose import compose_text
from ktb_action.topology.located import span_at
from ktb_action.topology.naming import NamingFormatError
from ktb_action.validate.rules.base import Rule, RuleContext

_QUOTED = re.compile(r'"([^"]+)"')


def _declared_files(ctx: RuleContext) -> Iterator[tuple[str, str, bool]]:
    """(file relative to the root, format, whether it has references) of every schema file,
    once each."""
    seen: set[str] = set()
    for topology in ctx.topologies:
        for project in topology.projects:
            for topic in project.topics:
                for schema in topic.schemas:
                    kind = (schema.value_format or "AVRO").upper()
                    for name, span, references in (
                        (schema.key_file, schema.key_file_span, schema.key_references),
                        (schema.value_file, schema.value_file_span, schema.value_references),
                    ):
                        if name is None or span is None:
                            continue
                        path = str(PurePosixPath(span.file).parent / name)
                        if path not in seen:
                            seen.add(path)
                            yield path, kind, bool(references)


def _referenced_files(ctx: RuleContext) -> dict[str, list[str] | None]:
    """Each schema file with `references` -> the files of the subjects they name, theirs
    first; None when one is not declared (its named types are on the registry only). Empty
    when topic names do not compose (`naming-format-invalid` says why): no subject is known."""
    try:
        declared = compile_subjects(ctx.topologies, ctx.settings)
    except NamingFormatError:
        return {}
    subjects = {name: d.value for name, d in declared.items()}

    def files(spec: SubjectSpec, seen: frozenset[str]) -> list[str] | None:
        found: list[str] = []
        for ref in spec.references:
            target = subjects.get(ref.subject)
            inner = (
                None
                if target is None or ref.subject in seen
                else files(target, seen | {ref.subject})
            )
            if target is None or inner is None:
                return None
            found += [*inner, target.file]
        return found

    return {
        spec.file: files(spec, frozenset({spec.subject}))
        for spec in subjects.values()
        if spec.references
    }


def _read(root: Path, path: str) -> str | None:
    try:
        return Path(root / path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def schema_syntax(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """Parse each readable schema file (a missing one is `file-missing`'s), an Avro schema
    with the named types of the declared subjects it references."""
    declared = list(_declared_files(ctx))
    referenced = _referenced_files(ctx) if any(refs for _, _, refs in declared) else {}
    for path, kind, has_references in declared:
        text = _read(ctx.root, path)
        if text is None:
            continue
        files = referenced.get(path) if has_references else []
        named = None if files is None else [t for f in files if (t := _read(ctx.root, f))]
        problem = parse_problem(text, kind, path, named)
        if problem is not None:
            message, span = problem
            yield rule.at(
                f"schema file `{path}` is not a valid {kind} schema: {message}",
                span,
                "fix the schema; the registry would refuse it",
            )


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


RULES = (Rule("schema-syntax", Severity.ERROR, "a schema file does not parse", schema_syntax),)
