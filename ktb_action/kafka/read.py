"""Reading the cluster's actual state as ktb's values, in a constant number of admin
requests (`cluster_reads`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from ktb_action.errors import ClusterError
from ktb_action.kafka import scram
from ktb_action.kafka.admin import AdminSession
from ktb_action.kafka.bindings import binding_from_kafka
from ktb_action.kafka.cluster_reads import EarlyReads, read_configs, whole_cluster_reads
from ktb_action.kinds.acls.values import AclBinding, AclPermission, binding_order
from ktb_action.kinds.topics.values import TopicSpec
from ktb_action.kinds.users.values import ScramCredential


class ClusterReader(Protocol):
    """Reads topics and ACL bindings; `plan` gets only this, never a writer."""

    def read_topics(self, wants: Callable[[str], bool]) -> tuple[TopicSpec, ...]:
        """Topics whose name `wants` accepts, with the configs set on them."""
        ...

    def read_acls(self, wants_principal: Callable[[str], bool]) -> tuple[AclBinding, ...]:
        """The ALLOW bindings of the principals `wants_principal` accepts."""
        ...

    def read_users(self) -> dict[str, tuple[ScramCredential, ...]]:
        """Every user with SCRAM credentials, and its credentials."""
        ...


class KafkaReader:
    """`ClusterReader` over a real cluster; with `early`, the whole-cluster reads already
    sent take their answers from it."""

    def __init__(self, session: AdminSession, early: EarlyReads | None = None) -> None:
        self.session = session
        self._access_checked = False
        self._early = early

    def _answer(self, read: str) -> Any:
        early = None if self._early is None else self._early.take(read)
        return early() if early is not None else whole_cluster_reads(self.session)[read]()

    def read_topics(self, wants: Callable[[str], bool]) -> tuple[TopicSpec, ...]:
        """See `ClusterReader.read_topics`."""
        self._check_access()
        metadata = self._answer("topics")
        shapes = {name: _shape(topic) for name, topic in metadata.topics.items() if wants(name)}
        early = None if self._early is None else self._early.take_configs()
        configs = (
            early
            if early is not None and shapes.keys() <= early.keys()
            else read_configs(self.session, sorted(shapes))
        )
        # A topic listed but gone when its configs were asked for is read as gone.
        return tuple(
            TopicSpec(name, partitions, replicas, configs[name])
            for name, (partitions, replicas) in sorted(shapes.items())
            if name in configs
        )

    def read_acls(self, wants_principal: Callable[[str], bool]) -> tuple[AclBinding, ...]:
        """See `ClusterReader.read_acls`."""
        self._check_access()
        found = self._answer("acls")
        bindings = (binding_from_kafka(b) for b in found if wants_principal(b.principal))
        # Topologies generate ALLOW only: DENY bindings an operator set are never compared,
        # so never deleted.
        return tuple(
            sorted(
                (b for b in bindings if b is not None and b.permission is AclPermission.ALLOW),
                key=binding_order,
            )
        )

    def read_users(self) -> dict[str, tuple[ScramCredential, ...]]:
        """See `ClusterReader.read_users` (one request: `kafka.scram.read`)."""
        self._check_access()
        return scram.read(self.session)

    def _check_access(self) -> None:
        """Refuse to read without DESCRIBE on the cluster: Kafka then answers the ACL listing
        with an empty list rather than an error, and every ACL would look missing. Asked
        once, first: its answer comes as a future, which the connection watch serves, so a
        wrong password or address is one clear error within seconds."""
        if self._access_checked:
            return
        self._access_checked = True
        cluster = self._answer("cluster")
        allowed = {op.name for op in cluster.authorized_operations or ()}
        if "DESCRIBE" not in allowed:
            principal = self.session.principal
            raise ClusterError(
                f"{principal} is not allowed DESCRIBE on CLUSTER:kafka-cluster, "
                "so the cluster's ACLs cannot be read",
                hint=f"grant DESCRIBE on CLUSTER:kafka-cluster to {principal}",
            )


def _shape(topic: Any) -> tuple[int, int]:
    partitions = topic.partitions
    replicas = len(next(iter(partitions.values())).replicas) if partitions else 0
    return len(partitions), replicas
