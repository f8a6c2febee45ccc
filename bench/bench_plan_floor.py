"""`ktb plan` of N applied topics (3 ACLs each) against the bare reads it needs (bench/floor.py).

    KTB_DEVKAFKA_STATE=/tmp/ktb-bench KTB_DEVKAFKA_HEAP=3g scripts/kafka-local up
    KTB_DEVKAFKA_STATE=/tmp/ktb-bench python bench/bench_plan_floor.py --topics 1000 10000

For each N: apply bench_plan_apply's topology (N topics, one consumer and group each: 3N
bindings) and let the broker settle, then run `ktb plan --detailed-exitcode` (which must find
no change) and the floor script alternately, each as a whole process, after one uncounted
pair, and print the median of the pairs' ratios (target: 1.3) and ktb's peak RSS (target:
300 MB at 10,000 topics). Both use the same client config and name the same topics and
principals.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from bench_plan_apply import (
    STATE,
    TIMEOUT_S,
    client_config,
    delete_all,
    settle_after_apply,
    settle_after_delete,
    topology_yaml,
)
from paired import alternate

from ktb_action import planning
from ktb_action.kafka.admin import connect
from ktb_action.kafka.read import KafkaReader
from ktb_action.kafka.write import KafkaWriter
from ktb_action.pipeline import load_topologies
from ktb_action.servers import Servers

TARGET_RATIO = 1.3
TARGET_MB = 300.0
FLOOR = Path(__file__).with_name("floor.py")


def ktb_plan() -> list[str]:
    """`ktb plan` as a user runs it: the installed script next to this interpreter."""
    return [str(Path(sys.executable).with_name("ktb")), "plan", "--detailed-exitcode", "topology"]


def apply_topology(root: Path, context: str, topics: int) -> None:
    """Make the cluster hold the bench topology (not measured)."""
    (root / "topology").mkdir()
    (root / "topology" / "bench.yaml").write_text(topology_yaml(context, topics))
    session = connect(client_config(), timeout=TIMEOUT_S)
    loaded = load_topologies([root / "topology"], root, None)
    plan = planning.make_plan(loaded, Servers(KafkaReader(session)))
    planning.apply(plan, Servers(KafkaReader(session), KafkaWriter(session)))


def bench(topics: int, pairs: int) -> dict[str, Any]:
    """Apply, run the pairs, clean up; the figures."""
    context = f"floor{uuid.uuid4().hex[:8]}"
    config = str(STATE / "admin.properties")
    floor = [sys.executable, str(FLOOR), "--client-config", config, "--prefix", f"{context}.",
             "--principal-prefix", f"User:{context}-"]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        try:
            apply_topology(root, context, topics)
            # The broker goes on creating the new topics' logs after acknowledging them: on
            # this 2-core machine that work would slow whichever side runs meanwhile.
            time.sleep(settle_after_apply(topics))
            env = {**os.environ, "KTB_CLIENT_CONFIG": config, "CI": "true"}
            result = alternate(pairs, ktb_plan(), floor, cwd=root, env=env)
        finally:
            delete_all(client_config(), context)
            time.sleep(settle_after_delete(topics))
    floor_said = json.loads(result.reference[-1].stdout.splitlines()[-1])
    if floor_said["topics"] != topics or floor_said["bindings"] != 3 * topics:
        raise SystemExit(f"the floor did not read the applied topology: {floor_said}")
    return {"topics": topics, "pairs": pairs, **result.summary(), "floor": floor_said,
            "ratios": [round(r, 2) for r in result.ratios]}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--pairs", type=int, default=9)
    args = parser.parse_args()
    met = True
    lines = [
        "| applied topics | ktb plan (s) | floor (s) | ratio (median of pairs) | ktb peak (MB) |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for topics in args.topics:
        report = bench(topics, args.pairs)
        print(json.dumps(report), flush=True)
        met = met and report["ratio"] <= TARGET_RATIO and report["ktb_peak_mb"] < TARGET_MB
        lines.append(f"| {topics:,} | {report['ktb_s']:.2f} | {report['reference_s']:.2f} "
                     f"| {report['ratio']:.2f} | {report['ktb_peak_mb']:.0f} |")  # fmt: skip
    print("\n".join(lines))
    print(f"targets: ratio <= {TARGET_RATIO}, ktb peak RSS < {TARGET_MB:.0f} MB")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
