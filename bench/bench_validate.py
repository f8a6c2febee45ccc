"""Benchmark `ktb validate` on a 10,000-topic topology, against the targets (< 2 s, < 250 MB).

Not a test: run `python bench/bench_validate.py`. It generates the topology (100 projects of
100 topics, about 1.7 MB) into a temporary directory, times `ktb validate` as a whole process
(wall time and peak RSS of the child), and times the YAML loaders on the same text for the
README's loader-choice paragraph. Then, side by side (bench/paired.py: alternating whole
processes, median of the pairs' ratios): `ktb validate` of that file against a bare libyaml
compose of it (target: 1.5 times), and `ktb validate` of a one-project file as pre-commit runs it
(target: under 0.2 s).
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
from paired import alternate, run_child
from ruamel.yaml import YAML

from ktb_action.topology.load import load_text

TARGET_SECONDS = 2.0
TARGET_MB = 250.0
TARGET_COMPOSE_RATIO = 1.5
TARGET_SMALL_SECONDS = 0.2
COMPOSE = (
    "import sys, yaml\n"
    "with open(sys.argv[1], encoding='utf-8') as f:\n"
    "    yaml.compose(f.read(), Loader=yaml.CSafeLoader)\n"
)
"""The floor of validating: libyaml composing the file, in a process of its own."""
SMALL = (
    'context: "acme"\nprojects:\n  - name: "shop"\n    topics:\n      - name: "orders"\n'
    '        config:\n          retention.ms: "86400000"\n'
    '    consumers:\n      - principal: "User:app"\n'
)
"""A one-project file, as a team's repository holds."""


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


CASES = (
    ("valid", 0),
    ("one typo", 1),
)
"""Each file measured and the exit code `ktb validate` must give for it."""


def with_one_typo(text: str) -> str:
    """The topology with one misspelt key in the middle (the usual pull request)."""
    middle = text.index("      - name:", len(text) // 2)
    return text[:middle] + "      - nmae:" + text[middle + len("      - name:") :]


def measure(text: str, runs: int) -> tuple[float, float, set[int]]:
    """Median wall seconds, peak RSS (MB) and exit codes of `ktb validate` on `text`."""
    workdir = Path(tempfile.mkdtemp(prefix="ktb-bench-"))
    try:
        (workdir / "topology.yaml").write_text(text, encoding="utf-8")
        argv = [*ktb_command(), "validate", "topology.yaml"]
        results = [run_once(argv, workdir) for _ in range(runs)]
    finally:
        shutil.rmtree(workdir)
    seconds = statistics.median(t for t, _, _ in results)
    return seconds, max(mb for _, mb, _ in results), {code for *_, code in results}


def main() -> int:
    """Generate, measure, print the table; exit 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100)
    parser.add_argument("--topics-per-project", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    text = generate(args.projects, args.topics_per_project)
    topics = args.projects * args.topics_per_project
    print(f"topology: {topics} topics in {args.projects} projects, {len(text) / 1e6:.2f} MB")
    print(f"ktb validate, median of {args.runs} runs; targets {TARGET_SECONDS} s, {TARGET_MB} MB")
    print(f"  {'file':<10}{'wall':>8}{'peak RSS':>11}{'exit':>6}  ok")
    met = True
    for (case, expected_code), variant in zip(CASES, (text, with_one_typo(text)), strict=True):
        seconds, peak, codes = measure(variant, args.runs)
        ok = seconds < TARGET_SECONDS and peak < TARGET_MB and codes == {expected_code}
        met = met and ok
        print(
            f"  {case:<10}{seconds:>7.2f}s{peak:>8.0f} MB{','.join(map(str, sorted(codes))):>6}"
            f"  {'yes' if ok else 'NO'}"
        )
    print("loaders on the same text (in process, best run):")
    for name, loader_seconds in loader_timings(text, 3):
        print(f"  {name:<45}{loader_seconds:>7.2f}s")
    return 0 if side_by_side(text, args.runs) and met else 1


def side_by_side(text: str, pairs: int) -> bool:
    """`ktb validate` against a bare compose of the same file, and of a one-project file
    (the first run of each warms the compiled-schema cache, as a user's first run does)."""
    workdir = Path(tempfile.mkdtemp(prefix="ktb-bench-"))
    try:
        (workdir / "topology.yaml").write_text(text, encoding="utf-8")
        (workdir / "small.yaml").write_text(SMALL, encoding="utf-8")
        ktb = [*ktb_command(), "validate"]
        run_child([*ktb, "small.yaml"], cwd=workdir)
        compose = [sys.executable, "-c", COMPOSE, "topology.yaml"]
        big = alternate(pairs, [*ktb, "topology.yaml"], compose, cwd=workdir).summary()
        small = statistics.median(
            run_child([*ktb, "small.yaml"], cwd=workdir).seconds for _ in range(pairs)
        )
    finally:
        shutil.rmtree(workdir)
    print(
        f"side by side: ktb validate {big['ktb_s']:.2f} s, libyaml compose "
        f"{big['reference_s']:.2f} s: ratio {big['ratio']:.2f} (target {TARGET_COMPOSE_RATIO})"
    )
    print(f"ktb validate of a one-project file: {small:.3f} s (target {TARGET_SMALL_SECONDS})")
    return big["ratio"] <= TARGET_COMPOSE_RATIO and small < TARGET_SMALL_SECONDS


if __name__ == "__main__":
    sys.exit(main())
