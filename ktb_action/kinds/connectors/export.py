"""The connectors kind's export: every connector of each configured Connect cluster, with
its config, run state and the types of its plugin's keys (`Exporter`), so that the writer
knows which values are secrets it must never write."""

from __future__ import annotations

from dataclasses import replace

from ktb_action.kinds.connectors.compile import clusters
from ktb_action.kinds.connectors.kind import KIND, connector_of
from ktb_action.kinds.connectors.values import ConnectorSpec
from ktb_action.servers import Servers
from ktb_action.settings import Settings


class ConnectorExporter:
    """Connectors, in one request per cluster and one per connector plugin, as a plan
    reads them."""

    name = KIND
    plural = "connectors"
    grant = "read access to each Connect cluster's REST API (`connect.clusters`)"

    def read_all(self, servers: Servers, settings: Settings) -> dict[str, ConnectorSpec]:
        """See `Exporter.read_all`; by `<cluster>/<name>`."""
        found: dict[str, ConnectorSpec] = {}
        for label, url in sorted(clusters(settings).items()):
            port = servers.connect(label, url)
            for name, state in sorted(port.read().items()):
                spec = connector_of(label, url, name, state)
                found[spec.address] = replace(spec, config_types=port.config_types(spec.plugin))
        return found


CONNECTOR_EXPORTER = ConnectorExporter()
