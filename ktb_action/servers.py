"""The servers a run talks to, as typed ports: plan gets read ports only; apply also gets
the write ports. Kinds reach their servers only through this."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ktb_action.errors import KtbError

if TYPE_CHECKING:
    from ktb_action.kafka.read import ClusterReader
    from ktb_action.kafka.write import ClusterWriter


@dataclass
class Servers:
    """Ports to the servers of one run."""

    kafka: ClusterReader
    kafka_writer: ClusterWriter | None = None
    """Only `apply` sets it: a plan can never write."""

    def writer(self) -> ClusterWriter:
        """The Kafka write port; asking for it outside apply is a bug, never a user error."""
        if self.kafka_writer is None:
            raise KtbError("internal error: a write was attempted while planning")
        return self.kafka_writer
