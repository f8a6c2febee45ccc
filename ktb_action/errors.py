"""Errors that stop a run, and the one place that turns them into messages and exit codes.

Everything a user can fix in their files is a `Diagnostic`, not an exception; these are for
"cannot go on": bad command-line usage, unreadable client config, an unreachable cluster.
"""

from __future__ import annotations

import gc
import os
import sys
import traceback
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from typing import TextIO, cast

from ktb_action.redact import RedactingWriter, redact, remember_environment
from ktb_action.render.escape import escape_text

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


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


class ClusterError(KtbError):
    """Kafka could not be reached or refused a request (translated from confluent-kafka)."""


def report(error: Exception, *, debug: bool = False) -> int:
    """Print `error` for a person and return the exit code it means: a `KtbError` as
    `error: …` / `help: …` with its own code; anything else (a bug) as one line and exit 3,
    with the traceback only under `--debug`. An error's text (which may quote a file, a
    server or a user) is escaped and redacted."""
    if isinstance(error, KtbError):
        print(f"error: {_shown(error.message)}", file=sys.stderr)
        if error.hint:
            print(f"  help: {_shown(error.hint)}", file=sys.stderr)
        return error.exit_code
    if debug:
        traceback.print_exception(error, file=sys.stderr)
    first_line = next(iter(str(error).splitlines()), "")
    about = f"{type(error).__name__}: {first_line}" if first_line else type(error).__name__
    print(
        f"error: internal error ({_shown(about)}) — please report it; `--debug` shows the "
        "traceback",
        file=sys.stderr,
    )
    return EXIT_INTERNAL


def run_guarded(body: Callable[[], int], *, debug: bool = False) -> int:
    """Run a process's body behind its one error boundary (see `report`): what it prints goes
    out with every configured secret redacted."""
    remember_environment(os.environ)
    out = cast(TextIO, RedactingWriter(sys.stdout))
    err = cast(TextIO, RedactingWriter(sys.stderr))
    with redirect_stdout(out), redirect_stderr(err):
        try:
            return body()
        except Exception as error:
            failed = report(error, debug=debug)
        # What a failed run used may stay in reference cycles (the error, its traceback and
        # frames) with the cycle collector off (`cli.main`), holding a Kafka client: freed
        # now, librdkafka's threads end before the process does, not under libc's exit
        # handlers (they clean up OpenSSL under any thread still using it: a crash at exit).
        gc.collect()
        return failed


def _shown(text: str) -> str:
    return escape_text(redact(text))
