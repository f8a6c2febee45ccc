"""The ACL kind's export: every ALLOW binding (`Exporter`); DENY bindings are never managed."""

from __future__ import annotations

from ktb_action.kinds.acls.values import AclBinding
from ktb_action.servers import Servers
from ktb_action.settings import Settings


class AclExporter:
    """All ALLOW bindings, in one `describe_acls` request."""

    name = "acl"
    plural = "ACLs"
    grant = "DESCRIBE on CLUSTER:kafka-cluster"

    def read_all(self, servers: Servers, settings: Settings) -> dict[str, AclBinding]:
        """See `Exporter.read_all`."""
        return {b.address: b for b in servers.kafka.read_acls(lambda _: True)}


ACL_EXPORTER = AclExporter()
