"""Plan and apply N topics with 3 ACLs each against a local broker; times, peak RSS, requests.

    make bench     # a private broker with a 3 GB heap, both benches, the broker stopped after
    KTB_DEVKAFKA_STATE=/tmp/ktb-bench python bench/bench_plan_apply.py --topics 1000 10000

For each N, in a fresh context:
1. apply: `ktb apply`'s work (files -> plan -> apply) creating the N topics and 3N bindings;
2. plan: `ktb plan`'s work on the applied topology (must be empty), in a child process so
   that its peak RSS is its own;
3. after deleting those and letting the broker settle, bare: `create_topics` of the same N
   topics (same names, same config) from a plain confluent-kafka script (the baseline: the
   broker's own limit), timed until acknowledged and until usable (in the metadata without
   error); then deleted.
The bare script sends as few requests as KRaft accepts (at most 10,000 metadata records per
operation; a topic with one partition and one config makes 3), all before awaiting the first,
as apply does. Apply's two ratios to it are explained under the table the bench prints.
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
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from confluent_kafka.admin import AclBindingFilter, AdminClient, NewTopic

from ktb_action import planning
from ktb_action.core.applier import Outcome
from ktb_action.core.plan import Verb
from ktb_action.core.planner import compare
from ktb_action.kafka.admin import AdminSession, connect
from ktb_action.kafka.cluster_reads import ANY_ACL, CONFIGS_PER_REQUEST
from ktb_action.kafka.config import ClientConfig, parse_properties, translate_properties
from ktb_action.kafka.read import KafkaReader
from ktb_action.kafka.write import MAX_RECORDS_PER_REQUEST, KafkaWriter
from ktb_action.kinds.registry import KINDS
from ktb_action.pipeline import load_topologies
from ktb_action.servers import Servers

# A 10,000-topic run can exhaust the dev broker's 512 MB heap: run it on a broker of its own,
# `KTB_DEVKAFKA_STATE=/tmp/ktb-bench scripts/kafka-local up`, not on the one tests share.
STATE = Path(os.environ.get("KTB_DEVKAFKA_STATE", Path.home() / ".cache" / "ktb-action" / "broker"))
TIMEOUT_S = 600.0
TOPICS_PER_PROJECT = 100


def settle_after_apply(topics: int) -> float:
    """Seconds to let the broker finish creating applied topics' logs (it goes on after
    acknowledging them)."""
    return max(5.0, topics / 500)


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


def bare_create(config: ClientConfig, names: list[str]) -> tuple[float, float, int]:
    """The baseline: seconds for `create_topics` of `names` (the same topics as ktb's: one
    config each) until all futures are done and until all are usable, and the number of
    requests: the fewest KRaft accepts, all sent before the first answer is awaited."""
    admin = AdminClient(dict(config.as_dict()))
    new = [
        NewTopic(n, num_partitions=1, replication_factor=1, config={"retention.ms": "86400000"})
        for n in names
    ]
    per_request = MAX_RECORDS_PER_REQUEST // 3
    chunks = [new[i : i + per_request] for i in range(0, len(new), per_request)]
    started = time.perf_counter()
    sent = [
        admin.create_topics(chunk, operation_timeout=TIMEOUT_S, request_timeout=TIMEOUT_S)
        for chunk in chunks
    ]
    for futures in sent:
        for future in futures.values():
            future.result()
    acknowledged = time.perf_counter() - started
    while not usable(admin, set(names)):
        time.sleep(0.05)
    return acknowledged, time.perf_counter() - started, len(chunks)


def warm_up(config: ClientConfig, topics: int = 500) -> None:
    """Create and delete `topics` throwaway topics, not measured. Apply runs before its bare
    baseline, and a broker just started creates its first topics about twice as slowly
    (its JIT still compiling): without this the first apply would pay for it alone."""
    context = f"warmup{uuid.uuid4().hex[:8]}"
    bare_create(config, [f"{context}.t{i:05d}" for i in range(topics)])
    delete_all(config, context)
    time.sleep(settle_after_delete(topics))


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
    servers = Servers(KafkaReader(session))
    comparison = compare(loaded.reading.topologies, loaded.settings, servers, KINDS)
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


class UsableWatcher:
    """Times, from another thread and with bare_create's own check, when apply's topics are
    all usable: apply itself goes on to create bindings and waits for those too."""

    def __init__(self, config: ClientConfig, names: set[str], started: float) -> None:
        self._admin = AdminClient(dict(config.as_dict()))
        self._names = names
        self._started = started
        self._seconds = 0.0
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not usable(self._admin, self._names):
            time.sleep(0.05)
        self._seconds = time.perf_counter() - self._started

    def seconds(self) -> float:
        """Seconds from `started` until every topic was usable (waits for that)."""
        self._thread.join()
        return self._seconds


class TimedWriter:
    """Wraps a `ClusterWriter`, adding up the seconds of each method (request + visibility):
    every kind that wrote asks the writer to wait, and only the first wait has work to do."""

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
                elapsed = time.perf_counter() - started
                self.seconds[method] = self.seconds.get(method, 0.0) + elapsed

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
            created = {c.name for c in plan.changes if c.kind == "topic" and c.verb is Verb.CREATE}
            started = time.perf_counter()
            watcher = UsableWatcher(config, created, started)
            writer = TimedWriter(KafkaWriter(session))
            outcome = planning.apply(plan, Servers(KafkaReader(session), writer))
            report["apply"] = {
                "phases_s": writer.seconds,
                "plan_s": planned["total_s"],
                "topics_usable_s": watcher.seconds(),
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
            # The very names apply created: the controller takes ten times longer for
            # `a.b.c` names than for `a-b.c` ones, so other names would not compare.
            acknowledged, visible, requests = bare_create(config, sorted(created))
            report["bare_create_topics"] = {
                "acknowledged_s": acknowledged,
                "usable_s": visible,
                "requests": requests,
            }
            report["apply_ratio"] = {
                "vs_acknowledged": report["apply"]["phases_s"]["create_topics"] / acknowledged,
                "vs_usable": report["apply"]["topics_usable_s"] / visible,
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
    warm_up(client_config())
    reports = []
    for topics in args.topics:
        reports.append(run(topics))
        print(json.dumps(reports[-1], indent=2), flush=True)
    print(summary(reports))


def summary(reports: list[dict[str, Any]]) -> str:
    """A table of the runs, and what its columns mean."""
    lines = [
        "",
        "| topics | plan (s) | plan peak RSS (MB) | plan requests | apply: topics acked (s) "
        "| bare: acked (s) | ratio vs acked | apply: topics usable (s) | bare: usable (s) "
        "| ratio vs usable | apply: all readable (s) |",
        "| ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in reports:
        plan, apply, bare = r["plan_applied"], r["apply"], r["bare_create_topics"]
        requests = ", ".join(f"{k} {v}" for k, v in plan["requests"].items())
        lines.append(
            f"| {r['topics']:,} | {plan['total_s']:.2f} | {plan['peak_rss_mb']:.0f} "
            f"| {requests} | {apply['phases_s']['create_topics']:.2f} "
            f"| {bare['acknowledged_s']:.2f} | {r['apply_ratio']['vs_acknowledged']:.2f} "
            f"| {apply['topics_usable_s']:.2f} | {bare['usable_s']:.2f} "
            f"| {r['apply_ratio']['vs_usable']:.2f} | {apply['apply_s']:.2f} |"
        )
    lines += [
        "",
        "ratio vs acked: apply's create_topics requests until the controller acknowledged "
        "them / the bare script's same requests until acknowledged (what the client adds).",
        "ratio vs usable: from the start of apply until all its topics are usable (listed "
        "without error) / the bare topics until all are usable, with the same check. A broker "
        "applies the metadata log in order and creates the logs of one batch of new topics "
        "before it applies the next: the broker's own limit, which both sides wait for.",
        "apply: all readable: the whole apply (3 bindings per topic, the topics, and one wait "
        "until reads show all of it, so that a plan right after is empty).",
        f"plan requests: describe_configs is sent once per {CONFIGS_PER_REQUEST:,} topics. "
        "confluent-kafka turns a whole response (every config of every topic, with its "
        "synonyms) into Python objects before the first future resolves, and cannot ask for "
        "less (the plan needs every key set on a topic, declared or not, to remove undeclared "
        "ones): a 10,000-topic plan peaked at 515 MB RSS in one request, 332 MB at 5,000 "
        "topics per request, 203 MB at 2,000 (target: 400 MB).",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
