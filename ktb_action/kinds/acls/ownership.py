"""Which bindings a run reads, compares and may revoke."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ktb_action.core.kind import Declared
from ktb_action.core.scope import Scope, outside_managed_prefixes
from ktb_action.kinds.acls.values import AclBinding, AclResourceType


@dataclass(frozen=True)
class Ownership:
    """The principals the topologies declare, and the scope they are judged in."""

    declared: frozenset[str]
    """A set: reading 30,000 bindings asks about each one."""
    scope: Scope
    applied: frozenset[str] = frozenset()
    """The principals of the bindings in the ownership state."""

    @staticmethod
    def of(desired: Mapping[str, Declared[AclBinding]], scope: Scope) -> Ownership:
        """The ownership of a run that declares `desired`."""
        state = scope.owned.get("acl", {}).values()
        return Ownership(
            frozenset(d.value.principal for d in desired.values()),
            scope,
            frozenset(str(v.get("principal")) for v in state),
        )

    def reads_principal(self, principal: str) -> bool:
        """Whether the bindings of `principal` are read from the cluster and compared: also
        the principals of bindings ktb applied, so that removing one from the files revokes."""
        return (
            principal in self.declared
            or principal in self.applied
            or self.manages_principal(principal)
        )

    def manages_principal(self, principal: str) -> bool:
        """Whether the bindings of `principal` are ours (declared, or named by the settings)."""
        if self.scope.principal_prefixes:
            return principal.startswith(self.scope.principal_prefixes)
        return principal in self.declared

    def owns(self, binding: AclBinding) -> bool:
        """Whether an existing binding may be revoked when no topology declares it.

        Topic and group bindings must name a resource under a managed prefix; bindings on
        other resources (the cluster, the `*` group, transactional ids elsewhere) only count
        when the settings name the managed principals explicitly.
        """
        if not self.manages_principal(binding.principal):
            return False
        name = binding.resource_name
        kind = binding.resource_type
        scope = self.scope
        if kind is AclResourceType.TOPIC:
            return name.startswith(scope.topic_prefixes)
        if kind is AclResourceType.GROUP and name.startswith(scope.group_prefixes):
            return True
        if kind is AclResourceType.TRANSACTIONAL_ID and name.startswith(
            (*scope.topic_prefixes, *scope.group_prefixes)
        ):
            return True
        return bool(scope.principal_prefixes)


def unmanaged(binding: AclBinding, scope: Scope) -> str | None:
    """Why a declared binding is not created, if it is not: as JulieOps' `ResourceFilter`,
    the settings' managed prefixes limit the bindings created to managed principals and, on
    topics and groups, to managed resources (a `*` resource is judged by its principal)."""
    principal = outside_managed_prefixes(
        binding.principal, scope.principal_prefixes, "managed_prefixes.principals"
    )
    if principal is not None or binding.resource_name == "*":
        return principal
    limits = {
        AclResourceType.TOPIC: (scope.managed_topic_prefixes, "managed_prefixes.topics"),
        AclResourceType.GROUP: (scope.managed_group_prefixes, "managed_prefixes.groups"),
    }
    prefixes, setting = limits.get(binding.resource_type, ((), ""))
    return outside_managed_prefixes(binding.resource_name, prefixes, setting)
