"""Reading topologies end to end: load files -> schema check -> build the model -> rules.

The one entry point every command uses to turn paths into topologies plus diagnostics.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ktb_action.diagnostics import Diagnostic
from ktb_action.settings import Settings
from ktb_action.topology.model import Topology


@dataclass(frozen=True)
class Reading:
    """What reading a set of topology paths produced."""

    topologies: tuple[Topology, ...]
    diagnostics: tuple[Diagnostic, ...]
    """All findings, sorted by file and position, after rule settings were applied."""
    sources: dict[str, str] = field(default_factory=dict)
    """File text by relative path, for renderers that quote the offending line."""
    files: tuple[str, ...] = ()


def read_topologies(
    paths: Sequence[Path], root: Path, settings: Settings, *, recursive: bool = False
) -> Reading:
    """Read every topology under `paths` (files or directories) relative to `root`."""
    raise NotImplementedError("pipeline not built yet")
