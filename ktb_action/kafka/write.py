"""Writing to the cluster: one batched request per kind of change, a result per resource.

Only `apply` gets a `ClusterWriter`. Every method returns, for each resource it was given,
`None` when Kafka did it or the message of why not, so a partial failure can say exactly
which changes succeeded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from confluent_kafka.admin._acl import (
    AclBinding as KafkaAclBinding,
)
from confluent_kafka.admin._acl import (
    AclBindingFilter,
    AclOperation,
    AclPermissionType,
)
from confluent_kafka.admin._config import AlterConfigOpType, ConfigEntry, ConfigResource
from confluent_kafka.admin._resource import ResourcePatternType, ResourceType
from confluent_kafka.cimpl import NewPartitions, NewTopic

from ktb_action.kafka.admin import AdminSession, failure_message, kafka_resource_type_name, wait
from ktb_action.resources import AclBinding, TopicSpec

Results = dict[str, str | None]
"""Resource name (topic name, or binding address) -> `None` if done, else why not."""


class ClusterWriter(Protocol):
    """The writes apply needs, each one batched request."""

    def create_topics(self, topics: Sequence[TopicSpec]) -> Results:
        """Create topics (partitions/replication -1: the broker's default)."""
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


class KafkaWriter:
    """`ClusterWriter` over a real cluster."""

    def __init__(self, session: AdminSession) -> None:
        self.session = session

    def create_topics(self, topics: Sequence[TopicSpec]) -> Results:
        """See `ClusterWriter.create_topics`."""
        new = [
            NewTopic(
                t.name,
                num_partitions=t.partitions,
                replication_factor=t.replication_factor,
                config=dict(t.configs),
            )
            for t in topics
        ]
        return self._batch(
            "create_topics",
            new,
            [t.name for t in topics],
            "CREATE",
            by_name=True,
            operation_timeout=self.session.timeout,
        )

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
        return self._batch("incremental_alter_configs", resources, list(updates), "ALTER_CONFIGS")

    def create_partitions(self, totals: Mapping[str, int]) -> Results:
        """See `ClusterWriter.create_partitions`."""
        new = [NewPartitions(name, total) for name, total in totals.items()]
        return self._batch(
            "create_partitions",
            new,
            list(totals),
            "ALTER",
            by_name=True,
            operation_timeout=self.session.timeout,
        )

    def create_acls(self, bindings: Sequence[AclBinding]) -> Results:
        """See `ClusterWriter.create_acls`."""
        return self._batch(
            "create_acls",
            [_kafka_binding(b) for b in bindings],
            [b.address for b in bindings],
            "ALTER",
            cluster_resource=True,
        )

    def delete_acls(self, bindings: Sequence[AclBinding]) -> Results:
        """See `ClusterWriter.delete_acls`."""
        return self._batch(
            "delete_acls",
            [_kafka_filter(b) for b in bindings],
            [b.address for b in bindings],
            "ALTER",
            cluster_resource=True,
        )

    def delete_topics(self, names: Sequence[str]) -> Results:
        """See `ClusterWriter.delete_topics`."""
        return self._batch(
            "delete_topics",
            list(names),
            list(names),
            "DELETE",
            by_name=True,
            operation_timeout=self.session.timeout,
        )

    def _batch(
        self,
        method: str,
        items: list[Any],
        keys: list[str],
        operation: str,
        *,
        cluster_resource: bool = False,
        by_name: bool = False,
        **options: Any,
    ) -> Results:
        """One request for all `items`; the result of item i is reported under `keys[i]`.
        confluent-kafka keys the futures by topic name for topic requests (`by_name`) and by
        the request object otherwise."""
        if not items:
            return {}

        def resource(key: str) -> str:
            return "CLUSTER:kafka-cluster" if cluster_resource else f"TOPIC:{key}"

        try:
            futures = self.session.admin.call(
                method, items, request_timeout=self.session.timeout, **options
            )
        except Exception as error:
            return {k: failure_message(error, self.session, operation, resource(k)) for k in keys}
        results: Results = {}
        for item, key in zip(items, keys, strict=True):
            future = futures[key] if by_name else futures[item]
            _, failure = wait(future, self.session, operation, resource(key))
            results[key] = failure
        return results


def _config_op(key: str, value: str | None) -> ConfigEntry:
    if value is None:
        return ConfigEntry(key, None, incremental_operation=AlterConfigOpType.DELETE)
    return ConfigEntry(key, value, incremental_operation=AlterConfigOpType.SET)


def _kafka_binding(binding: AclBinding) -> KafkaAclBinding:
    return KafkaAclBinding(
        ResourceType[kafka_resource_type_name(binding.resource_type)],
        binding.resource_name,
        ResourcePatternType[str(binding.pattern_type)],
        binding.principal,
        binding.host,
        AclOperation[str(binding.operation)],
        AclPermissionType[str(binding.permission)],
    )


def _kafka_filter(binding: AclBinding) -> AclBindingFilter:
    """A filter matching exactly this binding (never MATCH/ANY: delete nothing else)."""
    return AclBindingFilter(
        ResourceType[kafka_resource_type_name(binding.resource_type)],
        binding.resource_name,
        ResourcePatternType[str(binding.pattern_type)],
        binding.principal,
        binding.host,
        AclOperation[str(binding.operation)],
        AclPermissionType[str(binding.permission)],
    )
