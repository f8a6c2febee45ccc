"""Plan N connectors of which C changed, against the local Kafka Connect worker: the requests
the plan makes of Connect, by endpoint, and its time. Reading must take one request whatever
N (`GET /connectors?expand=info&expand=status`) plus one config-types request per connector
class; only the changed connectors get a validation request.

    KTB_DEVKAFKA_STATE=/tmp/ktb-bench scripts/kafka-local up --with connect
    KTB_DEVKAFKA_STATE=/tmp/ktb-bench python bench/bench_connectors.py --connectors 200

The connectors are made directly through Connect's REST API (not by ktb), stopped
(`initial_state`, Kafka 3.7+: no task runs, so 200 cost the worker little), and deleted at
the end. Exits 1 when the counts are not the constant ones.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ktb_action.connect.client import ConnectPort
from ktb_action.core.planner import compare
from ktb_action.kafka.admin import connect
from ktb_action.kafka.config import ClientConfig, parse_properties, translate_properties
from ktb_action.kafka.read import KafkaReader
from ktb_action.kinds.registry import KINDS
from ktb_action.pipeline import load_topologies
from ktb_action.servers import Servers

STATE = Path(os.environ.get("KTB_DEVKAFKA_STATE", Path.home() / ".cache" / "ktb-action" / "broker"))
FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector"


class CountingPort(ConnectPort):
    """The real port, counting the requests it sends by method and path (names elided)."""

    requests: Counter[str]

    def _call(self, method: str, path: str, what: str, body: object = None) -> Any:
        shape = re.sub(r"/connectors/[^/?]+", "/connectors/{name}", path)
        shape = re.sub(r"/connector-plugins/[^/]+", "/connector-plugins/{class}", shape)
        self.requests[f"{method} {shape}"] += 1
        return super()._call(method, path, what, body)


def broker() -> tuple[ClientConfig, str]:
    """The dev broker's admin client and its Connect worker's URL."""
    info = json.loads((STATE / "broker.json").read_text())
    if not info.get("connect_url"):
        raise SystemExit("no Connect worker: run `scripts/kafka-local up --with connect` first")
    path = STATE / "admin.properties"
    config = ClientConfig(translate_properties(parse_properties(path.read_text()), str(path)))
    return config, str(info["connect_url"])


def config_of(context: str, index: int, changed: bool) -> dict[str, str]:
    """Connector `index`'s config; a changed one reads another file."""
    return {
        "connector.class": FILE_SOURCE,
        "tasks.max": "1",
        "file": f"/tmp/{context}-{index}{'-new' if changed else ''}.txt",
        "topic": f"{context}.p.lines",
    }


def write_repository(root: Path, context: str, url: str, count: int, changed: int) -> None:
    """One topology declaring the `count` connectors, stopped; the first `changed` differ."""
    (root / "connectors").mkdir()
    artefacts = []
    for index in range(count):
        body = {
            "name": f"{context}.c{index:04d}",
            "state": "stopped",
            "config": config_of(context, index, index < changed),
        }
        (root / "connectors" / f"c{index:04d}.json").write_text(json.dumps(body))
        artefacts.append(f'        - path: "connectors/c{index:04d}.json"\n          server: "b"\n')
    (root / "topology.yaml").write_text(
        f'context: "{context}"\nprojects:\n  - name: "p"\n    topics: []\n'
        f"    connectors:\n      artefacts:\n{''.join(artefacts)}"
    )
    (root / "ktb.yaml").write_text(f'connect:\n  clusters: ["b:{url}"]\n')


def plan(root: Path, config: ClientConfig) -> dict[str, Any]:
    """`ktb plan`'s work on `root`, through a counting Connect port."""
    ports: list[CountingPort] = []

    def opened(label: str, url: str) -> ConnectPort:
        port = CountingPort(label, url, {})
        port.requests = Counter()
        ports.append(port)
        return port

    servers = Servers(KafkaReader(connect(config, timeout=60.0)), open_connect=opened)
    started = time.perf_counter()
    loaded = load_topologies([root / "topology.yaml"], root, None)
    made = compare(loaded.reading.topologies, loaded.settings, servers, KINDS).plan()
    seconds = time.perf_counter() - started
    servers.close()
    return {
        "plan_s": seconds,
        "connector_changes": sum(c.kind == "connector" for c in made.changes),
        "connect_requests": dict(ports[0].requests),
    }


def main() -> int:
    """Make N stopped connectors, plan with C changed, delete them; print JSON figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connectors", type=int, default=200)
    parser.add_argument("--changed", type=int, default=10)
    args = parser.parse_args()
    config, url = broker()
    context = f"benchc{uuid.uuid4().hex[:6]}"
    names = [f"{context}.c{index:04d}" for index in range(args.connectors)]
    try:
        for index, name in enumerate(names):
            made = requests.post(
                f"{url}/connectors",
                json={
                    "name": name,
                    "config": config_of(context, index, False),
                    "initial_state": "STOPPED",
                },
                timeout=60,
            )
            made.raise_for_status()
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            write_repository(root, context, url, args.connectors, 0)
            unchanged = plan(root, config)
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            write_repository(root, context, url, args.connectors, args.changed)
            changed = plan(root, config)
    finally:
        for name in names:
            requests.delete(f"{url}/connectors/{name}", timeout=60)
    figures = {"connectors": args.connectors, "unchanged": unchanged, "changed": changed}
    print(json.dumps(figures, indent=2))
    reads = {
        "GET /connectors?expand=info&expand=status": 1,
        "GET /connector-plugins/{class}/config": 1,
    }
    validations = {"PUT /connector-plugins/{class}/config/validate": args.changed}
    expected = (
        unchanged["connect_requests"] == reads
        and unchanged["connector_changes"] == 0
        and changed["connect_requests"] == reads | validations
        and changed["connector_changes"] == args.changed
    )
    if not expected:
        print("not the constant number of Connect requests, or wrong changes", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
