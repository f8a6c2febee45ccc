"""Progress of long reads and applies, on stderr: a rich bar with counts on a terminal, a
plain line at most every few seconds in CI logs (no carriage returns), nothing when the
output is for machines.

A run that finishes within `LogLines.delay` prints no line at all, so short runs (and their
logs) look as they did before.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

from ktb_action.core.progress import Progress

if TYPE_CHECKING:
    import rich.progress


class LogLines:
    """`apply topics: 40/120` lines for logs: the first after `delay` seconds, then at most
    one every `every` seconds, and the last step once anything was printed."""

    def __init__(
        self,
        stream: TextIO,
        *,
        clock: Callable[[], float] = time.monotonic,
        delay: float = 3.0,
        every: float = 5.0,
    ) -> None:
        self._stream = stream
        self._clock = clock
        self._every = every
        self._next = clock() + delay
        self._printed = False

    def update(self, label: str, done: int, total: int) -> None:
        """Print the count when it is time, and the final one of an operation shown before."""
        now = self._clock()
        if now >= self._next or (done == total and self._printed):
            self._stream.write(f"{label}: {done}/{total}\n")
            self._stream.flush()
            self._printed = True
            self._next = now + self._every


class Bar:
    """A rich progress bar with counts, removed from the terminal when the run ends."""

    def __init__(self, bar: rich.progress.Progress) -> None:
        self._bar = bar
        self._tasks: dict[str, rich.progress.TaskID] = {}

    def update(self, label: str, done: int, total: int) -> None:
        """Move the bar of `label` to `done` of `total`."""
        operation = label.split(" ", 1)[0]
        task = self._tasks.get(operation)
        if task is None:
            task = self._tasks[operation] = self._bar.add_task(label, total=total)
        self._bar.update(task, completed=done, total=total, description=label)


@contextmanager
def progress_display(*, quiet: bool, stream: TextIO | None = None) -> Iterator[Progress | None]:
    """The progress of one command: None when `quiet` (machine output), a bar when `stream`
    (default stderr) is a terminal outside CI, plain lines otherwise."""
    out = sys.stderr if stream is None else stream
    if quiet:
        yield None
    elif out.isatty() and not os.environ.get("CI"):
        # Imported here: only a terminal run pays for rich's progress machinery.
        from rich.console import Console  # noqa: PLC0415
        from rich.progress import (  # noqa: PLC0415
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
        )
        from rich.progress import Progress as RichProgress  # noqa: PLC0415

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
        bar = RichProgress(*columns, TimeElapsedColumn(), console=Console(file=out), transient=True)
        with bar:
            yield Bar(bar)
    else:
        yield LogLines(out)
