"""A plan of N applied topics with the ownership state on and off, side by side.

    KTB_DEVKAFKA_STATE=/tmp/ktb-bench-state KTB_DEVKAFKA_HEAP=3g scripts/kafka-local up
    KTB_DEVKAFKA_STATE=/tmp/ktb-bench-state python bench/bench_state.py --topics 10000

N topics with 3 bindings each (bench_plan_apply's topology) are applied once with the state
in a topic, so that it owns all of them; then `ktb plan`'s work (files -> plan, which must be
empty) runs with the state off and on, alternately, `--rounds` times: load from other
processes on the machine then falls on both alike, and each pair gives a ratio. The topics,
bindings and state topic are removed afterwards.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

from bench_plan_apply import TIMEOUT_S, client_config, delete_all, topology_yaml
from confluent_kafka.admin import AdminClient

from ktb_action import planning
from ktb_action.kafka.admin import AdminSession, connect
from ktb_action.kafka.config import ClientConfig
from ktb_action.kafka.read import KafkaReader
from ktb_action.kafka.state_topic import TopicStateStore
from ktb_action.kafka.write import KafkaWriter
from ktb_action.pipeline import Loaded, load_topologies
from ktb_action.servers import Servers
from ktb_action.state.session import StateStore


def servers_of(session: AdminSession, config: ClientConfig, *, write: bool = False) -> Servers:
    """The ports `ktb plan` (or `ktb apply`) opens, the state topic's included."""

    def open_state_topic(topic: str) -> StateStore:
        return TopicStateStore(session, dict(config.as_dict()), topic)

    return Servers(
        KafkaReader(session),
        KafkaWriter(session) if write else None,
        open_state_topic=open_state_topic,
    )


def load(root: Path, state_topic: str | None) -> Loaded:
    """The topology, with the state in `state_topic` (None: no state)."""
    loaded = load_topologies([root / "topology.yaml"], root, None)
    return replace(loaded, settings=replace(loaded.settings, state_topic=state_topic))


def plan_seconds(root: Path, config: ClientConfig, state_topic: str | None) -> float:
    """Seconds of `ktb plan`'s work on the applied topology, from reading the files on."""
    session = connect(config, timeout=TIMEOUT_S)
    started = time.perf_counter()
    plan = planning.make_plan(load(root, state_topic), servers_of(session, config))
    seconds = time.perf_counter() - started
    if plan.changes:
        raise SystemExit(f"the plan after apply is not empty: {len(plan.changes)} changes")
    return seconds


def bench(topics: int, rounds: int) -> None:
    """Apply once with the state on, then alternate plans off/on; print the table."""
    config = client_config()
    context, state_topic = f"st{uuid.uuid4().hex[:8]}", f"_ktb_state_bench_{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "topology.yaml").write_text(topology_yaml(context, topics))
        try:
            session = connect(config, timeout=TIMEOUT_S)
            servers = servers_of(session, config, write=True)
            report = planning.apply(planning.make_plan(load(root, state_topic), servers), servers)
            if not report.ok:
                raise SystemExit("the apply failed")
            pairs = [
                (plan_seconds(root, config, None), plan_seconds(root, config, state_topic))
                for _ in range(rounds)
            ]
        finally:
            delete_all(config, context)
            AdminClient(dict(config.as_dict())).delete_topics([state_topic])
    print("\n| round | state off (s) | state on (s) | on / off |\n| ---: | ---: | ---: | ---: |")
    for index, (off, on) in enumerate(pairs, 1):
        print(f"| {index} | {off:.2f} | {on:.2f} | {on / off:.3f} |")
    ratio = statistics.median(on / off for off, on in pairs)
    print(f"\n{topics:,} topics, {3 * topics:,} bindings: median ratio on / off {ratio:.3f}")


def main() -> None:
    """Parse the arguments and run the bench."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=5)
    arguments = parser.parse_args()
    bench(arguments.topics, arguments.rounds)


if __name__ == "__main__":
    main()
