"""Apply, then plan, N client quotas (one per user) against the local broker: the requests
each makes of the quota API and of the admin API, and their times. A plan must read the
quotas in one request whatever N; an apply must alter them in one (its other reads are the
plan's and the tries of its wait until reads show the alterations).

    KTB_DEVKAFKA_STATE=/tmp/ktb-bench python bench/bench_quotas.py --quotas 1000

Quotas are read and written through the second Kafka client (kafka-python: confluent-kafka
has no client-quota API), whose `requests` count what it sent. The quotas are removed at
the end through the same port. Exits 1 when a count is not the constant one.
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ktb_action import planning
from ktb_action.core.applier import Outcome
from ktb_action.core.planner import compare
from ktb_action.kafka.admin import connect
from ktb_action.kafka.config import ClientConfig, parse_properties, translate_properties
from ktb_action.kafka.quotas import KafkaQuotas, open_quotas
from ktb_action.kafka.read import KafkaReader
from ktb_action.kafka.write import KafkaWriter
from ktb_action.kinds.registry import KINDS
from ktb_action.pipeline import load_topologies
from ktb_action.servers import Servers

STATE = Path(os.environ.get("KTB_DEVKAFKA_STATE", Path.home() / ".cache" / "ktb-action" / "broker"))
TIMEOUT_S = 300.0
READS = {"DescribeClientQuotas": 1}
"""What a plan may ask of the quota API, whatever the number of quotas."""


def client_config() -> ClientConfig:
    """The dev broker's admin client (written by `scripts/kafka-local up`)."""
    path = STATE / "admin.properties"
    return ClientConfig(translate_properties(parse_properties(path.read_text()), str(path)))


def topology_yaml(context: str, quotas: int) -> str:
    """One project and `quotas` users' byte rates."""
    lines = [f'context: "{context}"', "projects:", '  - name: "p"', "    topics: []"]
    lines += ["platform:", "  kafka:", "    quotas:"]
    for i in range(quotas):
        lines += [
            f'      - principal: "User:{context}-u{i:05d}"',
            f"        producer_byte_rate: {1_048_576 + i}",
        ]
    return "\n".join(lines) + "\n"


def remove(context: str) -> None:
    """Remove the quotas of this run's users."""
    with open_quotas(client_config(), timeout=TIMEOUT_S) as port:
        ours = [e for e in port.read() if any(str(n).startswith(context) for _, n in e.parts)]
        port.alter([(entity, {"producer_byte_rate": None}) for entity in ours])


def run(root: Path, *, apply: bool) -> dict[str, Any]:
    """Plan the files under `root` (and apply the plan when `apply`): time, changes and the
    requests sent to each API."""
    config = client_config()
    session = connect(config, timeout=TIMEOUT_S)
    quotas: list[KafkaQuotas] = []

    def opened() -> KafkaQuotas:
        quotas.append(open_quotas(config, timeout=TIMEOUT_S))
        return quotas[0]

    writer = KafkaWriter(session) if apply else None
    servers = Servers(KafkaReader(session), writer, open_quotas=opened)
    started = time.perf_counter()
    loaded = load_topologies([root], root, None)
    plan = compare(loaded.reading.topologies, loaded.settings, servers, KINDS).plan()
    planned = time.perf_counter()
    report = planning.apply(plan, servers) if apply else None
    done = time.perf_counter()
    servers.close()
    return {
        "plan_s": planned - started,
        "apply_s": done - planned if apply else None,
        "changes": len(plan.changes),
        "failed": None
        if report is None
        else sum(r.outcome is not Outcome.SUCCEEDED for r in report.results),
        "quota_requests": dict(quotas[0].requests) if quotas else {},
        "admin_requests": dict(session.admin.requests),
    }


def main() -> int:
    """Apply N quotas, plan them again, remove them; print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotas", type=int, default=1_000)
    count = parser.parse_args().quotas
    context = f"benchq{uuid.uuid4().hex[:6]}"
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "topology.yaml").write_text(topology_yaml(context, count))
        try:
            applied = run(root, apply=True)
            planned = run(root, apply=False)
        finally:
            remove(context)
    print(json.dumps({"quotas": count, "apply": applied, "plan": planned}, indent=2))
    constant = (
        planned["quota_requests"] == READS
        and planned["changes"] == 0
        and applied["changes"] == count
        and applied["failed"] == 0
        and applied["quota_requests"].get("AlterClientQuotas") == 1
    )
    if not constant:
        print("not a constant number of quota requests, or not converged", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
