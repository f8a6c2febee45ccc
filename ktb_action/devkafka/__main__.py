"""`python -m ktb_action.devkafka up|down|status`: argument parsing and printing only.

Passwords never reach stdout: the output names the files that hold them instead.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ktb_action.devkafka.server import READY_TIMEOUT_S, State, down, restart, status, up
from ktb_action.devkafka.settings import (
    ENV_CACHE,
    ENV_HEAP,
    ENV_STATE,
    Settings,
    settings_from_env,
)
from ktb_action.devkafka.state import BrokerInfo, StatePaths
from ktb_action.errors import EXIT_ERRORS, EXIT_OK, run_guarded


def build_parser() -> argparse.ArgumentParser:
    """The command line: one subcommand per action, shared `--state-dir`."""
    parser = argparse.ArgumentParser(
        prog="kafka-local",
        description="A local single-node Apache Kafka broker (KRaft, SASL, ACLs) for demos "
        f"and tests. Jars are cached under ${ENV_CACHE} (default ~/.cache/ktb-action), "
        f"state under ${ENV_STATE} (default ~/.cache/ktb-action/broker); "
        f"${ENV_HEAP} sets the broker's heap (default 512m).",
    )
    parser.add_argument("--state-dir", type=Path, help="state folder (data, logs, config)")
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("up", help="start the broker, or reuse the running one")
    start.add_argument(
        "--timeout",
        type=float,
        default=READY_TIMEOUT_S,
        help="seconds to wait for the broker to answer (default: %(default)s)",
    )
    start.add_argument(
        "--with",
        dest="extras",
        action="append",
        choices=["connect"],
        default=[],
        help="also start a Kafka Connect worker (`connect`), or reuse the running one",
    )
    again = commands.add_parser(
        "restart", help="stop the broker if it runs and start it again on its ports and data"
    )
    again.add_argument(
        "--timeout",
        type=float,
        default=READY_TIMEOUT_S,
        help="seconds to wait for the broker to answer (default: %(default)s)",
    )
    commands.add_parser("down", help="stop the broker and remove its data")
    commands.add_parser("status", help="exit 0 if the broker runs and answers, else 1")
    return parser


def describe(info: BrokerInfo) -> str:
    """The addresses and file paths of a running broker, without any password."""
    paths = StatePaths(Path(info.state_dir))
    users = ", ".join(sorted(info.users))
    return "\n".join(
        [
            f"  sasl bootstrap:      {info.sasl_bootstrap}  (SASL_PLAINTEXT: PLAIN, SCRAM-SHA-512)",
            f"  plaintext bootstrap: {info.plaintext_bootstrap}  (no auth, super user: demos only)",
            f"  ssl bootstrap:       {info.ssl_bootstrap}  (mutual TLS: client certificates "
            f"signed by {info.tls_ca_certificate})",
            f"  oauth bootstrap:     {info.oauth_bootstrap}  (SASL_PLAINTEXT: OAUTHBEARER, "
            f"JWKS {info.oauth_jwks})",
            f"  admin client config: {info.admin_properties}",
            f"  broker info (json):  {paths.info_file}",
            f"  users:               {users} (passwords in broker.json)",
            f"  heap:                {info.heap} (${ENV_HEAP})",
            f"  log:                 {paths.log_file}",
            *([f"  connect url:         {info.connect_url}"] if info.connect_url else []),
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Parse `argv`, run the command, return the exit code."""
    args = build_parser().parse_args(argv)
    try:
        # Settings are read inside the guard: a bad KTB_DEVKAFKA_HEAP is an error, not a trace.
        return run_guarded(
            lambda: _run(args, settings_from_env(os.environ, Path.home(), args.state_dir))
        )
    except BrokenPipeError:
        # `kafka-local status | head -1`: the reader left early. Point stdout at /dev/null so
        # that Python's flush at exit does not raise again (the recipe of the `signal` docs).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERRORS


def _run(args: argparse.Namespace, settings: Settings) -> int:
    if args.command in ("up", "restart"):
        if args.command == "up":
            info = up(
                settings,
                os.environ,
                _to_stderr,
                args.timeout,
                with_connect="connect" in args.extras,
            )
        else:
            info = restart(settings, os.environ, _to_stderr, args.timeout)
        print(f"kafka {info.version} running (pid {info.pid}), state in {info.state_dir}")
        print(describe(info))
        return EXIT_OK
    if args.command == "down":
        stopped = down(settings)
        print("kafka stopped, data removed" if stopped else "kafka was not running")
        return EXIT_OK
    state, found = status(settings)
    if state is State.RUNNING and found is not None:
        print(f"kafka {found.version} running (pid {found.pid}), state in {found.state_dir}")
        print(describe(found))
        return EXIT_OK
    print(f"kafka {state.value} (state folder {settings.state_dir})")
    return EXIT_ERRORS


def _to_stderr(message: str) -> None:
    # Progress goes to stderr so that stdout stays the answer (addresses, paths).
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
