"""Declared subjects, named from each topic's schemas and subject naming strategy. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath

from ktb_action.core.kind import Declared
from ktb_action.diagnostics import Span
from ktb_action.kinds.subjects.values import FORMATS, SubjectSpec, subject_name
from ktb_action.settings import Settings
from ktb_action.topology.model import SchemaReference, Topic, TopicSchema, Topology
from ktb_action.topology.naming import topic_full_name


def compile_subjects(
    topologies: Sequence[Topology], settings: Settings
) -> dict[str, Declared[SubjectSpec]]:
    """Every subject the topics' `schemas:` declare, by name; the first declaration wins."""
    found: dict[str, Declared[SubjectSpec]] = {}
    for topology in topologies:
        for project in topology.projects:
            for topic in project.topics:
                name = topic_full_name(topology, project, topic, settings.naming)
                for subject, declared in _topic_subjects(name, topic, settings):
                    found.setdefault(
                        subject, Declared(declared.value, declared.source, project.name)
                    )
    return dict(sorted(found.items()))


def _topic_subjects(
    name: str, topic: Topic, settings: Settings
) -> list[tuple[str, Declared[SubjectSpec]]]:
    found = []
    for schema in topic.schemas:
        schema_type = FORMATS.get((schema.value_format or "AVRO").upper(), "AVRO")
        for part, file, record, level, span, references in _parts(schema):
            subject = subject_name(name, part, record, topic.subject_name_strategy)
            if file is None or span is None or subject is None:
                continue
            path = str(PurePosixPath(span.file).parent / file)
            spec = SubjectSpec(
                subject,
                path,
                schema_type,
                level.upper() if level else None,
                settings.schema_registry.allow_incompatible,
                references,
            )
            found.append((subject, Declared(spec, span)))
    return found


def _parts(
    schema: TopicSchema,
) -> list[tuple[str, str | None, str | None, str | None, Span | None, tuple[SchemaReference, ...]]]:
    return [
        (
            "key",
            schema.key_file,
            schema.key_record_type,
            schema.key_compatibility,
            schema.key_file_span,
            schema.key_references,
        ),
        (
            "value",
            schema.value_file,
            schema.value_record_type,
            schema.value_compatibility,
            schema.value_file_span,
            schema.value_references,
        ),
    ]
