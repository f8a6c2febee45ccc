"""The whole-cluster reads of a plan, as admin requests, and sending them early.

Never one request per topic: one metadata request (`list_topics`) and `describe_configs` for
the topics in scope, 2,000 topics per request (topic configs may be asked of any broker, so
librdkafka sends each call as one DescribeConfigs request); for bindings, one
`describe_cluster` to check that we may read them at all and one `describe_acls` for
everything. Four requests up to 2,000 topics, eight at 10,000.

This module needs only confluent-kafka and the admin session, not ktb's values: a plan
imports it and sends its reads (`EarlyReads`) before it imports the rest of ktb.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import wait as wait_all
from functools import partial
from typing import Any

from confluent_kafka.admin._acl import AclBindingFilter, AclOperation, AclPermissionType
from confluent_kafka.admin._config import ConfigResource, ConfigSource
from confluent_kafka.admin._resource import ResourcePatternType, ResourceType
from confluent_kafka.cimpl import KafkaError

from ktb_action.errors import ClusterError
from ktb_action.kafka.admin import CONNECT_TIMEOUT_S, AdminSession, kafka_error, request, wait
from ktb_action.kafka.background import in_background

Configs = dict[str, tuple[tuple[str, str], ...]]
"""Topic name -> the configs set on it, sorted by name."""

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
CLOSE_WAIT_S = 5.0
"""How long the end of a run waits for early reads it did not take (a refused login ends
them at once; only a cluster lost mid-run makes them last)."""
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


def whole_cluster_reads(session: AdminSession) -> dict[str, Callable[[], Any]]:
    """The reads every plan makes whatever its files declare (the access check, every
    topic's metadata, every binding), each as the call that sends it and waits for it."""
    admin = session.admin.client
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


class EarlyReads:
    """`whole_cluster_reads`, sent at once: the cluster answers them while the files are
    loaded, and each read then takes its answer instead of asking (once).

    On a cluster of at most `CONFIGS_PER_REQUEST` topics, the configs of all of them are
    asked for too, once the metadata is in: one request whatever the topologies declare,
    which takes the configs read off the end of the plan. Larger clusters are left alone
    (most of their topics may not be the topologies' to read)."""

    def __init__(self, session: AdminSession) -> None:
        self.session = session
        reads = whole_cluster_reads(session)
        cluster = in_background(reads["cluster"])
        self._answers: dict[str, Future[Any]] = {
            "cluster": cluster,
            # Asked once the cluster has answered: on a refused login, librdkafka's metadata
            # call would block for the whole timeout, its thread holding the client.
            "topics": in_background(partial(_after, cluster, reads["topics"])),
            "acls": in_background(reads["acls"]),
        }
        metadata = self._answers["topics"]
        self._configs: Future[Configs | None] | None = in_background(
            partial(self._small_cluster_configs, metadata.result)
        )

    def take(self, read: str) -> Callable[[], Any] | None:
        """How to take the answer to `read` (a `whole_cluster_reads` name), once; None once
        taken."""
        answer = self._answers.pop(read, None)
        return None if answer is None else answer.result

    def take_configs(self) -> Configs | None:
        """Every topic's configs, once, if the cluster was small enough to read them all."""
        configs, self._configs = self._configs, None
        return None if configs is None else configs.result()

    def close(self) -> None:
        """Wait (at most `CLOSE_WAIT_S`) for the reads the run did not take, such as after a
        refused login: their threads hold the client, and librdkafka's threads must end
        with it before the process does (libc's exit handlers clean up OpenSSL under any
        thread still using it)."""
        pending = [*self._answers.values(), *([self._configs] if self._configs else [])]
        self._answers, self._configs = {}, None
        wait_all(pending, timeout=CLOSE_WAIT_S)

    def _small_cluster_configs(self, metadata: Callable[[], Any]) -> Configs | None:
        """Every topic's configs when the cluster is small, else None; None too when any
        of them cannot be read (a topic this principal may not describe): the plan then
        asks for its own topics only, as without early reads."""
        try:
            names = sorted(metadata().topics)
            if len(names) > CONFIGS_PER_REQUEST:
                return None
            return read_configs(self.session, names)
        except ClusterError:
            return None


def _after(first: Future[Any], then: Callable[[], Any]) -> Any:
    """`then()` once `first` has an answer; `first`'s error if it failed."""
    first.result()
    return then()


def read_configs(session: AdminSession, names: list[str]) -> Configs:
    """The configs set on each topic of `names`, `CONFIGS_PER_REQUEST` topics per request and
    `CONFIGS_IN_FLIGHT` requests outstanding: the broker answers the next batch while this
    one is turned into Python objects. A topic gone meanwhile is left out."""
    result: Configs = {}
    pending: deque[dict[Any, Future[Any]]] = deque()
    for start in range(0, len(names), CONFIGS_PER_REQUEST):
        if len(pending) == CONFIGS_IN_FLIGHT:
            result.update(_configs_of(session, pending.popleft()))
        pending.append(_ask_configs(session, names[start : start + CONFIGS_PER_REQUEST]))
    while pending:
        result.update(_configs_of(session, pending.popleft()))
    return result


def _ask_configs(session: AdminSession, names: list[str]) -> dict[Any, Future[Any]]:
    """Send one describe_configs request for `names`, without waiting for its answer."""
    resources = [ConfigResource(ResourceType.TOPIC, name) for name in names]
    futures: dict[Any, Future[Any]] = request(
        session,
        "DESCRIBE_CONFIGS",
        "TOPIC",
        session.admin.client.describe_configs,
        resources,
        request_timeout=session.timeout,
    )
    return futures


def _configs_of(session: AdminSession, futures: dict[Any, Future[Any]]) -> Configs:
    result: Configs = {}
    for resource, future in futures.items():
        entries, failure = wait(future, session, "DESCRIBE_CONFIGS", f"TOPIC:{resource.name}")
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


def topic_configs(entries: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """Only configs set on the topic itself: defaults and broker-wide values are not ours."""
    return tuple(
        sorted(
            (name, entry.value)
            for name, entry in entries.items()
            if entry.source in _SET_ON_TOPIC and entry.value is not None
        )
    )
