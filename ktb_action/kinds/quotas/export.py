"""The client-quotas kind's export: the quotas of every user and client-id entity."""

from __future__ import annotations

from ktb_action.kinds.quotas.kind import KIND, QuotaSpec
from ktb_action.servers import Servers
from ktb_action.settings import Settings


class QuotaExporter:
    """Quotas, in one `DescribeClientQuotas` request."""

    name = KIND
    plural = "quotas"
    grant = "DESCRIBE_CONFIGS on CLUSTER:kafka-cluster"

    def read_all(self, servers: Servers, settings: Settings) -> dict[str, QuotaSpec]:
        """See `Exporter.read_all`."""
        found = servers.quotas().read()
        return {
            entity.address: QuotaSpec(entity, values)
            for entity, values in sorted(found.items(), key=lambda item: item[0].address)
        }


QUOTA_EXPORTER = QuotaExporter()
