"""What a run owns and may delete: the managed scope and the deletion policy.

The scope is per context of the topologies being read (JulieOps issue #580: running with only
some of the files must not delete what the other files declare). Topics of other contexts,
internal topics and ACLs of principals nobody declared are never compared or deleted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ktb_action.desired import Desired, acl_prefix
from ktb_action.resources import AclBinding, AclResourceType, ManagedScope
from ktb_action.settings import AllowDelete, Settings
from ktb_action.topology.model import Topology

STREAMS_INTERNAL_SUFFIXES = ("-changelog", "-repartition")


@dataclass(frozen=True)
class Policy:
    """The managed scope and which kinds of resources may be deleted."""

    scope: ManagedScope
    allow_delete: AllowDelete
    contexts: tuple[str, ...]
    """The contexts compared; the plan says that only these were looked at."""
    principal_prefixes: tuple[str, ...] = ()
    """Settings' `principal_managed_prefixes`: every ACL of these principals is ours."""
    streams_prefixes: tuple[str, ...] = ()
    """Application ids (or project prefixes) of declared Streams apps: their internal topics
    belong to the app, not to the topology."""
    declared: frozenset[str] = frozenset()
    """`scope.principals` as a set: reading 30,000 bindings asks about each one."""

    def is_internal_topic(self, name: str) -> bool:
        """Kafka's and platform components' `_` topics, and Streams changelog/repartition
        topics of declared applications: never created, changed or deleted by ktb."""
        if name.startswith("_"):
            return True
        return name.endswith(STREAMS_INTERNAL_SUFFIXES) and name.startswith(self.streams_prefixes)

    def owns_topic(self, name: str) -> bool:
        """Whether an existing topic is ours to compare and (if enabled) delete."""
        return name.startswith(self.scope.topic_prefixes) and not self.is_internal_topic(name)

    def reads_principal(self, principal: str) -> bool:
        """Whether the ACLs of `principal` are read from the cluster and compared."""
        return principal in self.declared or self.manages_principal(principal)

    def manages_principal(self, principal: str) -> bool:
        """Whether the ACLs of `principal` are ours (declared, or named by the settings)."""
        if self.principal_prefixes:
            return principal.startswith(self.principal_prefixes)
        return principal in self.declared

    def owns_acl(self, binding: AclBinding) -> bool:
        """Whether an existing binding may be deleted when no topology declares it.

        Topic and group bindings must name a resource under a managed prefix; bindings on
        other resources (the cluster, the `*` group, transactional ids elsewhere) only count
        when the settings name the managed principals explicitly.
        """
        if not self.manages_principal(binding.principal):
            return False
        name = binding.resource_name
        kind = binding.resource_type
        if kind is AclResourceType.TOPIC:
            return name.startswith(self.scope.topic_prefixes)
        if kind is AclResourceType.GROUP and name.startswith(self.scope.group_prefixes):
            return True
        if kind is AclResourceType.TRANSACTIONAL_ID and name.startswith(
            (*self.scope.topic_prefixes, *self.scope.group_prefixes)
        ):
            return True
        return bool(self.principal_prefixes)


def make_policy(topologies: Sequence[Topology], settings: Settings, desired: Desired) -> Policy:
    """The policy of a run: settings' managed prefixes, else the topologies' own contexts."""
    contexts = desired.contexts
    # With the separator, context `ctx` does not claim the topics of context `ctx2`.
    own = tuple(c + settings.naming.separator for c in contexts)
    topic_prefixes = settings.topic_managed_prefixes or own
    group_prefixes = settings.group_managed_prefixes or own
    declared = tuple(sorted({b.principal for b in desired.state.acls}))
    streams_prefixes = tuple(
        sorted(
            {
                app.application_id or acl_prefix(topology, project, settings)
                for topology in topologies
                for project in topology.projects
                for app in project.streams
            }
        )
    )
    return Policy(
        scope=ManagedScope(
            topic_prefixes=topic_prefixes, group_prefixes=group_prefixes, principals=declared
        ),
        allow_delete=settings.allow_delete,
        contexts=contexts,
        principal_prefixes=settings.principal_managed_prefixes,
        streams_prefixes=streams_prefixes,
        declared=frozenset(declared),
    )
