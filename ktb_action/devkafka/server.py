"""`up`, `down`, `restart` and `status` of the single-node dev broker.

One rule keeps this simple: a broker that runs from this state folder and answers is reused
as it is; anything else is stopped and replaced by a fresh one (new free ports, new data).
The data is throwaway by design: tests and demos create what they need. `restart` is the
exception: it starts the broker again on its ports and its data (a broker that was killed
comes back as a crashed production broker would), for fault-injection tests.
"""

from __future__ import annotations

import enum
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

from ktb_action.devkafka import config, connect, oauth, probe, process, tls
from ktb_action.devkafka.errors import DevKafkaError
from ktb_action.devkafka.java import require_java
from ktb_action.devkafka.locking import file_lock
from ktb_action.devkafka.resolve import Progress, ensure_libs
from ktb_action.devkafka.settings import ADMIN_USER, DEV_USERS, MIN_HEAP_MIB, Settings
from ktb_action.devkafka.state import (
    BrokerInfo,
    StatePaths,
    read_info,
    read_pid,
    write_info,
    write_private,
)

BROKER_MAIN: Final = "kafka.Kafka"
STORAGE_TOOL_MAIN: Final = "kafka.tools.StorageTool"
JVM_OPTIONS: Final = (f"-Xms{MIN_HEAP_MIB}m", "-XX:+ExitOnOutOfMemoryError")
READY_TIMEOUT_S: Final = 90.0
STOP_TIMEOUT_S: Final = 30.0
# A reused broker has started long ago: it answers at once or is broken.
REUSE_PROBE_S: Final = 10.0
FORMAT_TIMEOUT_S: Final = 120
_LOG_TAIL_LINES: Final = 40


@dataclass(frozen=True)
class _Runtime:
    """How to run the JVM: which `java`, which jars, which environment."""

    java: str
    libs: Path
    env: Mapping[str, str]

    def command(self, *args: str) -> list[str]:
        """`java -cp <libs>/* <args>`; `args` are JVM options, the main class, its arguments."""
        # Java expands a trailing `*` itself, to every jar of the folder.
        return [self.java, "-cp", f"{self.libs}/*", *args]


class State(enum.Enum):
    """What `status` found in a state folder."""

    RUNNING = "running"
    NOT_ANSWERING = "not answering"
    NOT_RUNNING = "not running"


def up(
    settings: Settings,
    env: Mapping[str, str],
    progress: Progress,
    timeout_s: float = READY_TIMEOUT_S,
    *,
    with_connect: bool = False,
) -> BrokerInfo:
    """Return the running broker of `settings.state_dir`, starting one if needed, and with
    `with_connect` a Kafka Connect worker beside it (reused when it answers).

    Resolves the jars first if the cache lacks them. Raises `DevKafkaError` when Java or
    Maven is missing or the broker does not answer within `timeout_s` (with its log tail).
    """
    paths = StatePaths(settings.state_dir)
    with file_lock(paths.lock_file):
        info = _answering_broker(paths, settings)
        if info is not None:
            progress(f"reusing the running broker (pid {info.pid})")
        else:
            runtime = _Runtime(require_java(env), ensure_libs(settings, progress), env)
            _stop_recorded(paths, progress)
            info = _start(settings, paths, runtime, progress, timeout_s)
        if not with_connect:
            return info
        return connect.ensure_worker(
            settings, paths, info, java=require_java(env), env=env, progress=progress
        )


def down(settings: Settings, timeout_s: float = STOP_TIMEOUT_S) -> bool:
    """Stop the broker of `settings.state_dir` and remove its data; whether one was running."""
    paths = StatePaths(settings.state_dir)
    with file_lock(paths.lock_file):
        connect.stop_worker(paths, timeout_s)
        stopped = _stop_recorded(paths, lambda _message: None, timeout_s)
        _remove_runtime_files(paths)
        return stopped


