"""`ktb plan` against a real broker with a wrong password or address: one specific error
within seconds, nothing from librdkafka itself, and the password nowhere, even with --debug.

"Within seconds" is asserted as "before the connect timeout a silent host would take": the
behaviour is that a refusal is reported as soon as it is known, and a wall-clock bound tighter
than that would measure the machine's load, not ktb.

Run as a child process: librdkafka writes to file descriptor 2 directly, which an in-process
runner would not see.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from ktb_action.kafka.admin import CONNECT_TIMEOUT_S
from tests.kafka_fixture import KafkaCluster, unique_name

pytestmark = pytest.mark.integration

WRONG_PASSWORD = "wrong-Pa55word-d0f1"
KTB = (sys.executable, "-c", "from ktb_action.cli import main; main()")


def ktb_plan(root: Path, config: Mapping[str, str], *args: str) -> tuple[str, str, float]:
    """stdout, stderr and seconds of `ktb plan` on `root` with `config` as KTB_KAFKA_*."""
    (root / "topology").mkdir()
    (root / "topology" / "t.yaml").write_text(
        'context: "conn"\nprojects:\n  - name: "p"\n    topics:\n      - name: "t"\n'
    )
    env = {f"KTB_KAFKA_{k.upper().replace('.', '_')}": v for k, v in config.items()}
    started = time.monotonic()
    done = subprocess.run(
        [*KTB, "plan", "topology", "--root", ".", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONFAULTHANDLER": "1", **env},
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done.stderr[-6000:]
    return done.stdout, done.stderr, time.monotonic() - started


@pytest.mark.parametrize("debug", [(), ("--debug",)], ids=["plain", "debug"])
def test_a_wrong_password_is_one_error_at_once_without_the_password(
    kafka: KafkaCluster,
    scram_users: Callable[[str, str], dict[str, str]],
    tmp_path: Path,
    debug: tuple[str, ...],
) -> None:
    user = unique_name("wrongpw")
    config = {**scram_users(user, "the-right-password"), "sasl.password": WRONG_PASSWORD}
    stdout, stderr, seconds = ktb_plan(tmp_path, config, *debug)
    first = next(line for line in stderr.splitlines() if not line.startswith("debug: "))
    assert first == (
        f"error: authentication failed for `{user}` at {kafka.bootstrap} (SASL SCRAM-SHA-512): "
        "Authentication failed during authentication due to invalid credentials with SASL "
        "mechanism SCRAM-SHA-512"
    )
    assert seconds < CONNECT_TIMEOUT_S
    assert WRONG_PASSWORD not in stdout + stderr
    assert "%3|" not in stderr


def test_with_debug_librdkafka_s_own_lines_are_shown_redacted(
    kafka: KafkaCluster, tmp_path: Path
) -> None:
    config = {**kafka.admin_config, "sasl.password": WRONG_PASSWORD, "debug": "security,conf"}
    stdout, stderr, _ = ktb_plan(tmp_path, config, "--debug")
    assert "debug: librdkafka: " in stderr
    assert WRONG_PASSWORD not in stdout + stderr


def test_a_closed_port_is_one_error_within_seconds(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    stdout, stderr, seconds = ktb_plan(tmp_path, {"bootstrap.servers": f"127.0.0.1:{port}"})
    assert (stdout, stderr.splitlines()[0]) == (
        "",
        f"error: cannot connect to Kafka at 127.0.0.1:{port}: Connection refused",
    )
    assert seconds < CONNECT_TIMEOUT_S
    assert len(stderr.splitlines()) == 2
