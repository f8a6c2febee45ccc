"""Progress of reads and applies: counted by the core, shown as a bar on a terminal, as
plain throttled lines in logs, and not at all for machine output."""

from __future__ import annotations

import io

import pytest

from ktb_action.core.planner import compare
from ktb_action.kinds.registry import KINDS
from ktb_action.planning import apply
from ktb_action.render.progress import Bar, LogLines, progress_display
from ktb_action.servers import Servers
from ktb_action.settings import Settings
from tests.unit.fake_cluster import FakeQuotas, FakeReader
from tests.unit.test_apply_plan import (
    CREATE_ACL,
    CREATE_T1,
    CREATE_T2,
    DELETE_T4,
    RecordingWriter,
    make_plan,
)


class Recorder:
    """A `Progress` that keeps every update."""

    def __init__(self) -> None:
        self.updates: list[tuple[str, int, int]] = []

    def update(self, label: str, done: int, total: int) -> None:
        self.updates.append((label, done, total))


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_read_counts_the_kinds_read() -> None:
    recorder = Recorder()
    reader = FakeReader()
    servers = Servers(reader, open_quotas=lambda: FakeQuotas(reader.quotas))
    compare([], Settings(), servers, KINDS, progress=recorder)
    total = len(KINDS)
    assert recorder.updates == [
        (f"read {kind.plural}", done, total) for done, kind in enumerate(KINDS, start=1)
    ]


def test_an_apply_counts_the_changes_made_after_each_phase() -> None:
    recorder = Recorder()
    plan = make_plan(DELETE_T4, CREATE_ACL, CREATE_T2, CREATE_T1)
    apply(plan, Servers(FakeReader(), RecordingWriter()), recorder)
    assert recorder.updates == [
        ("apply topics", 2, 4),
        ("apply ACLs", 3, 4),
        ("apply topics", 4, 4),
    ]


def test_log_lines_stay_silent_for_a_short_run() -> None:
    out, clock = io.StringIO(), Clock()
    lines = LogLines(out, clock=clock)
    clock.now += 2.9
    lines.update("apply topics", 1, 2)
    lines.update("apply topics", 2, 2)
    assert out.getvalue() == ""


def test_log_lines_print_after_the_delay_at_most_every_interval_and_the_end() -> None:
    out, clock = io.StringIO(), Clock()
    lines = LogLines(out, clock=clock)
    for step in range(1, 11):
        clock.now += 1.0
        lines.update("apply topics", step, 10)
    assert out.getvalue() == "apply topics: 3/10\napply topics: 8/10\napply topics: 10/10\n"


def test_machine_output_gets_no_progress() -> None:
    with progress_display(quiet=True, stream=Terminal()) as progress:
        assert progress is None


def test_a_log_gets_plain_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with progress_display(quiet=False, stream=io.StringIO()) as progress:
        assert isinstance(progress, LogLines)


def test_a_terminal_in_ci_gets_plain_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with progress_display(quiet=False, stream=Terminal()) as progress:
        assert isinstance(progress, LogLines)


def test_a_terminal_gets_a_bar_with_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    out = Terminal()
    with progress_display(quiet=False, stream=out) as progress:
        assert isinstance(progress, Bar)
        progress.update("read topics", 1, 4)
    assert "read topics" in out.getvalue()
    assert "1/4" in out.getvalue()
