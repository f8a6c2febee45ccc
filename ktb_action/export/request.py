"""What an export is asked to do and what it did: apart from the export itself, so that the
command line can describe it without loading the YAML writer and the Kafka client."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ktb_action.export.layout import TopicFilter
from ktb_action.settings import Settings

if TYPE_CHECKING:
    from ktb_action.export.connectors import PlacedConnectors
    from ktb_action.export.layout import Layout
    from ktb_action.export.roles import Grants
    from ktb_action.export.schemas import PlacedSchemas


@dataclass(frozen=True)
class ExportRequest:
    """Where to write, how to name, what to leave out."""

    out: Path
    origin: str
    """Where the cluster is, for the files' comments (never a credential)."""
    separator: str = "."
    context: str | None = None
    topics: TopicFilter = field(default_factory=TopicFilter)
    settings: Settings = field(default_factory=Settings)
    """The Schema Registry (`schema_registry.url`) and the Connect clusters
    (`connect.clusters`) to read, as `ktb plan` takes them."""


@dataclass
class ExportResult:
    """What was written, for the summary."""

    files: list[Path]
    layout: Layout
    grants: Grants
    topics: int
    users: int
    quotas: int
    schemas: PlacedSchemas
    connectors: PlacedConnectors
    warnings: list[str]
