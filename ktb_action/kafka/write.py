"""Writing to the cluster: batched requests per kind of change, a result per resource.

One request per kind of change, cut only where KRaft's limit of metadata records per
operation requires it (10,000 topics with a config each take four create_topics requests,
all sent before the first answer is awaited).

Only `apply` gets a `ClusterWriter`. Every write method returns once the controller has
acknowledged it, with, for each resource it was given, `None` when Kafka did it or the
message of why not, so a partial failure can say exactly which changes succeeded. Reads see
the writes a moment later (brokers apply the metadata log after the controller); apply waits
for that once, at the end, with `wait_until_visible`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from confluent_kafka.admin._config import AlterConfigOpType, ConfigEntry, ConfigResource
from confluent_kafka.admin._resource import ResourceType
from confluent_kafka.cimpl import NewPartitions, NewTopic

from ktb_action.core.kind import Results
from ktb_action.kafka import scram
from ktb_action.kafka.admin import AdminSession, failure_message, wait
from ktb_action.kafka.bindings import kafka_binding, kafka_filter
from ktb_action.kafka.visibility import ANY_COUNT, Expected, wait_until_shown
from ktb_action.kinds.acls.values import AclBinding
from ktb_action.kinds.topics.values import TopicSpec
from ktb_action.kinds.users.values import Mechanism, ScramDeletion, ScramUpsert

# KRaft's controller writes one user operation as one atomic batch of at most 10,000 metadata
# records and refuses bigger ones ("Unable to perform excessively large batch operation",
# KAFKA-14996); requests are cut below that, with a margin.
MAX_RECORDS_PER_REQUEST = 9_000
TOO_LARGE = "excessively large"

BROKER_DEFAULT = -1
"""Kafka's CreateTopics takes -1 for "use the broker's default" (Kafka >= 2.4)."""


class ClusterWriter(Protocol):
    """The writes apply needs, each batched (see `MAX_RECORDS_PER_REQUEST`)."""

    def create_topics(self, topics: Sequence[TopicSpec]) -> Results:
        """Create topics (partitions/replication None: the broker's default)."""
        ...

    def alter_topic_configs(self, updates: Mapping[str, Mapping[str, str | None]]) -> Results:
        """Per topic, set keys to values; a `None` value deletes the key (broker default)."""
        ...

    def create_partitions(self, totals: Mapping[str, int]) -> Results:
        """Raise topics' partition counts to the given totals."""
        ...

    def create_acls(self, bindings: Sequence[AclBinding]) -> Results:
        """Create bindings; results are keyed by `AclBinding.address`."""
        ...

    def delete_acls(self, bindings: Sequence[AclBinding]) -> Results:
        """Delete exactly these bindings; results are keyed by `AclBinding.address`."""
        ...

    def delete_topics(self, names: Sequence[str]) -> Results:
        """Delete topics."""
        ...

    def alter_users(
        self, upserts: Sequence[ScramUpsert], deletions: Sequence[ScramDeletion]
    ) -> Results:
        """Set and remove SCRAM credentials; results are keyed by user name."""
        ...

    def wait_until_visible(self) -> None:
        """Wait until reads return what the writes so far did (bounded by the session's
        timeout), so that a plan made right afterwards is empty."""
        ...


