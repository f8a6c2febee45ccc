"""Where each exported subject goes: a schema file and an entry in its topic's `schemas:`,
or, when the topology format cannot say it, a reason for the summary. Pure.

ktb names a topic's subjects with Confluent's TopicNameStrategy (`<topic>-key`,
`<topic>-value`) and declares them on project topics; a subject named otherwise cannot be
tied to a topic, and is listed instead of being dropped.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from ktb_action.export.layout import Layout
from ktb_action.kinds.subjects.export import RegisteredSubject
from ktb_action.topology.model import SchemaReference

SCHEMAS_DIR = "schemas"
"""Schema files, next to the topology files that name them."""
SUFFIXES = {"AVRO": ".avsc", "JSON": ".json", "PROTOBUF": ".proto"}
PARTS = ("key", "value")
_FILE_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class SchemaPart:
    """A topic's key or value subject, as its topic's `schemas:` entry writes it."""

    part: str
    file: str
    """Relative to the topology files' directory."""
    level: str | None
    references: tuple[SchemaReference, ...]


@dataclass(frozen=True)
class SchemaEntry:
    """A topic's `schemas:` entry: its value subject and, of the same schema type (the
    format's `value.format` is the type of both), its key subject."""

    schema_type: str
    parts: tuple[SchemaPart, ...]


@dataclass
class PlacedSchemas:
    """Schema entries by full topic name, the files' texts by path, and what is left out."""

    entries: dict[str, list[SchemaEntry]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    left_out: list[tuple[str, str]] = field(default_factory=list)
    """(subject, why) for the summary."""

    @property
    def subjects(self) -> int:
        """How many subjects were written."""
        return sum(len(e.parts) for entries in self.entries.values() for e in entries)


def place_subjects(subjects: Mapping[str, RegisteredSubject], layout: Layout) -> PlacedSchemas:
    """Each subject on its project topic, else a reason why it is not written."""
    in_projects = {
        spec.name
        for projects in layout.projects.values()
        for topics in projects.values()
        for spec in topics.values()
    }
    placed = PlacedSchemas()
    by_topic: dict[str, dict[str, RegisteredSubject]] = defaultdict(dict)
    for name, subject in sorted(subjects.items()):
        topic, dash, part = name.rpartition("-")
        if not dash or part not in PARTS or not topic:
            placed.left_out.append(
                (name, "not named `<topic>-key` or `<topic>-value`: its topic is unknown")
            )
        elif topic in layout.special:
            placed.left_out.append(
                (name, f"topic `{topic}` is a special topic, and subjects are declared on "
                 "project topics only")
            )  # fmt: skip
        elif topic not in in_projects:
            placed.left_out.append((name, f"topic `{topic}` is not exported"))
        else:
            by_topic[topic][part] = subject
    for topic, parts in sorted(by_topic.items()):
        entries = _entries(parts, placed)
        if entries:
            placed.entries[topic] = entries
    return placed


def _entries(parts: Mapping[str, RegisteredSubject], placed: PlacedSchemas) -> list[SchemaEntry]:
    """The topic's one entry (TopicNameStrategy allows no second one): its value subject and,
    when it is of the same type (`value.format` is the type of both), its key subject. A key
    the entry cannot hold is left out with the reason."""
    value = parts.get("value")
    key = parts.get("key")
    if value is None:
        if key is not None:
            placed.left_out.append(
                (key.latest.subject, "a `schemas` entry needs a `value.schema.file`, and the "
                 "topic has no value subject")
            )  # fmt: skip
        return []
    kept = [("value", value)]
    if key is not None and key.latest.schema_type != value.latest.schema_type:
        placed.left_out.append(
            (key.latest.subject, f"its type ({key.latest.schema_type}) is not its value's "
             f"({value.latest.schema_type}), and a `schemas` entry has one type for both "
             "(`value.format`)")
        )  # fmt: skip
    elif key is not None:
        kept.insert(0, ("key", key))
    found = []
    for part, subject in kept:
        latest = subject.latest
        file = f"{SCHEMAS_DIR}/{_FILE_UNSAFE.sub('_', latest.subject)}"
        file += SUFFIXES.get(latest.schema_type, ".txt")
        placed.files[file] = _text(latest.schema, latest.schema_type)
        references = tuple(SchemaReference(r.name, r.subject, r.version) for r in latest.references)
        found.append(SchemaPart(part, file, subject.level, references))
    return [SchemaEntry(value.latest.schema_type, tuple(found))]


def _text(schema: str, schema_type: str) -> str:
    """Avro and JSON schemas indented as people write them (a plan compares the parsed
    document); a Protobuf schema exactly as the registry has it (a plan compares its text)."""
    if schema_type == "PROTOBUF":
        return schema
    try:
        return json.dumps(json.loads(schema), indent=2) + "\n"
    except ValueError:
        return schema
