"""An ACL binding's value (Kafka's own enums and spelling), and its codec."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from ktb_action.diagnostics import Span


class AclResourceType(StrEnum):
    """Kafka resource types an ACL binding can name (Kafka's own spelling)."""

    TOPIC = "TOPIC"
    GROUP = "GROUP"
    CLUSTER = "CLUSTER"
    TRANSACTIONAL_ID = "TRANSACTIONAL_ID"


class PatternType(StrEnum):
    """How an ACL's resource name matches: exactly, or as a prefix."""

    LITERAL = "LITERAL"
    PREFIXED = "PREFIXED"


class AclOperation(StrEnum):
    """Kafka ACL operations used by topologies."""

    ALL = "ALL"
    READ = "READ"
    WRITE = "WRITE"
    CREATE = "CREATE"
    DELETE = "DELETE"
    ALTER = "ALTER"
    DESCRIBE = "DESCRIBE"
    CLUSTER_ACTION = "CLUSTER_ACTION"
    DESCRIBE_CONFIGS = "DESCRIBE_CONFIGS"
    ALTER_CONFIGS = "ALTER_CONFIGS"
    IDEMPOTENT_WRITE = "IDEMPOTENT_WRITE"


class AclPermission(StrEnum):
    """Whether a binding allows or denies; topologies generate ALLOW only."""

    ALLOW = "ALLOW"
    DENY = "DENY"


@dataclass(frozen=True, slots=True, order=True)
class AclBinding:
    """One Kafka ACL binding. Equality ignores `source`: two declarations are one binding."""

    principal: str
    resource_type: AclResourceType
    resource_name: str
    pattern_type: PatternType
    operation: AclOperation
    permission: AclPermission = AclPermission.ALLOW
    host: str = "*"
    source: Span | None = field(default=None, compare=False, hash=False)

    @property
    def address(self) -> str:
        """A stable, human-readable identity, used in plans and fingerprints."""
        return (
            f"{self.principal} {self.permission} {self.operation} on "
            f"{self.resource_type}:{self.pattern_type}:{self.resource_name} from {self.host}"
        )


def binding_order(binding: AclBinding) -> tuple[str, ...]:
    """The bindings' order (the dataclass's own) as a tuple key: sorting 30,000 bindings by
    tuple is several times faster than through the generated `__lt__`."""
    return (
        binding.principal,
        binding.resource_type,
        binding.resource_name,
        binding.pattern_type,
        binding.operation,
        binding.permission,
        binding.host,
    )


def encode_acl(binding: AclBinding) -> dict[str, str]:
    """A binding as plain fields (plans, JSON), without its source."""
    return {
        "principal": binding.principal,
        "resource_type": str(binding.resource_type),
        "resource_name": binding.resource_name,
        "pattern_type": str(binding.pattern_type),
        "operation": str(binding.operation),
        "permission": str(binding.permission),
        "host": binding.host,
    }


def decode_acl(fields: Mapping[str, str]) -> AclBinding:
    """The binding `encode_acl` described (raises `KeyError`/`ValueError` if malformed)."""
    return AclBinding(
        principal=fields["principal"],
        resource_type=AclResourceType(fields["resource_type"]),
        resource_name=fields["resource_name"],
        pattern_type=PatternType(fields["pattern_type"]),
        operation=AclOperation(fields["operation"]),
        permission=AclPermission(fields["permission"]),
        host=fields["host"],
    )
