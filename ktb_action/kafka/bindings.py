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

from ktb_action.kafka.admin import kafka_resource_type_name, resource_type_from_kafka
from ktb_action.kinds.acls.values import (
    AclBinding,
    AclPermission,
    AclResourceType,
    PatternType,
)
from ktb_action.kinds.acls.values import (
    AclOperation as KtbOperation,
)

_ACL_TYPES = {t.value for t in AclResourceType}
_ACL_OPERATIONS = {o.value for o in KtbOperation}


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
    resource_type = resource_type_from_kafka(acl.restype.name)
    operation = acl.operation.name
    pattern = acl.resource_pattern_type.name
    if resource_type not in _ACL_TYPES or operation not in _ACL_OPERATIONS:
        return None
    permission = acl.permission_type.name
    if pattern not in ("LITERAL", "PREFIXED") or permission not in ("ALLOW", "DENY"):
        return None
    return AclBinding(
        principal=acl.principal,
        resource_type=AclResourceType(resource_type),
        resource_name=acl.name,
        pattern_type=PatternType(pattern),
        operation=KtbOperation(operation),
        permission=AclPermission(permission),
        host=acl.host,
    )
