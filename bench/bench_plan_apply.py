"""Plan and apply N topics with 3 ACLs each against the local broker; times, peak RSS, requests.

    KTB_KAFKA_STATE=/tmp/ktb-bench scripts/kafka-local up
    KTB_KAFKA_STATE=/tmp/ktb-bench python bench/bench_plan_apply.py --topics 1000 10000

For each N, in a fresh context:
1. apply: `ktb apply`'s work (files -> plan -> apply) creating the N topics and 3N bindings;
2. plan: `ktb plan`'s work on the applied topology (must be empty), in a child process so
   that its peak RSS is its own;
3. after deleting those and letting the broker settle, bare: batched `create_topics` of N
   topics from a plain confluent-kafka script (the baseline), timed until acknowledged and
   until usable (in the metadata without error); then deleted.
A deletion keeps the broker busy removing log directories after it is acknowledged, which
would slow whatever runs next, hence the pauses.
Topics have 1 partition, replication 1, to keep the dev broker's work small.
bench/gen_topology.py writes replication 3 and several partitions, which a single dev broker
cannot host at this scale, so the topology is generated here.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from confluent_kafka.admin import AclBindingFilter, AdminClient, NewTopic

from ktb_action.apply import Outcome, apply_plan
from ktb_action.kafka.admin import AdminSession, connect
from ktb_action.kafka.config import ClientConfig, parse_properties, translate_properties
from ktb_action.kafka.read import ANY_ACL, KafkaReader
from ktb_action.kafka.write import MAX_RECORDS_PER_REQUEST, KafkaWriter
from ktb_action.plan.make import compare, load_topologies

# A 10,000-topic run can exhaust the dev broker's 512 MB heap: run it on a broker of its own,
# `KTB_KAFKA_STATE=/tmp/ktb-bench scripts/kafka-local up`, not on the one tests share.
STATE = Path(os.environ.get("KTB_KAFKA_STATE", Path.home() / ".cache" / "ktb-action" / "broker"))
TIMEOUT_S = 600.0
TOPICS_PER_PROJECT = 100


def settle_after_delete(topics: int) -> float:
    """Seconds to let the broker remove deleted topics' logs (it goes on after acknowledging)."""
    return max(10.0, topics / 250)


def client_config() -> ClientConfig:
    """The dev broker's admin client (written by `scripts/kafka-local up`)."""
    path = STATE / "admin.properties"
    return ClientConfig(translate_properties(parse_properties(path.read_text()), str(path)))


def topology_yaml(context: str, topics: int) -> str:
    """`topics` topics in projects of 100, each read by its own consumer in its own group:
    3 bindings per topic (TOPIC DESCRIBE, TOPIC READ, GROUP READ)."""
    lines = [f'context: "{context}"', "projects:"]
    for start in range(0, topics, TOPICS_PER_PROJECT):
        lines += [f'  - name: "p{start // TOPICS_PER_PROJECT:03d}"', "    topics:"]
        for i in range(start, min(start + TOPICS_PER_PROJECT, topics)):
            lines += [
                f'      - name: "t{i:05d}"',
                "        config:",
                '          num.partitions: "1"',
                '          replication.factor: "1"',
                '          retention.ms: "86400000"',
                "        consumers:",
                f'          - principal: "User:{context}-c{i:05d}"',
                f'            group: "{context}-g{i:05d}"',
            ]
    return "\n".join(lines) + "\n"


def peak_rss_mb() -> float:
    """This process's peak resident memory (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bare_create(config: ClientConfig, names: list[str]) -> tuple[float, float, float, int]:
    """The baseline: seconds for batched create_topics of `names` (the same topics as ktb's:
    one config each) until all futures are done, until all are usable, until the broker is
    through with them, and the number of requests. One request when KRaft's limit of records per
    operation allows it, else the fewest requests under it, sent one after the other."""
    admin = AdminClient(dict(config.as_dict()))
    new = [
        NewTopic(n, num_partitions=1, replication_factor=1, config={"retention.ms": "86400000"})
        for n in names
    ]
    per_request = MAX_RECORDS_PER_REQUEST // 3
    chunks = [new[i : i + per_request] for i in range(0, len(new), per_request)]
    started = time.perf_counter()
    for chunk in chunks:
        futures = admin.create_topics(chunk, operation_timeout=TIMEOUT_S, request_timeout=TIMEOUT_S)
        for future in futures.values():
            future.result()
    acknowledged = time.perf_counter() - started
    while not usable(admin, set(names)):
        time.sleep(0.05)
    usable_s = time.perf_counter() - started
    # The broker publishes the topics before it has created their logs; a topic created next
    # becomes usable only once that work is done. It marks when the broker is through.
    sentinel = f"{names[0]}-sentinel"
    admin.create_topics([NewTopic(sentinel, num_partitions=1, replication_factor=1)])[
        sentinel
    ].result()
    while not usable(admin, {sentinel}):
        time.sleep(0.05)
    return acknowledged, usable_s, time.perf_counter() - started, len(chunks)


def usable(admin: AdminClient, names: set[str]) -> bool:
    """All `names` are in the broker's metadata without an error (leaders elected): what
    ktb's apply waits for before it reports a topic created."""
    topics = admin.list_topics(timeout=TIMEOUT_S).topics
    return all(name in topics and topics[name].error is None for name in names)