def restart(
    settings: Settings,
    env: Mapping[str, str],
    progress: Progress,
    timeout_s: float = READY_TIMEOUT_S,
) -> BrokerInfo:
    """Stop the broker of `settings.state_dir` if it runs (SIGTERM) and start it again with
    the same ports, storage and users; raises `DevKafkaError` when there is none to restart
    or it does not answer within `timeout_s`."""
    paths = StatePaths(settings.state_dir)
    with file_lock(paths.lock_file):
        info = read_info(paths.info_file)
        if info is None or not paths.server_properties.exists():
            raise DevKafkaError(
                f"no broker to restart in {paths.root}",
                "start one with `scripts/kafka-local up`",
            )
        runtime = _Runtime(require_java(env), ensure_libs(settings, progress), env)
        _stop_recorded(paths, progress)
        progress(f"restarting Apache Kafka {info.version} on its data in {paths.data_dir}")
        info = replace(info, pid=_launch(settings, paths, runtime))
        _wait_ready(info, paths, timeout_s)
        write_info(paths.info_file, info)
        return info


def status(settings: Settings) -> tuple[State, BrokerInfo | None]:
    """The state of the broker of `settings.state_dir`, with its info when it has answered."""
    paths = StatePaths(settings.state_dir)
    info = read_info(paths.info_file)
    pid = read_pid(paths.pid_file)
    if pid is None or not process.pid_runs(pid, str(paths.server_properties)):
        return State.NOT_RUNNING, None
    if info is None or info.pid != pid:
        return State.NOT_ANSWERING, None
    if not probe.answers(admin_client_config(info), REUSE_PROBE_S):
        return State.NOT_ANSWERING, info
    return State.RUNNING, info


def admin_client_config(info: BrokerInfo) -> dict[str, str]:
    """The admin's librdkafka config for the SASL listener of `info`."""
    return probe.admin_config(info.sasl_bootstrap, info.admin_user, info.admin_password)


def _answering_broker(paths: StatePaths, settings: Settings) -> BrokerInfo | None:
    """The running broker, if it is the one `settings` ask for (version and heap)."""
    info = read_info(paths.info_file)
    if info is None or (info.version, info.heap) != (settings.version, settings.heap):
        return None
    if read_pid(paths.pid_file) != info.pid:
        return None
    if not process.pid_runs(info.pid, str(paths.server_properties)):
        return None
    return info if probe.answers(admin_client_config(info), REUSE_PROBE_S) else None


def _stop_recorded(
    paths: StatePaths, progress: Progress, timeout_s: float = STOP_TIMEOUT_S
) -> bool:
    # A worker outliving its broker would log connection failures forever.
    connect.stop_worker(paths, timeout_s)
    pid = read_pid(paths.pid_file)
    if pid is None or not process.pid_runs(pid, str(paths.server_properties)):
        return False
    progress(f"stopping broker pid {pid}")
    process.terminate(pid, timeout_s)
    return True


def _remove_runtime_files(paths: StatePaths) -> None:
    # Logs and generated config stay for a post-mortem; the next `up` rewrites them.
    shutil.rmtree(paths.data_dir, ignore_errors=True)
    for path in (paths.pid_file, paths.info_file, paths.admin_properties):
        path.unlink(missing_ok=True)


def _start(
    settings: Settings,
    paths: StatePaths,
    runtime: _Runtime,
    progress: Progress,
    timeout_s: float,
) -> BrokerInfo:
    _remove_runtime_files(paths)
    ports = config.pick_ports()
    cluster_id = config.new_cluster_id()
    tls_files = tls.ensure_tls(paths.tls_dir)
    oauth_files = oauth.ensure_oauth(paths.oauth_dir)
    _write_configs(paths, ports, tls_files, oauth_files)
    progress(f"formatting storage in {paths.data_dir}")
    _format_storage(runtime, paths, cluster_id)
    progress(f"starting Apache Kafka {settings.version} (log: {paths.log_file})")
    pid = _launch(settings, paths, runtime)
    info = BrokerInfo(
        sasl_bootstrap=ports.sasl_bootstrap,
        plaintext_bootstrap=ports.plaintext_bootstrap,
        admin_user=ADMIN_USER,
        admin_password=DEV_USERS[ADMIN_USER],
        users=dict(DEV_USERS),
        pid=pid,
        version=settings.version,
        heap=settings.heap,
        cluster_id=cluster_id,
        state_dir=str(paths.root),
        admin_properties=str(paths.admin_properties),
        ssl_bootstrap=ports.ssl_bootstrap,
        tls_ca_certificate=str(tls_files.ca_certificate),
        tls_ca_key=str(tls_files.ca_key),
        oauth_bootstrap=ports.oauth_bootstrap,
        oauth_signing_key=str(oauth_files.signing_key),
        oauth_jwks=str(oauth_files.jwks),
    )
    try:
        _wait_ready(info, paths, timeout_s)
    except BaseException:
        # Also on Ctrl-C: a half-started broker nobody waits for is only in the way.
        process.terminate(info.pid, 10.0)
        raise
    write_private(
        paths.admin_properties,
        config.render_admin_properties(info.sasl_bootstrap, ADMIN_USER, info.admin_password),
    )
    write_info(paths.info_file, info)
    return info


