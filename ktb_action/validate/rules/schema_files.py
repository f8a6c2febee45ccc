"""`schema-syntax`: every schema file a topic names is parsed as its format says (Avro with
Apache Avro's parser, JSON Schema against its meta-schema, Protobuf with a .proto parser),
and a file that does not parse is an error at the line and column where it breaks. JSON
positions come from the project's located loader (JSON is YAML)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from ktb_action.diagnostics import Diagnostic, Severity
from ktb_action.validate.rules.base import Rule, RuleContext


def _declared_files(ctx: RuleContext) -> Iterator[tuple[str, str]]:
    """(file relative to the root, format) of every schema file, once each."""
    seen: set[str] = set()
    for topology in ctx.topologies:
        for project in topology.projects:
            for topic in project.topics:
                for schema in topic.schemas:
                    kind = (schema.value_format or "AVRO").upper()
                    for name, span in (
                        (schema.key_file, schema.key_file_span),
                        (schema.value_file, schema.value_file_span),
                    ):
                        if name is None or span is None:
                            continue
                        path = str(PurePosixPath(span.file).parent / name)
                        if path not in seen:
                            seen.add(path)
                            yield path, kind


def schema_syntax(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """Parse each readable schema file (a missing one is `file-missing`'s)."""
    for path, kind in _declared_files(ctx):
        try:
            text = Path(ctx.root / path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        # The parsers (Avro, JSON Schema, antlr's .proto grammar) are loaded only when a file
        # names a schema: 70 ms of start-up that `ktb validate` of other files does not pay.
        from ktb_action.validate.schema_parsers import parse_problem  # noqa: PLC0415

        problem = parse_problem(text, kind, path)
        if problem is not None:
            message, span = problem
            yield rule.at(
                f"schema file `{path}` is not a valid {kind} schema: {message}",
                span,
                "fix the schema; the registry would refuse it",
            )


RULES = (Rule("schema-syntax", Severity.ERROR, "a schema file does not parse", schema_syntax),)
