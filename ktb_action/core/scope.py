"""What a run manages: its contexts, the managed name prefixes and the deletion policy.

The scope is per context of the topologies being read (JulieOps issue #580: running with only
some of the files must not delete what the other files declare). Kinds decide ownership of
their own resources from it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ktb_action.core.plan import Change, Status
from ktb_action.settings import AllowDelete, Settings
from ktb_action.topology.model import Topology
from ktb_action.topology.naming import context_prefix, project_acl_prefix


@dataclass(frozen=True)
class Scope:
    """The managed scope of a run and which kinds of resources may be deleted."""

    contexts: tuple[str, ...]
    """The contexts compared; the plan says that only these were looked at."""
    topic_prefixes: tuple[str, ...]
    group_prefixes: tuple[str, ...]
    allow_delete: AllowDelete
    principal_prefixes: tuple[str, ...] = ()
    """Settings' `principal_managed_prefixes`: every ACL of these principals is ours."""
    streams_prefixes: tuple[str, ...] = ()
    """Application ids (or project prefixes) of declared Streams apps: their internal topics
    belong to the app, not to the topology."""
    owned: Mapping[str, Mapping[str, Mapping[str, Any]]] = field(default_factory=dict)
    """The ownership state: kind -> name -> the encoded value ktb last applied. What is in
    it is ours, declared or not (docs/ownership.md)."""
    revoke_owned: frozenset[str] = frozenset()
    """`allow_delete` keys whose owned, undeclared resources are deleted even when the key
    is off (bindings ktb created are revoked by default)."""
    managed_topic_prefixes: tuple[str, ...] = ()
    """The settings' own `managed_prefixes.topics` (empty: none set). As in JulieOps, they
    limit what is created too: a declared topic outside them is not created."""
    managed_group_prefixes: tuple[str, ...] = ()
    """The settings' own `managed_prefixes.groups`, limiting the group bindings created."""
    internal_topic_prefixes: tuple[str, ...] = ("_",)
    """Settings' `internal_topic_prefixes`: topics of platform components, never owned."""

    @property
    def key(self) -> str:
        """The scope's name in the ownership state and the audit trail."""
        return ",".join(sorted(self.contexts))


def make_scope(topologies: Sequence[Topology], settings: Settings) -> Scope:
    """The scope of a run: the settings' managed prefixes, else the topologies' contexts."""
    contexts = tuple(dict.fromkeys(context_prefix(t, settings.naming) for t in topologies))
    # With the separator, context `ctx` does not claim the topics of context `ctx2`.
    own = tuple(c + settings.naming.separator for c in contexts)
    streams_prefixes = {
        app.application_id or project_acl_prefix(topology, project, settings.naming)
        for topology in topologies
        for project in topology.projects
        for app in project.streams
    }
    return Scope(
        contexts=contexts,
        topic_prefixes=settings.topic_managed_prefixes or own,
        group_prefixes=settings.group_managed_prefixes or own,
        allow_delete=settings.allow_delete,
        principal_prefixes=settings.principal_managed_prefixes,
        streams_prefixes=tuple(sorted(streams_prefixes)),
        revoke_owned=frozenset({"acls"}) if settings.revoke_owned_bindings else frozenset(),
        managed_topic_prefixes=settings.topic_managed_prefixes,
        managed_group_prefixes=settings.group_managed_prefixes,
        internal_topic_prefixes=settings.internal_topic_prefixes,
    )


def outside_managed_prefixes(name: str, prefixes: tuple[str, ...], setting: str) -> str | None:
    """Why a resource named `name` is not created, if it is outside the managed prefixes the
    settings' `setting` lists (JulieOps skips such resources without a word); None when the
    settings list none (nothing is outside) or one of them starts `name`."""
    if not prefixes or name.startswith(prefixes):
        return None
    listed = ", ".join(f"`{prefix}`" for prefix in prefixes)
    return (
        f"`{name}` is outside the managed prefixes {listed}, so ktb does not create it "
        f"(as JulieOps): add a prefix of it to {setting} to manage it"
    )


def blocked_by(change: Change, reason: str | None) -> Change:
    """`change`, blocked by policy for `reason` if there is one."""
    if reason is None:
        return change
    return replace(change, status=Status.BLOCKED_BY_POLICY, reason=reason)
