"""What an export is asked to do and what it did: apart from the export itself, so that the
command line can describe it without loading the YAML writer and the Kafka client."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ktb_action.export.layout import TopicFilter

if TYPE_CHECKING:
    from ktb_action.export.layout import Layout
    from ktb_action.export.roles import Grants


@dataclass(frozen=True)
class ExportRequest:
    """Where to write, how to name, what to leave out."""

    out: Path
    origin: str
    """Where the cluster is, for the files' comments (never a credential)."""
    separator: str = "."
    context: str | None = None
    topics: TopicFilter = field(default_factory=TopicFilter)


@dataclass
class ExportResult:
    """What was written, for the summary."""

    files: list[Path]
    layout: Layout
    grants: Grants
    topics: int
    users: int
    quotas: int
    warnings: list[str]
