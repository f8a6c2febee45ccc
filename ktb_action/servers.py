"""The servers a run talks to, as typed ports: plan gets read ports only; apply also gets
the write ports. Kinds reach their servers only through this."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ktb_action.errors import KtbError

if TYPE_CHECKING:
    from ktb_action.connect.client import ConnectPort
    from ktb_action.kafka.quotas import QuotaPort
    from ktb_action.kafka.read import ClusterReader
    from ktb_action.kafka.write import ClusterWriter
    from ktb_action.kinds.subjects.port import RegistryPort
    from ktb_action.state.session import StateSession, StateStore


@dataclass(frozen=True)
class SecretSources:
    """Where references to secrets (`${env:NAME}`, `${file:path}`) are resolved: only apply
    resolves them, never a plan."""

    env: Mapping[str, str] = field(default_factory=dict)
    root: Path = Path(".")
    """The repository root, which a file reference's directory is relative to."""


@dataclass
class Servers:
    """Ports to the servers of one run; close it when the run ends."""

    kafka: ClusterReader
    kafka_writer: ClusterWriter | None = None
    """Only `apply` sets it: a plan can never write."""
    secrets: SecretSources = field(default_factory=SecretSources)
    open_quotas: Callable[[], QuotaPort] | None = None
    """Opens the client-quota port (a second Kafka client) on first use: a run that
    declares no quota never connects it."""
    open_state_topic: Callable[[str], StateStore] | None = None
    """Opens the ownership state kept in a topic of the cluster (by the topic's name)."""
    publish_audit: Callable[[str, str, dict[str, Any]], None] | None = None
    """Writes an audit record (topic, key, record) to a topic of the cluster."""
    state: StateSession | None = None
    """The ownership state of the run, opened by planning when the settings name one."""
    open_registry: Callable[[], RegistryPort] | None = None
    """Opens the Schema Registry port on first use: a run that declares no subject never
    connects it."""
    _quotas: QuotaPort | None = field(default=None, init=False, repr=False)
    _registry: RegistryPort | None = field(default=None, init=False, repr=False)
    open_connect: Callable[[str, str], ConnectPort] | None = None
    """Opens the port of a Kafka Connect cluster (label, URL) on first use."""
    end_reads: Callable[[], None] | None = None
    """Ends the Kafka reads sent early (`EarlyReads.close`) when the run closes."""
    _connect: dict[str, ConnectPort] = field(default_factory=dict, init=False, repr=False)

    def writer(self) -> ClusterWriter:
        """The Kafka write port; asking for it outside apply is a bug, never a user error."""
        if self.kafka_writer is None:
            raise KtbError("internal error: a write was attempted while planning")
        return self.kafka_writer

    def quotas(self) -> QuotaPort:
        """The client-quota port, opened on first use."""
        if self._quotas is None:
            if self.open_quotas is None:
                raise KtbError("internal error: no client-quota connection was configured")
            self._quotas = self.open_quotas()
        return self._quotas

    def registry(self) -> RegistryPort:
        """The Schema Registry port, opened on first use."""
        if self._registry is None:
            if self.open_registry is None:
                raise KtbError("internal error: no Schema Registry connection was configured")
            self._registry = self.open_registry()
        return self._registry

    def connect(self, label: str, url: str) -> ConnectPort:
        """The port of the Connect cluster `label`, opened on first use."""
        if label not in self._connect:
            if self.open_connect is None:
                raise KtbError("internal error: no Kafka Connect connection was configured")
            self._connect[label] = self.open_connect(label, url)
        return self._connect[label]

    def connect_ports(self) -> list[ConnectPort]:
        """The Connect ports this run opened."""
        return list(self._connect.values())

    def close(self) -> None:
        """Close the connections opened on demand, and end the reads sent early."""
        if self.end_reads is not None:
            self.end_reads()
            self.end_reads = None
        for port in self._connect.values():
            port.close()
        self._connect.clear()
        if self._quotas is not None:
            self._quotas.close()
            self._quotas = None
        if self._registry is not None:
            self._registry.close()
            self._registry = None