def _launch(settings: Settings, paths: StatePaths, runtime: _Runtime) -> int:
    """Start the broker process on the config in `paths`: its pid, also in the pid file."""
    argv = runtime.command(
        *JVM_OPTIONS,
        f"-Xmx{settings.heap}",
        f"-Dlog4j2.configurationFile={paths.broker_log4j}",
        # Kafka 4 fetches JWKS and tokens only from URLs listed here.
        f"-D{oauth.ALLOWED_URLS_PROPERTY}={oauth.ensure_oauth(paths.oauth_dir).jwks_url}",
        BROKER_MAIN,
        str(paths.server_properties),
    )
    pid = process.spawn_detached(argv, paths.log_file, runtime.env)
    paths.pid_file.write_text(f"{pid}\n")
    return pid


def _write_configs(
    paths: StatePaths, ports: config.Ports, tls_files: tls.TlsFiles, oauth_files: oauth.OAuthFiles
) -> None:
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    write_private(
        paths.server_properties,
        config.render_server_properties(ports, paths.data_dir, DEV_USERS, tls_files, oauth_files),
    )
    paths.broker_log4j.write_text(config.render_log4j2_properties("INFO"))
    # The storage tool logs its whole config at INFO; only problems are worth showing.
    paths.tool_log4j.write_text(config.render_log4j2_properties("WARN"))


def _format_storage(runtime: _Runtime, paths: StatePaths, cluster_id: str) -> None:
    command = runtime.command(
        f"-Dlog4j2.configurationFile={paths.tool_log4j}",
        STORAGE_TOOL_MAIN,
        "format",
        "-t",
        cluster_id,
        "-c",
        str(paths.server_properties),
        # SCRAM credentials must be in the bootstrap metadata for SCRAM to work from the start.
        *config.scram_format_args(DEV_USERS),
    )
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=FORMAT_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise DevKafkaError(f"formatting storage took more than {FORMAT_TIMEOUT_S}s") from error
    if done.returncode != 0:
        # The command holds passwords (`--add-scram`); only the tool's own output is shown.
        output = _tail(done.stdout + done.stderr)
        raise DevKafkaError(f"formatting storage failed (exit {done.returncode}):\n{output}")


def _wait_ready(info: BrokerInfo, paths: StatePaths, timeout_s: float) -> None:
    admin = admin_client_config(info)
    sasl_port = int(info.sasl_bootstrap.rsplit(":", 1)[1])

    def ready() -> bool:
        # A TCP check first: librdkafka would log every refused connection to stderr.
        return probe.port_open(config.HOST, sasl_port) and probe.answers(admin, 3.0)

    if probe.wait_until(ready, lambda: process.pid_alive(info.pid), timeout_s):
        return
    what = (
        f"the broker did not answer within {timeout_s:.0f}s"
        if process.pid_alive(info.pid)
        else "the broker exited while starting"
    )
    log_tail = _tail(_read_text(paths.log_file))
    raise DevKafkaError(
        f"{what}; last lines of its log:\n{log_tail}", f"full log: {paths.log_file}"
    )


def _read_text(path: Path) -> str:
    try:
        return path.read_text(errors="replace")
    except OSError:
        return ""


def _tail(text: str) -> str:
    return "\n".join(text.splitlines()[-_LOG_TAIL_LINES:])
