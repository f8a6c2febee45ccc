"""A subject's desired and actual values, and its name as Confluent's serializers give it."""

from __future__ import annotations

from dataclasses import dataclass

from ktb_action.diagnostics import Span
from ktb_action.topology.model import SchemaReference

FORMATS = {"AVRO": "AVRO", "JSON": "JSON", "JSON_SCHEMA": "JSON", "PROTOBUF": "PROTOBUF"}
"""Topology `value.format` -> the registry's `schemaType`."""


@dataclass(frozen=True, slots=True)
class SubjectSpec:
    """A declared subject: its schema file (relative to the repository root), the schema's
    type and, if declared, the subject's compatibility level."""

    subject: str
    file: str
    schema_type: str = "AVRO"
    level: str | None = None
    allow_incompatible: bool = False
    """Settings' `schema_registry.allow_incompatible`: apply registers even when the plan's
    compatibility check failed (the registry then decides)."""
    references: tuple[SchemaReference, ...] = ()
    """The subjects whose schemas this one uses (registered first)."""


@dataclass(frozen=True, slots=True)
class Incompatibility:
    """One reason the registry gave against a declared schema, and where it points."""

    message: str
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class SubjectState:
    """What the registry has for a subject, seen against its declared schema (if any)."""

    version: int
    level: str | None = None
    """The subject's own compatibility level; None when the global one applies."""
    current: bool = True
    """The declared schema is registered under the subject (nothing to register)."""
    incompatible: tuple[Incompatibility, ...] = ()
    """The registry's reasons the declared schema may not be registered."""


def strategy_name(strategy: str | None) -> str:
    """`TopicNameStrategy` for `io.confluent…TopicNameStrategy` or nothing (the default)."""
    return (strategy or "TopicNameStrategy").rsplit(".", 1)[-1]


def subject_name(topic: str, part: str, record: str | None, strategy: str | None) -> str | None:
    """The subject a serializer uses for the key or value (`part`) of `topic`: None when the
    strategy needs a record name and none is declared."""
    match strategy_name(strategy):
        case "RecordNameStrategy":
            return record
        case "TopicRecordNameStrategy":
            return None if record is None else f"{topic}-{record}"
        case _:
            return f"{topic}-{part}"
