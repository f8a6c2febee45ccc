"""Plan N Schema Registry subjects of which C changed: the requests the plan makes of the
registry, by operation, and its time. Reading must take a constant number of list requests;
only the changed subjects get a lookup and a compatibility check, and only the subjects that
declare a level a level request (the API has no list form of subject levels: see
docs/schema-registry.md).

    python bench/bench_subjects.py --subjects 1000 --changed 10 --levels 5

The registry is the local stand-in of the tests (`tests/fakes/schema_registry.py`: every
request checked against Confluent's API description, Avro compatibility decided by Apache
Avro's checker), seeded directly with the N registered schemas; no Kafka is needed (only the
subjects kind is compared). tests/unit/test_bench_subjects.py asserts the request counts.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import cast

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ktb_action.core.planner import compare
from ktb_action.kafka.read import ClusterReader
from ktb_action.kinds.subjects.http import HttpRegistry, RegistryConnection
from ktb_action.kinds.subjects.kind import SUBJECTS
from ktb_action.pipeline import load_topologies
from ktb_action.servers import SecretSources, Servers
from tests.fakes.schema_registry import FakeSchemaRegistry, fake_schema_registry

CONTEXT = "bench"


def schema(index: int, changed: bool) -> dict[str, object]:
    """Subject `index`'s Avro schema; a changed one has a new field with a default."""
    fields: list[dict[str, object]] = [{"name": "id", "type": "string"}]
    if changed:
        fields.append({"name": "note", "type": "string", "default": ""})
    return {"type": "record", "name": f"Event{index}", "fields": fields}


def write_repository(root: Path, subjects: int, changed: int, levels: int = 0) -> None:
    """One topology of `subjects` topics, each with a value schema; the first `changed`
    schema files differ from what the registry has, the last `levels` declare a level."""
    (root / "schemas").mkdir()
    topics = []
    for index in range(subjects):
        text = json.dumps(schema(index, index < changed))
        (root / "schemas" / f"e{index}.avsc").write_text(text)
        level = "          value.compatibility: BACKWARD\n" if index >= subjects - levels else ""
        topics.append(
            f"      - name: t{index}\n        schemas:\n"
            f"          value.schema.file: schemas/e{index}.avsc\n{level}"
        )
    (root / "topology.yaml").write_text(
        f"context: {CONTEXT}\nprojects:\n  - name: p\n    topics:\n" + "".join(topics)
    )


def seed(registry: FakeSchemaRegistry, subjects: int) -> None:
    """Register every subject's unchanged schema through the registry's own API."""
    client = HttpRegistry(RegistryConnection(registry.url))
    for index in range(subjects):
        client.register(f"{CONTEXT}.p.t{index}-value", json.dumps(schema(index, False)), "AVRO")
    client.close()
    registry.requests.clear()


def measure(subjects: int, changed: int, levels: int = 0) -> tuple[Counter[str], float, int]:
    """Requests by operation id, plan seconds, and the number of changes planned."""
    registry = fake_schema_registry()
    try:
        seed(registry, subjects)
        with tempfile.TemporaryDirectory() as directory:
            root = Path(directory)
            write_repository(root, subjects, changed, levels)
            loaded = load_topologies([root / "topology.yaml"], root, None)
            servers = Servers(
                # Only subjects are compared: the Kafka port is never reached.
                cast(ClusterReader, None),
                secrets=SecretSources({}, root),
                open_registry=lambda: HttpRegistry(RegistryConnection(registry.url)),
            )
            start = time.perf_counter()
            plan = compare(loaded.reading.topologies, loaded.settings, servers, [SUBJECTS]).plan()
            elapsed = time.perf_counter() - start
            servers.close()
        assert registry.violations == [], registry.violations
        return Counter(r.operation_id for r in registry.requests), elapsed, len(plan.changes)
    finally:
        registry.stop()


def main() -> None:
    """Print the requests and the time of one plan."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subjects", type=int, default=1000)
    parser.add_argument("--changed", type=int, default=10)
    parser.add_argument("--levels", type=int, default=0, help="subjects that declare a level")
    args = parser.parse_args()
    requests, seconds, changes = measure(args.subjects, args.changed, args.levels)
    print(
        f"plan of {args.subjects} subjects, {args.changed} changed, {args.levels} with a "
        f"declared level: {changes} changes"
    )
    for operation, number in sorted(requests.items()):
        print(f"  {operation}: {number} request(s)")
    print(f"  time: {seconds:.2f} s (local stand-in registry, {sys.platform})")


if __name__ == "__main__":
    main()
