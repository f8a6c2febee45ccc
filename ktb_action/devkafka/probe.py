"""Ask the broker whether it answers, as a real client would (SASL login, metadata)."""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable, Mapping
from typing import Final

from confluent_kafka import KafkaException
from confluent_kafka.admin import AdminClient

_POLL_S: Final = 0.25
_SILENT: Final = logging.CRITICAL + 1


def admin_config(bootstrap: str, user: str, password: str) -> dict[str, str]:
    """The librdkafka config of `user` over SASL/PLAIN on the SASL_PLAINTEXT listener."""
    return {
        "bootstrap.servers": bootstrap,
        "security.protocol": "SASL_PLAINTEXT",
        "sasl.mechanism": "PLAIN",
        "sasl.username": user,
        "sasl.password": password,
    }


def port_open(host: str, port: int, timeout_s: float = 0.5) -> bool:
    """Whether a TCP connect to `host:port` succeeds."""
    try:
        with socket.create_connection((host, port), timeout=timeout_s):
            return True
    except OSError:
        return False


def answers(config: Mapping[str, str], timeout_s: float) -> bool:
    """Whether the cluster authenticates the client in `config` and returns metadata.

    librdkafka's own lines go to a logger that drops them: a broker that does not answer
    would otherwise print a connection failure to stderr every few milliseconds, and the
    answer here is only yes or no."""
    client = AdminClient(dict(config), logger=logging.Logger("ktb.devkafka.probe", _SILENT))
    try:
        metadata = client.list_topics(timeout=timeout_s)
    except KafkaException:
        return False
    return bool(metadata.brokers)


def wait_until(
    ready: Callable[[], bool], still_worth_waiting: Callable[[], bool], timeout_s: float
) -> bool:
    """Poll `ready` until it holds (True), the deadline passes or waiting is pointless (False)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if ready():
            return True
        if not still_worth_waiting():
            return False
        time.sleep(_POLL_S)
    return ready()
