"""`schema-syntax`: every schema file a topic names is parsed as its format says (Avro with
Apache Avro's parser, JSON Schema against its meta-schema, Protobuf with a .proto parser),
and a file that does not parse is an error at the line and column where it breaks. JSON
positions come from the project's located loader (JSON is YAML)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from ktb_action.diagnostics import Diagnostic, Severity
from ktb_action.kinds.subjects.compile import compile_subjects
from ktb_action.kinds.subjects.values import SubjectSpec
from ktb_action.topology.naming import NamingFormatError
from ktb_action.validate.rules.base import Rule, RuleContext


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
        # The parsers (Avro, JSON Schema, antlr's .proto grammar) are loaded only when a file
        # names a schema: 70 ms of start-up that `ktb validate` of other files does not pay.
        from ktb_action.validate.schema_parsers import parse_problem  # noqa: PLC0415

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


RULES = (Rule("schema-syntax", Severity.ERROR, "a schema file does not parse", schema_syntax),)
