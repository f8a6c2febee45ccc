"""The users kind's export: every SCRAM user's credentials, never a password (Kafka returns
none)."""

from __future__ import annotations

from ktb_action.kinds.users.kind import KIND
from ktb_action.kinds.users.values import UserSpec
from ktb_action.servers import Servers
from ktb_action.settings import Settings


class UserExporter:
    """SCRAM users, in one `describe_user_scram_credentials` request."""

    name = KIND
    plural = "users"
    grant = "DESCRIBE on CLUSTER:kafka-cluster"

    def read_all(self, servers: Servers, settings: Settings) -> dict[str, UserSpec]:
        """See `Exporter.read_all`."""
        return {
            name: UserSpec(name, credentials)
            for name, credentials in sorted(servers.kafka.read_users().items())
        }


USER_EXPORTER = UserExporter()
