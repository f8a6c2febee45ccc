"""Kafka resources as plain values, shared by the desired state, the actual state and plans."""

from __future__ import annotations

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


@dataclass(frozen=True, slots=True)
class TopicSpec:
    """A topic with the configs that are explicitly set on it (strings, as Kafka has them)."""

    name: str
    partitions: int
    replication_factor: int
    configs: tuple[tuple[str, str], ...] = ()
    """Sorted by key; only configs set on the topic itself, never broker defaults."""
    source: Span | None = field(default=None, compare=False, hash=False)
    config_sources: tuple[tuple[str, Span], ...] = field(default=(), compare=False, hash=False)

    @property
    def config_map(self) -> dict[str, str]:
        """The configs as a dict, for lookups."""
        return dict(self.configs)


@dataclass(frozen=True, slots=True)
class ManagedScope:
    """What a run owns: only resources inside the scope are compared, changed or deleted."""

    topic_prefixes: tuple[str, ...] = ()
    group_prefixes: tuple[str, ...] = ()
    principals: tuple[str, ...] = ()
    """Principals whose ACLs are ours; empty means those declared by the topology."""


@dataclass(frozen=True, slots=True)
class ClusterState:
    """Topics and ACL bindings, either desired (from files) or actual (read from Kafka)."""

    topics: tuple[TopicSpec, ...] = ()
    acls: tuple[AclBinding, ...] = ()

    def topic_map(self) -> dict[str, TopicSpec]:
        """Topics by full name."""
        return {t.name: t for t in self.topics}


def acl_to_dict(binding: AclBinding) -> dict[str, str]:
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


def acl_from_dict(fields: dict[str, str]) -> AclBinding:
    """The binding `acl_to_dict` described (raises `KeyError`/`ValueError` if malformed)."""
    return AclBinding(
        principal=fields["principal"],
        resource_type=AclResourceType(fields["resource_type"]),
        resource_name=fields["resource_name"],
        pattern_type=PatternType(fields["pattern_type"]),
        operation=AclOperation(fields["operation"]),
        permission=AclPermission(fields["permission"]),
        host=fields["host"],
    )
