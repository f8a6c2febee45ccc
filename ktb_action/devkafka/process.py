"""Start the broker JVM detached from us, and find, check and stop it later by pid."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

_POLL_S: Final = 0.2


def spawn_detached(argv: Sequence[str], log_path: Path, env: Mapping[str, str]) -> int:
    """Start `argv` in its own session with stdout/stderr to `log_path`; return its pid.

    `posix_spawn` rather than `subprocess.Popen`: the broker must outlive this process (the
    CLI exits, pytest ends), and a `Popen` still running at exit raises a ResourceWarning,
    which the test suite turns into an error. A new session keeps a Ctrl-C in the terminal
    that ran `up` from reaching the broker.
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, str(log_path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
        (os.POSIX_SPAWN_DUP2, 1, 2),
    ]
    return os.posix_spawn(argv[0], list(argv), dict(env), file_actions=actions, setsid=True)


def pid_alive(pid: int) -> bool:
    """Whether `pid` is a live process (a zombie child of ours is reaped and counts as dead)."""
    with contextlib.suppress(ChildProcessError):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, but someone else's
    return True


def pid_runs(pid: int, needle: str) -> bool:
    """Whether live `pid` has `needle` in its command line, so a recycled pid is not ours.

    Without `/proc` (macOS) the command line cannot be read cheaply; a live pid is trusted.
    """
    if not pid_alive(pid):
        return False
    cmdline = Path(f"/proc/{pid}/cmdline")
    try:
        return needle in cmdline.read_bytes().decode(errors="replace").replace("\0", " ")
    except FileNotFoundError:
        return not Path("/proc/self").exists()
    except OSError:
        return False


def terminate(pid: int, timeout_s: float) -> None:
    """SIGTERM (Kafka then shuts down cleanly), wait up to `timeout_s`, then SIGKILL."""
    if not _signal(pid, signal.SIGTERM):
        return
    if wait_exit(pid, timeout_s):
        return
    _signal(pid, signal.SIGKILL)
    wait_exit(pid, 10.0)


def wait_exit(pid: int, timeout_s: float) -> bool:
    """Wait until `pid` is gone; whether it went within `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while pid_alive(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(_POLL_S)
    return True


def _signal(pid: int, signum: signal.Signals) -> bool:
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        return False
    return True
