"""A distributed Kafka Connect worker beside the dev broker (`up --with connect`).

The worker runs its own jar pin (`CONNECT_VERSION`): `connect-file` and `connect-mirror` are
not published at the broker's version, and a 4.3 worker talks to the 4.4 broker. It logs in
to the broker over SASL as the admin user (the worker's own clients and the producer,
consumer and admin clients it gives connectors), keeps its state in three internal topics,
and answers REST on a free local port, recorded in `broker.json` as `connect_url`.
"""

from __future__ import annotations

import dataclasses
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from ktb_action.devkafka import config, probe, process
from ktb_action.devkafka.errors import DevKafkaError
from ktb_action.devkafka.resolve import Progress, ensure_jars
from ktb_action.devkafka.settings import Settings
from ktb_action.devkafka.state import BrokerInfo, StatePaths, read_pid, write_info, write_private

CONNECT_VERSION: Final = "4.3.1"
CONNECT_POM: Final = Path(__file__).with_name("connect-pom.xml")
WORKER_MAIN: Final = "org.apache.kafka.connect.cli.ConnectDistributed"
READY_TIMEOUT_S: Final = 120.0
_PROBE_S: Final = 2.0
_LOG_TAIL_LINES: Final = 40


def connect_libs_dir(settings: Settings) -> Path:
    """`<cache>/connect-<version>/libs`, apart from the broker's jars."""
    return settings.cache_root / f"connect-{CONNECT_VERSION}" / "libs"


def worker_properties(bootstrap: str, user: str, password: str, rest_port: int) -> str:
    """The worker config: SASL for the worker and every client it makes, one-replica topics."""
    jaas = f'{config.PLAIN_LOGIN} required username="{user}" password="{password}";'
    sasl = [
        "security.protocol=SASL_PLAINTEXT",
        "sasl.mechanism=PLAIN",
        f"sasl.jaas.config={jaas}",
    ]
    lines = [
        f"bootstrap.servers={bootstrap}",
        *sasl,
        # Connectors' clients take only prefixed settings, not the worker's own.
        *(f"{prefix}.{line}" for prefix in ("producer", "consumer", "admin") for line in sasl),
        "group.id=ktb-dev-connect",
        "config.storage.topic=_ktb-dev-connect-configs",
        "offset.storage.topic=_ktb-dev-connect-offsets",
        "status.storage.topic=_ktb-dev-connect-status",
        "config.storage.replication.factor=1",
        "offset.storage.replication.factor=1",
        "status.storage.replication.factor=1",
        "key.converter=org.apache.kafka.connect.json.JsonConverter",
        "value.converter=org.apache.kafka.connect.json.JsonConverter",
        f"listeners=http://{config.HOST}:{rest_port}",
        f"rest.advertised.host.name={config.HOST}",
        f"rest.advertised.port={rest_port}",
        "offset.flush.interval.ms=1000",
    ]
    return "\n".join(lines) + "\n"


def rest_answers(url: str, timeout_s: float = _PROBE_S) -> bool:
    """Whether the worker lists its connectors: its REST root answers some seconds before
    the worker has joined its group, and a connector created meanwhile is refused."""
    try:
        with urllib.request.urlopen(f"{url}/connectors", timeout=timeout_s) as response:
            return bool(response.status == 200)
    except (OSError, urllib.error.URLError):
        return False


def running_worker(paths: StatePaths, info: BrokerInfo) -> bool:
    """Whether the worker `info` records runs from this state folder and answers."""
    pid = read_pid(paths.connect_pid_file)
    return (
        info.connect_url is not None
        and pid is not None
        and process.pid_runs(pid, str(paths.connect_properties))
        and rest_answers(info.connect_url)
    )


def ensure_worker(
    settings: Settings,
    paths: StatePaths,
    info: BrokerInfo,
    *,
    java: str,
    env: Mapping[str, str],
    progress: Progress,
) -> BrokerInfo:
    """The broker's info with a running worker's `connect_url`, starting the worker if none
    answers; `DevKafkaError` with its log tail when it does not answer in time."""
    if running_worker(paths, info):
        progress(f"reusing the running Connect worker ({info.connect_url})")
        return info
    stop_worker(paths)
    libs = ensure_jars(connect_libs_dir(settings), CONNECT_POM, CONNECT_VERSION, progress)
    (port,) = config.pick_free_ports(1)
    write_private(
        paths.connect_properties,
        worker_properties(info.sasl_bootstrap, info.admin_user, info.admin_password, port),
    )
    paths.connect_log4j.write_text(config.render_log4j2_properties("INFO"))
    url = f"http://{config.HOST}:{port}"
    progress(f"starting Kafka Connect {CONNECT_VERSION} (log: {paths.connect_log_file})")
    argv = [
        java,
        "-cp",
        f"{libs}/*",
        "-Xms256m",
        f"-Xmx{settings.heap}",
        "-XX:+ExitOnOutOfMemoryError",
        f"-Dlog4j2.configurationFile={paths.connect_log4j}",
        WORKER_MAIN,
        str(paths.connect_properties),
    ]
    pid = process.spawn_detached(argv, paths.connect_log_file, env)
    paths.connect_pid_file.write_text(f"{pid}\n")
    try:
        _wait_ready(url, pid, paths)
    except BaseException:
        process.terminate(pid, 10.0)
        raise
    with_worker = dataclasses.replace(info, connect_url=url)
    write_info(paths.info_file, with_worker)
    return with_worker


def stop_worker(paths: StatePaths, timeout_s: float = 30.0) -> bool:
    """Stop the worker recorded in the state folder; whether one was running."""
    pid = read_pid(paths.connect_pid_file)
    paths.connect_pid_file.unlink(missing_ok=True)
    if pid is None or not process.pid_runs(pid, str(paths.connect_properties)):
        return False
    process.terminate(pid, timeout_s)
    return True


def _wait_ready(url: str, pid: int, paths: StatePaths) -> None:
    if probe.wait_until(lambda: rest_answers(url), lambda: process.pid_alive(pid), READY_TIMEOUT_S):
        return
    what = (
        f"the Connect worker did not answer within {READY_TIMEOUT_S:.0f}s"
        if process.pid_alive(pid)
        else "the Connect worker exited while starting"
    )
    try:
        log = paths.connect_log_file.read_text(errors="replace")
    except OSError:
        log = ""
    tail = "\n".join(log.splitlines()[-_LOG_TAIL_LINES:])
    raise DevKafkaError(
        f"{what}; last lines of its log:\n{tail}", f"full log: {paths.connect_log_file}"
    )
