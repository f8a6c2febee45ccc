"""Requests sent before their answer is needed, so the cluster works while ktb does."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

R = TypeVar("R")


def in_background(call: Callable[[], R]) -> Future[R]:
    """Start `call` (a `kafka.admin.request`) in a thread of its own now; its answer is the
    future's result: its value, or the very error it raised. confluent-kafka's metadata call
    blocks (with the GIL released), so a thread is what lets the cluster answer it
    meanwhile."""
    outcome: Future[R] = Future()

    def run() -> None:
        try:
            outcome.set_result(call())
        except BaseException as error:
            # Handed to whoever takes the answer, as if it had been raised there.
            outcome.set_exception(error)

    threading.Thread(target=run, name="ktb-early-read", daemon=True).start()
    return outcome
