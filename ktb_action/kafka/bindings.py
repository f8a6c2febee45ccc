"""ACL bindings between ktb's values and confluent-kafka's, both ways."""

from __future__ import annotations

from typing import Any

from confluent_kafka.admin._acl import (
    AclBinding as KafkaAclBinding,
)
from confluent_kafka.admin._acl import (
    AclBindingFilter,
    AclOperation,
    AclPermissionType,
)
from confluent_kafka.admin._resource import ResourcePatternType, ResourceType

from ktb_action.kafka.admin import kafka_resource_type_name
from ktb_action.kinds.acls.values import (
    AclBinding,
    AclPermission,
    AclResourceType,
    PatternType,
)
from ktb_action.kinds.acls.values import (
    AclOperation as KtbOperation,
)

# confluent-kafka's enum member names -> ours. A name missing here (a DELEGATION_TOKEN
# resource, a MATCH pattern …) has no value in ktb. Dictionaries rather than our enums' own
# lookups: a plan converts every binding of the cluster, 30,000 at 10,000 topics.
_RESOURCE_TYPES = {kafka_resource_type_name(t): t for t in AclResourceType}
_OPERATIONS = {o.value: o for o in KtbOperation}
_PATTERNS = {p.value: p for p in PatternType}
_PERMISSIONS = {p.value: p for p in AclPermission}


def _kafka_fields(binding: AclBinding) -> tuple[Any, ...]:
    """A binding's fields in the order and types confluent-kafka's constructors take."""
    return (
        ResourceType[kafka_resource_type_name(binding.resource_type)],
        binding.resource_name,
        ResourcePatternType[str(binding.pattern_type)],
        binding.principal,
        binding.host,
        AclOperation[str(binding.operation)],
        AclPermissionType[str(binding.permission)],
    )


def kafka_binding(binding: AclBinding) -> KafkaAclBinding:
    """confluent-kafka's binding for ours."""
    return KafkaAclBinding(*_kafka_fields(binding))


def kafka_filter(binding: AclBinding) -> AclBindingFilter:
    """A filter matching exactly this binding (never MATCH/ANY: delete nothing else)."""
    return AclBindingFilter(*_kafka_fields(binding))


def binding_from_kafka(acl: Any) -> AclBinding | None:
    """Our value of a Kafka binding; None for kinds ktb has no value for (DELEGATION_TOKEN
    resources, MATCH patterns …), which are therefore never compared."""
    resource_type = _RESOURCE_TYPES.get(acl.restype.name)
    operation = _OPERATIONS.get(acl.operation.name)
    pattern = _PATTERNS.get(acl.resource_pattern_type.name)
    permission = _PERMISSIONS.get(acl.permission_type.name)
    if resource_type is None or operation is None or pattern is None or permission is None:
        return None
    return AclBinding(
        principal=acl.principal,
        resource_type=resource_type,
        resource_name=acl.name,
        pattern_type=pattern,
        operation=operation,
        permission=permission,
        host=acl.host,
    )
