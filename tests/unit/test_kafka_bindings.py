"""ACL bindings between ktb's values and confluent-kafka's, both ways."""

from __future__ import annotations

import itertools

import pytest
from confluent_kafka.admin import (
    AclBinding as KafkaAclBinding,
)
from confluent_kafka.admin import (
    AclOperation as KafkaOperation,
)
from confluent_kafka.admin import (
    AclPermissionType,
    ResourcePatternType,
    ResourceType,
)

from ktb_action.kafka.bindings import binding_from_kafka, kafka_binding
from ktb_action.kinds.acls.values import (
    AclBinding,
    AclOperation,
    AclPermission,
    AclResourceType,
    PatternType,
)


@pytest.mark.parametrize(
    ("resource_type", "pattern", "operation", "permission"),
    list(itertools.product(AclResourceType, PatternType, AclOperation, AclPermission)),
)
def test_every_binding_ktb_has_a_value_for_reads_back_as_itself(
    resource_type: AclResourceType,
    pattern: PatternType,
    operation: AclOperation,
    permission: AclPermission,
) -> None:
    ours = AclBinding("User:app", resource_type, "name", pattern, operation, permission, "*")
    assert binding_from_kafka(kafka_binding(ours)) == ours


def test_kafkas_cluster_resource_is_what_confluent_kafka_calls_broker() -> None:
    kafka = KafkaAclBinding(
        ResourceType.BROKER,
        "kafka-cluster",
        ResourcePatternType.LITERAL,
        "User:ops",
        "*",
        KafkaOperation.DESCRIBE,
        AclPermissionType.ALLOW,
    )
    assert binding_from_kafka(kafka) == AclBinding(
        "User:ops", AclResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL,
        AclOperation.DESCRIBE, AclPermission.ALLOW, "*",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("resource_type", "operation"),
    [(ResourceType.UNKNOWN, KafkaOperation.READ), (ResourceType.TOPIC, KafkaOperation.UNKNOWN)],
)
def test_a_binding_ktb_has_no_value_for_is_never_compared(
    resource_type: ResourceType, operation: KafkaOperation
) -> None:
    kafka = KafkaAclBinding(
        resource_type, "t", ResourcePatternType.LITERAL, "User:x", "*", operation,
        AclPermissionType.ALLOW,
    )  # fmt: skip
    assert binding_from_kafka(kafka) is None
