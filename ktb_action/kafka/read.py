"""Reading the cluster's actual state in a constant number of admin requests.

Never one request per topic: one metadata request (`list_topics`) and `describe_configs`
for the topics in scope, 2,000 topics per request (topic configs may be asked of any broker,
so librdkafka sends each call as one DescribeConfigs request); for bindings, one
`describe_cluster` to check that we may read them at all and one `describe_acls` for
everything. Four requests up to 2,000 topics, eight at 10,000.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from functools import partial
from typing import Any, Protocol

from confluent_kafka.admin._acl import AclBindingFilter, AclOperation, AclPermissionType
from confluent_kafka.admin._config import ConfigResource, ConfigSource
from confluent_kafka.admin._resource import ResourcePatternType, ResourceType
from confluent_kafka.cimpl import KafkaError

from ktb_action.errors import ClusterError
from ktb_action.kafka import scram
from ktb_action.kafka.admin import (
    CONNECT_TIMEOUT_S,
    AdminSession,
    kafka_error,
    request,
    wait,
)
from ktb_action.kafka.background import in_background
from ktb_action.kafka.bindings import binding_from_kafka
from ktb_action.kinds.acls.values import AclBinding, AclPermission, binding_order
from ktb_action.kinds.topics.values import TopicSpec
from ktb_action.kinds.users.values import ScramCredential

# confluent-kafka gives a config's source as its enum or as the raw number. A set of both
# answers either in one lookup, without building 370,000 enum values (or making as many
# calls) for a 10,000-topic plan.
_SET_ON_TOPIC = frozenset(
    {ConfigSource.DYNAMIC_TOPIC_CONFIG, ConfigSource.DYNAMIC_TOPIC_CONFIG.value}
)
# confluent-kafka turns every entry of a DescribeConfigs response (all ~37 configs of each
# topic, with their synonyms) into Python objects before the first future resolves, so
# neither dropping entries as futures resolve nor taking futures as they complete lowers the
# peak; there is no option to leave synonyms out, and asking for named keys would hide the
# undeclared keys the plan must remove. Only the request size sets the peak: a 10,000-topic
# plan peaked at 515 MB RSS in one request, 332 MB at 5,000 topics per request and 203 MB
# at 2,000, which leaves room under the 400 MB target for bigger topologies, at no cost in
# time (7.4 s for both).
CONFIGS_PER_REQUEST = 2_000
CONFIGS_IN_FLIGHT = 2
# Every binding: None matches any name, principal and host (the stubs type them as str).
ANY_ACL = AclBindingFilter(
    ResourceType.ANY,
    None,  # type: ignore[arg-type]
    ResourcePatternType.ANY,
    None,  # type: ignore[arg-type]
    None,  # type: ignore[arg-type]
    AclOperation.ANY,
    AclPermissionType.ANY,
)


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
    """`ClusterReader` over a real cluster."""

    def __init__(self, session: AdminSession) -> None:
        self.session = session
        self._access_checked = False
        self._early: dict[str, Callable[[], Any]] = {}
        """Reads sent by `prefetch`: how to take each one's answer."""
        self._early_configs: Callable[[], dict[str, tuple[tuple[str, str], ...]] | None] = lambda: (
            None
        )
        """The configs of every topic of a small cluster, read by `prefetch` (None: not)."""

    def prefetch(self) -> None:
        """Send now the reads every plan makes whatever its files declare (the access check,
        every topic's metadata, every binding): the cluster answers them while the files
        are loaded, and each read then takes its answer instead of asking (once).

        On a cluster of at most `CONFIGS_PER_REQUEST` topics, the configs of all of them
        are asked for too, once the metadata is in: one request whatever the topologies
        declare, which takes the configs read off the end of the plan. Larger clusters are
        left alone (most of their topics may not be the topologies' to read)."""
        self._early = {name: in_background(ask) for name, ask in self._reads().items()}
        metadata = self._early["topics"]
        self._early_configs = in_background(lambda: self._small_cluster_configs(metadata))

    def _small_cluster_configs(
        self, metadata: Callable[[], Any]
    ) -> dict[str, tuple[tuple[str, str], ...]] | None:
        """Every topic's configs when the cluster is small, else None; None too when any
        of them cannot be read (a topic this principal may not describe): the plan then
        asks for its own topics only, as without `prefetch`."""
        try:
            names = sorted(metadata().topics)
            return self._configs(names) if len(names) <= CONFIGS_PER_REQUEST else None
        except ClusterError:
            return None

    def _reads(self) -> dict[str, Callable[[], Any]]:
        """The whole-cluster reads, each as the call that sends it and waits for it."""
        admin, session = self.session.admin.client, self.session
        return {
            "cluster": partial(
                request,
                session,
                "DESCRIBE",
                "CLUSTER:kafka-cluster",
                admin.describe_cluster,
                include_authorized_operations=True,
                request_timeout=min(session.timeout, CONNECT_TIMEOUT_S),
            ),
            "topics": partial(
                request,
                session,
                "DESCRIBE",
                "the cluster's topics",
                admin.list_topics,
                timeout=session.timeout,
            ),
            "acls": partial(
                request,
                session,
                "DESCRIBE",
                "CLUSTER:kafka-cluster",
                admin.describe_acls,
                ANY_ACL,
                request_timeout=session.timeout,
            ),
        }

    def _answer(self, read: str) -> Any:
        early = self._early.pop(read, None)
        return early() if early is not None else self._reads()[read]()

    def read_topics(self, wants: Callable[[str], bool]) -> tuple[TopicSpec, ...]:
        """See `ClusterReader.read_topics`."""
        self._check_access()
        metadata = self._answer("topics")
        shapes = {name: _shape(topic) for name, topic in metadata.topics.items() if wants(name)}
        early = self._early_configs()
        self._early_configs = lambda: None
        configs = (
            early
            if early is not None and shapes.keys() <= early.keys()
            else self._configs(sorted(shapes))
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

    def _configs(self, names: list[str]) -> dict[str, tuple[tuple[str, str], ...]]:
        """The configs set on each topic, `CONFIGS_PER_REQUEST` topics per request and
        `CONFIGS_IN_FLIGHT` requests outstanding: the broker answers the next batch while
        this one is turned into Python objects."""
        result: dict[str, tuple[tuple[str, str], ...]] = {}
        pending: deque[dict[Any, Future[Any]]] = deque()
        for start in range(0, len(names), CONFIGS_PER_REQUEST):
            if len(pending) == CONFIGS_IN_FLIGHT:
                result.update(self._configs_of(pending.popleft()))
            pending.append(self._ask_configs(names[start : start + CONFIGS_PER_REQUEST]))
        while pending:
            result.update(self._configs_of(pending.popleft()))
        return result

    def _ask_configs(self, names: list[str]) -> dict[Any, Future[Any]]:
        """Send one describe_configs request for `names`, without waiting for its answer."""
        resources = [ConfigResource(ResourceType.TOPIC, name) for name in names]
        futures: dict[Any, Future[Any]] = request(
            self.session,
            "DESCRIBE_CONFIGS",
            "TOPIC",
            self.session.admin.client.describe_configs,
            resources,
            request_timeout=self.session.timeout,
        )
        return futures

    def _configs_of(
        self, futures: dict[Any, Future[Any]]
    ) -> dict[str, tuple[tuple[str, str], ...]]:
        result: dict[str, tuple[tuple[str, str], ...]] = {}
        for resource, future in futures.items():
            entries, failure = wait(
                future, self.session, "DESCRIBE_CONFIGS", f"TOPIC:{resource.name}"
            )
            if failure is not None and _deleted_meanwhile(future):
                continue
            if failure is not None:
                raise ClusterError(f"cannot read the configs of topic `{resource.name}`: {failure}")
            result[resource.name] = topic_configs(entries)
        return result


def _deleted_meanwhile(future: Future[Any]) -> bool:
    """Whether a topic's configs could not be read because it no longer exists: deleted
    between the metadata request and this one (by another client, or by the broker still
    finishing an earlier deletion)."""
    error = future.exception()
    inner = None if error is None else kafka_error(error)
    return inner is not None and inner.code() == KafkaError.UNKNOWN_TOPIC_OR_PART


def _shape(topic: Any) -> tuple[int, int]:
    partitions = topic.partitions
    replicas = len(next(iter(partitions.values())).replicas) if partitions else 0
    return len(partitions), replicas


def topic_configs(entries: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """Only configs set on the topic itself: defaults and broker-wide values are not ours."""
    return tuple(
        sorted(
            (name, entry.value)
            for name, entry in entries.items()
            if entry.source in _SET_ON_TOPIC and entry.value is not None
        )
    )
