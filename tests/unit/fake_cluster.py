"""A fixed cluster state behind the `ClusterReader` port, and plans computed against it the
way `ktb plan` computes them (every registered kind, through the planner)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from ktb_action.core.plan import Plan
from ktb_action.core.planner import Comparison, compare
from ktb_action.kinds.acls.values import AclBinding
from ktb_action.kinds.quotas.values import QuotaEntity, QuotaValues
from ktb_action.kinds.registry import KINDS
from ktb_action.kinds.topics.values import TopicSpec
from ktb_action.kinds.users.values import ScramCredential
from ktb_action.servers import Servers
from ktb_action.settings import Settings
from ktb_action.topology.model import Topology


@dataclass(frozen=True)
class FakeReader:
    """A `ClusterReader` over fixed topics and bindings, listed in the order given and
    filtered as `KafkaReader` filters them."""

    topics: tuple[TopicSpec, ...] = ()
    acls: tuple[AclBinding, ...] = ()
    users: Mapping[str, tuple[ScramCredential, ...]] = field(default_factory=dict)
    quotas: Mapping[QuotaEntity, QuotaValues] = field(default_factory=dict)

    def read_topics(self, wants: Callable[[str], bool]) -> tuple[TopicSpec, ...]:
        """The topics whose name `wants` accepts."""
        return tuple(t for t in self.topics if wants(t.name))

    def read_acls(self, wants_principal: Callable[[str], bool]) -> tuple[AclBinding, ...]:
        """The bindings of the principals `wants_principal` accepts."""
        return tuple(b for b in self.acls if wants_principal(b.principal))

    def read_users(self) -> dict[str, tuple[ScramCredential, ...]]:
        """Every user's credentials."""
        return dict(self.users)


@dataclass
class FakeQuotas:
    """A `QuotaPort` over fixed quotas; it counts the reads, and writes nothing."""

    quotas: Mapping[QuotaEntity, QuotaValues]
    reads: int = 0

    def read(self) -> dict[QuotaEntity, QuotaValues]:
        """Every entity's quotas."""
        self.reads += 1
        return dict(self.quotas)

    def alter(
        self, changes: Sequence[tuple[QuotaEntity, Mapping[str, float | None]]]
    ) -> dict[QuotaEntity, str | None]:
        """Plans never alter."""
        raise AssertionError("a plan altered quotas")

    def wait_until_visible(self) -> None:
        """Nothing was written."""

    def close(self) -> None:
        """Nothing to close."""


def comparison_of(
    topologies: Sequence[Topology], reader: FakeReader, settings: Settings | None = None
) -> Comparison:
    """Every kind's desired and actual state, as the plan command compares them."""
    servers = Servers(reader, open_quotas=lambda: FakeQuotas(reader.quotas))
    return compare(topologies, settings or Settings(), servers, KINDS)


def plan_of(
    topologies: Sequence[Topology], reader: FakeReader, settings: Settings | None = None
) -> Plan:
    """The plan `ktb plan` makes for `topologies` against the cluster `reader` shows."""
    return comparison_of(topologies, reader, settings).plan()