def delete_all(config: ClientConfig, context: str) -> None:
    """Remove the run's topics and bindings (plain admin calls: not what is measured)."""
    admin = AdminClient(dict(config.as_dict()))
    names = [n for n in admin.list_topics(timeout=60).topics if n.startswith(context)]
    for chunk in range(0, len(names), 1000):
        futures = admin.delete_topics(names[chunk : chunk + 1000], operation_timeout=120)
        for future in futures.values():
            future.result()
    found = admin.describe_acls(ANY_ACL, request_timeout=120).result()
    ours = [
        AclBindingFilter(
            b.restype,
            b.name,
            b.resource_pattern_type,
            b.principal,
            b.host,
            b.operation,
            b.permission_type,
        )
        for b in found
        if b.principal.startswith(f"User:{context}")
    ]
    for chunk in range(0, len(ours), 1000):
        for future in admin.delete_acls(ours[chunk : chunk + 1000], request_timeout=120).values():
            future.result()


def timed_plan(root: Path, session: AdminSession) -> dict[str, Any]:
    """ktb plan's work on `root`: load files, read the cluster, diff; with a breakdown."""
    started = time.perf_counter()
    loaded = load_topologies([root / "topology"], root, None)
    loaded_at = time.perf_counter()
    comparison = compare(loaded.reading.topologies, loaded.settings, KafkaReader(session))
    read_at = time.perf_counter()
    plan = comparison.plan()
    done = time.perf_counter()
    return {
        "plan": plan,
        "load_s": loaded_at - started,
        "read_and_compile_s": read_at - loaded_at,
        "diff_s": done - read_at,
        "total_s": done - started,
    }


def measure_plan(root: Path) -> None:
    """Child process: plan the applied topology, print JSON (time, RSS, requests, changes)."""
    session = connect(client_config(), timeout=TIMEOUT_S)
    result = timed_plan(root, session)
    plan = result.pop("plan")
    result |= {
        "changes": len(plan.changes),
        "requests": dict(session.admin.requests),
        "peak_rss_mb": peak_rss_mb(),
    }
    print(json.dumps(result))


class TimedWriter:
    """Wraps a `ClusterWriter`, recording the seconds of each phase (request + visibility)."""

    def __init__(self, writer: KafkaWriter) -> None:
        self.writer = writer
        self.seconds: dict[str, float] = {}

    def __getattr__(self, method: str) -> Any:
        call = getattr(self.writer, method)

        def timed(*args: Any) -> Any:
            started = time.perf_counter()
            try:
                return call(*args)
            finally:
                self.seconds[method] = time.perf_counter() - started

        return timed


def run(topics: int) -> dict[str, Any]:
    config = client_config()
    context = f"bench{uuid.uuid4().hex[:8]}"
    report: dict[str, Any] = {"topics": topics, "context": context}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "topology").mkdir()
        (root / "topology" / "bench.yaml").write_text(topology_yaml(context, topics))
        try:
            session = connect(config, timeout=TIMEOUT_S)
            planned = timed_plan(root, session)
            plan = planned.pop("plan")
            started = time.perf_counter()
            writer = TimedWriter(KafkaWriter(session))
            outcome = apply_plan(plan, writer)  # type: ignore[arg-type]
            report["apply"] = {
                "phases_s": writer.seconds,
                "plan_s": planned["total_s"],
                "apply_s": time.perf_counter() - started,
                "changes": len(plan.changes),
                "failed": outcome.count(Outcome.FAILED) + outcome.count(Outcome.NOT_ATTEMPTED),
                "requests": dict(session.admin.requests),
            }
            child = subprocess.run(
                [sys.executable, __file__, "--measure-plan", str(root)],
                check=True,
                capture_output=True,
                text=True,
            )
            report["plan_applied"] = json.loads(child.stdout.splitlines()[-1])
            # One run's topics at a time: the dev broker's heap holds about 10,000.
            delete_all(config, context)
            time.sleep(settle_after_delete(topics))
            bare = [f"{context}-bare.t{i:05d}" for i in range(topics)]
            acknowledged, visible, drained, requests = bare_create(config, bare)
            report["bare_create_topics"] = {
                "acknowledged_s": acknowledged,
                "usable_s": visible,
                "drained_s": drained,
                "requests": requests,
            }
            ours = report["apply"]["phases_s"]["create_topics"]
            report["create_topics_ratio"] = {
                "vs_acknowledged": ours / acknowledged,
                "vs_usable": ours / visible,
                "vs_drained": ours / drained,
            }

        finally:
            delete_all(config, context)
            # Let the broker finish removing log directories before the next size runs.
            time.sleep(settle_after_delete(topics))
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=int, nargs="+", default=[1000])
    parser.add_argument("--measure-plan", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_plan:
        measure_plan(args.measure_plan)
        return
    for topics in args.topics:
        print(json.dumps(run(topics), indent=2), flush=True)


if __name__ == "__main__":
    main()
