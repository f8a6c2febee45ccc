"""A real single-node Apache Kafka broker on demand, for demos and integration tests.

`python -m ktb_action.devkafka up|restart|down|status` (or `scripts/kafka-local`) resolves the
official jars with Maven into a cache outside git, starts a KRaft broker+controller on free
127.0.0.1 ports with SASL (PLAIN, SCRAM-SHA-512) and ACLs enforced, and records how to reach
it in `<state>/broker.json` and `<state>/admin.properties`. Tests use `up` in-process through
the `kafka` fixture of `tests/kafka_fixture.py`.
"""

from __future__ import annotations

from ktb_action.devkafka.errors import DevKafkaError
from ktb_action.devkafka.server import State, admin_client_config, down, restart, status, up
from ktb_action.devkafka.settings import KAFKA_VERSION, Settings, settings_from_env
from ktb_action.devkafka.state import BrokerInfo

__all__ = [
    "KAFKA_VERSION",
    "BrokerInfo",
    "DevKafkaError",
    "Settings",
    "State",
    "admin_client_config",
    "down",
    "restart",
    "settings_from_env",
    "status",
    "up",
]
