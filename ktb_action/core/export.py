"""What `ktb export` needs of a kind: an optional capability next to `ResourceKind`.

A kind that can read everything it manages from the servers implements `Exporter`, and
`kinds/exporters.py` lists it; the core never asks a `ResourceKind` whether it can export.
What one exporter cannot read (a missing permission) is a warning, and the others still run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from ktb_action.errors import KtbError

if TYPE_CHECKING:
    from ktb_action.servers import Servers
    from ktb_action.settings import Settings

V = TypeVar("V")


class Exporter(Protocol[V]):
    """Reads every resource of one kind, for writing back as topology."""

    @property
    def name(self) -> str:
        """The kind's name (`topic`, `acl` …), as its `ResourceKind` says it."""
        ...

    @property
    def plural(self) -> str:
        """The kind in progress lines and warnings."""
        ...

    @property
    def grant(self) -> str:
        """What the exporting principal needs to read this kind (shown when it cannot)."""
        ...

    def read_all(self, servers: Servers, settings: Settings) -> dict[str, V]:
        """Every resource of the kind on the servers, by name, in a constant number of
        requests; none when `settings` configure no server of the kind (a Schema Registry,
        a Connect cluster)."""
        ...


@dataclass
class Snapshot:
    """What the exporters read: values by kind and name, and what could not be read."""

    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def of(self, kind: str) -> dict[str, Any]:
        """The resources of a kind read; empty when it could not be read."""
        return self.values.get(kind, {})


def read_snapshot(
    exporters: Sequence[Exporter[Any]],
    servers: Servers,
    settings: Settings,
    progress: Callable[[str], None],
) -> Snapshot:
    """Run each exporter; a kind that cannot be read becomes a warning naming what to grant."""
    snapshot = Snapshot()
    for exporter in exporters:
        progress(f"reading {exporter.plural}")
        try:
            snapshot.values[exporter.name] = exporter.read_all(servers, settings)
        except KtbError as error:
            snapshot.warnings.append(
                f"{exporter.plural} were not exported: {error.message} (grant {exporter.grant})"
            )
    return snapshot
