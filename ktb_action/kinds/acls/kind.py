"""The ACL kind: bindings are created or revoked, never updated (a binding's fields are its
identity), behind `ResourceKind`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ktb_action.core.compare import creation
from ktb_action.core.kind import Declared, Phase, Results
from ktb_action.core.plan import Change, Verb
from ktb_action.core.scope import Scope, blocked_by
from ktb_action.kinds.acls.compile import compile_acls
from ktb_action.kinds.acls.ownership import Ownership, unmanaged
from ktb_action.kinds.acls.values import AclBinding, decode_acl, encode_acl
from ktb_action.servers import Servers
from ktb_action.settings import Settings
from ktb_action.topology.model import Topology


def _create(servers: Servers, changes: Sequence[Change]) -> Results:
    return servers.writer().create_acls([_binding(c.after) for c in changes])


def _delete(servers: Servers, changes: Sequence[Change]) -> Results:
    return servers.writer().delete_acls([_binding(c.before) for c in changes])


def _binding(value: object) -> AclBinding:
    if not isinstance(value, AclBinding):
        raise TypeError(f"an ACL change holds {type(value).__name__}, not a binding")
    return value


class AclKind:
    """ACL bindings: new access is granted before old access is revoked, both after topics
    are created and before they are deleted."""

    name = "acl"
    plural = "ACLs"
    delete_setting = "acls"
    phases = (
        Phase(40, frozenset({Verb.CREATE}), _create),
        Phase(50, frozenset({Verb.DELETE}), _delete),
    )

    def compile(
        self, topologies: Sequence[Topology], settings: Settings
    ) -> dict[str, Declared[AclBinding]]:
        """See `ResourceKind.compile`."""
        return compile_acls(topologies, settings)

    def read(
        self, servers: Servers, desired: Mapping[str, Declared[AclBinding]], scope: Scope
    ) -> dict[str, AclBinding]:
        """The bindings of the principals this run manages."""
        ownership = Ownership.of(desired, scope)
        return {b.address: b for b in servers.kafka.read_acls(ownership.reads_principal)}

    def diff(
        self, name: str, want: Declared[AclBinding], have: AclBinding | None, scope: Scope
    ) -> Change | None:
        """Missing bindings are created, unless outside the managed prefixes; equal
        addresses are equal bindings."""
        if have is not None:
            return None
        return blocked_by(creation(self.name, name, want), unmanaged(want.value, scope))

    def owned(
        self, desired: Mapping[str, Declared[AclBinding]], scope: Scope
    ) -> Callable[[str, AclBinding], bool]:
        """See `Ownership.owns`."""
        ownership = Ownership.of(desired, scope)
        return lambda _, binding: ownership.owns(binding)

    def settle(self, servers: Servers) -> None:
        """See `ResourceKind.settle`."""
        servers.writer().wait_until_visible()

    def encode(self, value: AclBinding) -> dict[str, Any]:
        """See `ResourceKind.encode`."""
        return encode_acl(value)

    def decode(self, data: Mapping[str, Any], name: str) -> AclBinding:
        """See `ResourceKind.decode`; the binding must have the address it is filed under."""
        binding = decode_acl(data)
        if binding.address != name:
            raise ValueError(f"binding `{binding.address}` is filed under `{name}`")
        return binding

    def describe(self, change: Change) -> list[str]:
        """The address says everything about a binding."""
        return []


ACLS = AclKind()
