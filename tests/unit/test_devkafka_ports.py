"""Free-port picking for the three listeners."""

from __future__ import annotations

import socket

from ktb_action.devkafka.config import pick_free_ports, pick_ports


def test_pick_free_ports_returns_distinct_ports_that_can_be_bound_afterwards() -> None:
    ports = pick_free_ports(5)

    assert len(set(ports)) == 5
    for port in ports:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", port))


def test_pick_ports_gives_each_listener_its_own_unprivileged_port() -> None:
    ports = pick_ports()

    chosen = {ports.sasl, ports.plaintext, ports.controller}
    assert len(chosen) == 3
    assert all(1024 <= port <= 65535 for port in chosen)
