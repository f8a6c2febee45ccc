"""`ktb export` shows its steps on the command's progress display: one operation counted
up, a bar on a terminal and plain count lines in CI logs."""

from __future__ import annotations

import io

from ktb_action.commands.export import counted_steps
from ktb_action.render.progress import LogLines


def test_export_steps_are_plain_count_lines_in_a_ci_log() -> None:
    log = io.StringIO()
    step = counted_steps(LogLines(log, clock=lambda: 10.0, delay=0.0, every=0.0), 3)
    for what in ("read topics", "read acls", "writing the topology"):
        step(what)
    assert log.getvalue() == (
        "export read topics: 1/3\nexport read acls: 2/3\nexport writing the topology: 3/3\n"
    )
