"""Side-by-side timing on a loaded machine: ktb and its reference run alternately, in one call.

Other work on the machine slows both sides of a pair alike, so the ratio of a pair is what a
bench is judged by, and the median of the pairs' ratios is reported (not the ratio of two
medians taken at different moments).
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Run:
    """One child process: wall seconds, peak RSS in MB, exit code and what it printed."""

    seconds: float
    peak_mb: float
    code: int
    stdout: str


def run_child(
    argv: Sequence[str], *, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> Run:
    """Run `argv` to its end; its peak RSS is its own (wait4 reports the child's usage)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        list(argv),
        cwd=cwd,
        env=dict(env) if env is not None else None,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    stdout = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.stdout.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    # Linux reports ru_maxrss in KiB.
    return Run(seconds, usage.ru_maxrss / 1024, process.returncode, stdout)


@dataclass
class Pairs:
    """The runs of ktb and of its reference, pair by pair."""

    ktb: list[Run] = field(default_factory=list)
    reference: list[Run] = field(default_factory=list)

    @property
    def ratios(self) -> list[float]:
        """ktb's time over the reference's, for each pair."""
        return [k.seconds / r.seconds for k, r in zip(self.ktb, self.reference, strict=True)]

    def summary(self) -> dict[str, float]:
        """Medians of both sides, the median ratio, and ktb's largest peak RSS."""
        return {
            "ktb_s": statistics.median(r.seconds for r in self.ktb),
            "reference_s": statistics.median(r.seconds for r in self.reference),
            "ratio": statistics.median(self.ratios),
            "ktb_peak_mb": max(r.peak_mb for r in self.ktb),
            "reference_peak_mb": max(r.peak_mb for r in self.reference),
        }


def alternate(
    pairs: int,
    ktb: Sequence[str],
    reference: Sequence[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    ktb_code: int = 0,
    warmup: int = 1,
) -> Pairs:
    """`pairs` runs of each, alternating which goes first (a warm cache would favour the
    second), after `warmup` pairs that are not counted (they fill the page cache and ktb's
    compiled-schema cache, which a first run on a fresh machine writes once); any
    unexpected exit code stops the bench with the child's output."""
    compile_ktb()
    result, discarded = Pairs(), Pairs()
    for index in range(warmup + pairs):
        into = discarded if index < warmup else result
        order = [(ktb, into.ktb, ktb_code), (reference, into.reference, 0)]
        for argv, runs, expected in order if index % 2 == 0 else order[::-1]:
            run = run_child(argv, cwd=cwd, env=env)
            if run.code != expected:
                raise SystemExit(f"{argv[:3]} exited {run.code}:\n{run.stdout[-3000:]}")
            runs.append(run)
    return result


def compile_ktb() -> None:
    """Write ktb's bytecode, as pip does when it installs ktb. From a checkout run with
    PYTHONDONTWRITEBYTECODE set, every start would otherwise compile each edited module
    again, a cost no installed ktb pays (60 ms of a 1,000-topic plan after a few edits)."""
    package = Path(__file__).resolve().parent.parent / "ktb_action"
    compileall.compile_dir(package, quiet=1)
