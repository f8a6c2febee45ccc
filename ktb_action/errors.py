"""Errors that stop a run, and the one place that turns them into messages and exit codes.

Everything a user can fix in their files is a `Diagnostic`, not an exception; these are for
"cannot go on": bad command-line usage, unreadable client config, an unreachable cluster.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_USAGE = 2


class KtbError(Exception):
    """A failure the run cannot recover from, with a hint on how to fix it."""

    exit_code = EXIT_ERRORS

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(KtbError):
    """The command line or a settings/config file is wrong; exit 2 like other CLI tools."""

    exit_code = EXIT_USAGE


class NotImplementedYetError(UsageError):
    """A command that exists in the interface but not yet in the code."""

    def __init__(self, command: str) -> None:
        super().__init__(f"`ktb {command}` is not implemented yet")


class ClusterError(KtbError):
    """Kafka could not be reached or refused a request (translated from confluent-kafka)."""


def run_guarded(body: Callable[[], int]) -> int:
    """Run a command body; print a `KtbError` as `error: …` / `help: …` and return its code."""
    try:
        return body()
    except KtbError as error:
        print(f"error: {error.message}", file=sys.stderr)
        if error.hint:
            print(f"  help: {error.hint}", file=sys.stderr)
        return error.exit_code