class KafkaWriter:
    """`ClusterWriter` over a real cluster."""

    def __init__(self, session: AdminSession) -> None:
        self.session = session
        self._expected = Expected()

    def create_topics(self, topics: Sequence[TopicSpec]) -> Results:
        """See `ClusterWriter.create_topics`."""
        new = [
            NewTopic(
                t.name,
                num_partitions=BROKER_DEFAULT if t.partitions is None else t.partitions,
                replication_factor=(
                    BROKER_DEFAULT if t.replication_factor is None else t.replication_factor
                ),
                config=dict(t.configs),
            )
            for t in topics
        ]
        results = self._batch(
            self.session.admin.client.create_topics,
            new,
            [t.name for t in topics],
            "CREATE",
            weights=[topic_records(t) for t in topics],
            by_name=True,
            operation_timeout=self.session.timeout,
        )
        for topic in topics:
            if results.get(topic.name, "") is None:
                wanted = topic.partitions
                self._expected.partitions[topic.name] = ANY_COUNT if wanted is None else wanted
        return results

    def alter_topic_configs(self, updates: Mapping[str, Mapping[str, str | None]]) -> Results:
        """See `ClusterWriter.alter_topic_configs`."""
        resources = [
            ConfigResource(
                ResourceType.TOPIC,
                name,
                incremental_configs=[_config_op(key, value) for key, value in sorted(keys.items())],
            )
            for name, keys in updates.items()
        ]
        results = self._batch(
            self.session.admin.client.incremental_alter_configs,
            resources,
            list(updates),
            "ALTER_CONFIGS",
            weights=[max(len(keys), 1) for keys in updates.values()],
        )
        last = _last(results)
        if last is not None:
            self._expected.configs = (last, updates[last])
        return results

    def create_partitions(self, totals: Mapping[str, int]) -> Results:
        """See `ClusterWriter.create_partitions`."""
        new = [NewPartitions(name, total) for name, total in totals.items()]
        results = self._batch(
            self.session.admin.client.create_partitions,
            new,
            list(totals),
            "ALTER",
            weights=list(totals.values()),
            by_name=True,
            operation_timeout=self.session.timeout,
        )
        self._expected.partitions |= {n: totals[n] for n, f in results.items() if f is None}
        return results

    def create_acls(self, bindings: Sequence[AclBinding]) -> Results:
        """See `ClusterWriter.create_acls`."""
        results = self._batch(
            self.session.admin.client.create_acls,
            [kafka_binding(b) for b in bindings],
            [b.address for b in bindings],
            "ALTER",
            cluster_resource=True,
        )
        self._expect_acl(_last_binding(results, bindings), exists=True)
        return results

    def delete_acls(self, bindings: Sequence[AclBinding]) -> Results:
        """See `ClusterWriter.delete_acls`."""
        results = self._batch(
            self.session.admin.client.delete_acls,
            [kafka_filter(b) for b in bindings],
            [b.address for b in bindings],
            "ALTER",
            cluster_resource=True,
        )
        self._expect_acl(_last_binding(results, bindings), exists=False)
        return results

    def delete_topics(self, names: Sequence[str]) -> Results:
        """See `ClusterWriter.delete_topics`."""
        results = self._batch(
            self.session.admin.client.delete_topics,
            list(names),
            list(names),
            "DELETE",
            by_name=True,
            operation_timeout=self.session.timeout,
        )
        self._expected.partitions |= {n: None for n, f in results.items() if f is None}
        return results

    def alter_users(
        self, upserts: Sequence[ScramUpsert], deletions: Sequence[ScramDeletion]
    ) -> Results:
        """See `ClusterWriter.alter_users` (batching: `kafka.scram.alter`)."""
        results = scram.alter(self.session, upserts, deletions)
        wanted: dict[str, dict[Mechanism, int | None]] = {}
        for upsert in upserts:
            credential = upsert.credential
            wanted.setdefault(upsert.user, {})[credential.mechanism] = credential.iterations
        for deletion in deletions:
            wanted.setdefault(deletion.user, {})[deletion.mechanism] = None
        self._expected.users |= {u: m for u, m in wanted.items() if results.get(u, "") is None}
        return results

    def _expect_acl(self, last: AclBinding | None, *, exists: bool) -> None:
        if last is not None:
            self._expected.acl = (last, exists)

    def wait_until_visible(self) -> None:
        """See `ClusterWriter.wait_until_visible` (and `kafka.visibility`)."""
        expected, self._expected = self._expected, Expected()
        wait_until_shown(self.session, expected)

    def _batch(
        self,
        method: Callable[..., Any],
        items: list[Any],
        keys: list[str],
        operation: str,
        *,
        weights: Sequence[int] | None = None,
        cluster_resource: bool = False,
        by_name: bool = False,
        **options: Any,
    ) -> Results:
        """All `items` in as few requests as the controller accepts; the result of item i is
        reported under `keys[i]`. `weights` are the metadata records each item makes (1 if
        not given). confluent-kafka keys the futures by topic name for topic requests
        (`by_name`) and by the request object otherwise."""
        target = _Target(method, operation, cluster_resource, by_name, options)
        pairs = list(zip(items, keys, strict=True))
        # Every request is sent before any answer is awaited: the controller handles them in
        # order anyway, and the client no longer idles a round trip between them.
        sent = [
            (chunk, self._send(target, chunk))
            for chunk in request_chunks(pairs, weights or [1] * len(pairs))
        ]
        results: Results = {}
        for chunk, futures in sent:
            results.update(self._collect(target, chunk, futures))
        return results

    def _send(self, target: _Target, pairs: list[tuple[Any, str]]) -> Any:
        """One request: its futures, or the exception that kept it from being sent."""
        try:
            return self.session.admin.send(
                target.method,
                [item for item, _ in pairs],
                request_timeout=self.session.timeout,
                **target.options,
            )
        except Exception as error:
            return error

    def _collect(self, target: _Target, pairs: list[tuple[Any, str]], futures: Any) -> Results:
        """The results of one request; split in halves and sent again when the controller
        finds it too large after all (a topic created with the broker's default partition
        count weighs more than known)."""
        if isinstance(futures, Exception):
            return {k: failure_message(futures, self.session, *target.about(k)) for _, k in pairs}
        results: Results = {}
        for item, key in pairs:
            future = futures[key] if target.by_name else futures[item]
            _, failure = wait(future, self.session, *target.about(key))
            results[key] = failure
        too_large = all(f is not None and TOO_LARGE in f for f in results.values())
        if too_large and len(pairs) > 1:
            halves = (pairs[: len(pairs) // 2], pairs[len(pairs) // 2 :])
            sent = [(half, self._send(target, half)) for half in halves]
            return {k: v for half, f in sent for k, v in self._collect(target, half, f).items()}
        return results


@dataclass(frozen=True)
class _Target:
    """Which admin method a batch calls, and how to name what it is about in errors."""

    method: Callable[..., Any]
    operation: str
    cluster_resource: bool
    by_name: bool
    options: dict[str, Any]

    def about(self, key: str) -> tuple[str, str]:
        resource = "CLUSTER:kafka-cluster" if self.cluster_resource else f"TOPIC:{key}"
        return self.operation, resource


def request_chunks(
    pairs: list[tuple[Any, str]], weights: Sequence[int]
) -> list[list[tuple[Any, str]]]:
    """Consecutive runs of items whose weights add up to at most `MAX_RECORDS_PER_REQUEST`."""
    chunks: list[list[tuple[Any, str]]] = []
    current: list[tuple[Any, str]] = []
    total = 0
    for pair, weight in zip(pairs, weights, strict=True):
        if current and total + weight > MAX_RECORDS_PER_REQUEST:
            chunks.append(current)
            current, total = [], 0
        current.append(pair)
        total += weight
    if current:
        chunks.append(current)
    return chunks


def topic_records(topic: TopicSpec) -> int:
    """Metadata records creating `topic` makes: the topic, one per partition, one per config
    (a broker-default partition count is unknown here and counted as one)."""
    return 1 + (topic.partitions or 1) + len(topic.configs)


def _last(results: Results) -> str | None:
    """The last resource (in request order) that Kafka acknowledged."""
    done = [key for key, failure in results.items() if failure is None]
    return done[-1] if done else None


def _last_binding(results: Results, bindings: Sequence[AclBinding]) -> AclBinding | None:
    last = _last(results)
    return next((b for b in reversed(bindings) if b.address == last), None)


def _config_op(key: str, value: str | None) -> ConfigEntry:
    if value is None:
        return ConfigEntry(key, None, incremental_operation=AlterConfigOpType.DELETE)
    return ConfigEntry(key, value, incremental_operation=AlterConfigOpType.SET)
