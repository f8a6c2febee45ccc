"""Benchmark `ktb validate` on a 10,000-topic topology, against the targets (< 2 s, < 250 MB).

Not a test: run `python bench/bench_validate.py`. It generates the topology (100 projects of
100 topics, about 1.7 MB) into a temporary directory, times `ktb validate` as a whole process
(wall time and peak RSS of the child), and times the YAML loaders on the same text for the
README's loader-choice paragraph.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import yaml
from gen_topology import generate
from ruamel.yaml import YAML

from ktb_action.topology.load import load_text

TARGET_SECONDS = 2.0
TARGET_MB = 250.0


def ktb_command() -> list[str]:
    """The installed `ktb` next to this interpreter, else the module run by it."""
    script = Path(sys.executable).with_name("ktb")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from ktb_action.cli import main; main()"]


def run_once(argv: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB and exit code of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if process.stderr is not None:
        process.stderr.close()
    # Linux reports ru_maxrss in KiB.
    return elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def time_in_process(load: Callable[[str], Any], text: str, repeat: int) -> float:
    """Best of `repeat` wall times of `load(text)`, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        load(text)
        best = min(best, time.perf_counter() - start)
    return best


def loader_timings(text: str, repeat: int) -> list[tuple[str, float]]:
    """The candidate YAML loaders on the same text."""
    c_loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return [
        ("ruamel.yaml round-trip (typ=rt)", time_in_process(YAML(typ="rt").load, text, 1)),
        (
            "PyYAML compose, CSafeLoader",
            time_in_process(lambda t: yaml.compose(t, Loader=c_loader), text, repeat),
        ),
        (
            "ktb load_text (libyaml events -> LMap/LSeq)",
            time_in_process(lambda t: load_text(t, "topology.yaml"), text, repeat),
        ),
    ]


def main() -> int:
    """Generate, measure, print the table; exit 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100)
    parser.add_argument("--topics-per-project", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    text = generate(args.projects, args.topics_per_project)
    workdir = Path(tempfile.mkdtemp(prefix="ktb-bench-"))
    try:
        (workdir / "topology.yaml").write_text(text, encoding="utf-8")
        argv = [*ktb_command(), "validate", "topology.yaml"]
        runs = [run_once(argv, workdir) for _ in range(args.runs)]
    finally:
        shutil.rmtree(workdir)

    codes = {code for *_, code in runs}
    seconds = statistics.median(t for t, _, _ in runs)
    peak = max(mb for _, mb, _ in runs)
    topics = args.projects * args.topics_per_project
    print(f"topology: {topics} topics in {args.projects} projects, {len(text) / 1e6:.2f} MB")
    print(f"ktb validate, {args.runs} runs (exit codes {sorted(codes)}):")
    print(f"  {'measure':<12}{'value':>12}{'target':>12}  ok")
    print(
        f"  {'wall (med)':<12}{seconds:>11.2f}s{TARGET_SECONDS:>11.1f}s  "
        f"{'yes' if seconds < TARGET_SECONDS else 'NO'}"
    )
    print(
        f"  {'peak RSS':<12}{peak:>10.0f}MB{TARGET_MB:>10.0f}MB  "
        f"{'yes' if peak < TARGET_MB else 'NO'}"
    )
    print("loaders on the same text (in process, best run):")
    for name, loader_seconds in loader_timings(text, 3):
        print(f"  {name:<45}{loader_seconds:>7.2f}s")
    met = seconds < TARGET_SECONDS and peak < TARGET_MB and codes == {0}
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
