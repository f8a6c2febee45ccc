"""`ktb export` of N topics with 3 bindings each: time, peak RSS and admin requests.

    make bench     # on the bench broker (3 GB heap), started and stopped by the target
    KTB_DEVKAFKA_STATE=/tmp/ktb-bench-exp KTB_DEVKAFKA_HEAP=3g scripts/kafka-local up
    KTB_DEVKAFKA_STATE=/tmp/ktb-bench-exp python bench/bench_export.py --topics 10000

The cluster is made by applying bench_plan_apply's topology (N topics, one consumer and
group each: 3N bindings) and left to settle; the export runs as `ktb export` in a child
process, three times (the median is reported), so that its peak RSS is its own, then once
more in this process to count its admin requests. The topics and bindings are removed
afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench_plan_apply import (
    STATE,
    TIMEOUT_S,
    client_config,
    delete_all,
    settle_after_apply,
    topology_yaml,
)

from ktb_action import planning
from ktb_action.export.layout import TopicFilter
from ktb_action.export.request import ExportRequest
from ktb_action.export.run import run_export
from ktb_action.kafka.admin import connect
from ktb_action.kafka.read import KafkaReader
from ktb_action.kafka.write import KafkaWriter
from ktb_action.kinds.exporters import EXPORTERS
from ktb_action.pipeline import load_topologies
from ktb_action.servers import Servers

RUNS = 3
"""Exports timed; the median is reported (a single run right after the apply varied by 20 %)."""


def bench(topics: int) -> None:
    """Apply N topics, export them, print the figures (before the slow clean-up)."""
    config = client_config()
    context = f"exp{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "topology.yaml").write_text(topology_yaml(context, topics))
        session = connect(config, timeout=TIMEOUT_S)
        loaded = load_topologies([root / "topology.yaml"], root, None)
        plan = planning.make_plan(loaded, Servers(KafkaReader(session)))
        try:
            planning.apply(plan, Servers(KafkaReader(session), KafkaWriter(session)))
            time.sleep(settle_after_apply(topics))
            env = {**os.environ, "KTB_CLIENT_CONFIG": str(STATE / "admin.properties"), "CI": "true"}
            runs = []
            for run in range(RUNS):
                started = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-c", "from ktb_action.cli import main; main()", "export",
                     "--out", str(root / f"out{run}"), "--include", f"{context}.*"],
                    check=True, capture_output=True, env=env,
                )  # fmt: skip
                runs.append(time.perf_counter() - started)
            seconds = statistics.median(runs)
            peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            counting = connect(config, timeout=TIMEOUT_S)
            request = ExportRequest(root / "again", "bench", topics=TopicFilter((f"{context}.*",)))
            result = run_export(request, EXPORTERS, Servers(KafkaReader(counting)), lambda _: None)
            report = {
                "topics": result.topics,
                "bindings": 3 * topics,
                "roles": result.grants.roles,
                "export_s": round(seconds, 2),
                "peak_rss_mb": round(peak_mb),
                "requests": dict(counting.admin.requests),
            }
            print(json.dumps(report), flush=True)
        finally:
            delete_all(config, context)


def main() -> None:
    """Run the bench for each `--topics` size and print one JSON line per size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--topics", type=int, nargs="+", default=[10_000])
    for size in parser.parse_args().topics:
        bench(size)


if __name__ == "__main__":
    main()
