"""`ktb plan` of 1,000 applied topics against `topicctl check` of the same topics, side by side.

    KTB_DEVKAFKA_STATE=/tmp/ktb-bench KTB_DEVKAFKA_HEAP=3g scripts/kafka-local up
    KTB_DEVKAFKA_STATE=/tmp/ktb-bench python bench/bench_topicctl.py --topics 1000

topicctl (segmentio's Go tool, one request per topic) is built from its module, pinned at
v1.17.0, with this machine's Go and module proxy, into ~/.cache/ktb-action/topicctl; when
that cannot be done the bench says why and exits 0 (nothing to compare with). Both run as
whole processes against the broker's PLAINTEXT listener, alternating (bench/paired.py), on
topics ktb applied (1 partition, replication 1, one config each): `ktb plan` must find no
change and `topicctl check` must pass. topicctl reads no ACLs; ktb reads them as every plan
does. Target: ktb at most as slow (median ratio of the pairs <= 1.0).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
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
    settle_after_delete,
)
from paired import alternate

from ktb_action import planning
from ktb_action.kafka.admin import connect
from ktb_action.kafka.read import KafkaReader
from ktb_action.kafka.write import KafkaWriter
from ktb_action.pipeline import load_topologies
from ktb_action.servers import Servers

MODULE = "github.com/segmentio/topicctl"
VERSION = "v1.17.0"
CACHE = Path.home() / ".cache" / "ktb-action" / "topicctl"
TARGET_RATIO = 1.0
RETENTION_MINUTES = 1_440


def build_topicctl() -> Path | str:
    """The topicctl binary, built once; else why it cannot be had here."""
    binary = CACHE / f"topicctl-{VERSION}"
    if binary.exists():
        return binary
    go = shutil.which("go")
    if go is None:
        return "no Go toolchain on PATH"
    env = {**os.environ, "GOFLAGS": "-modcacherw"}
    fetched = subprocess.run(
        [go, "mod", "download", "-json", f"{MODULE}@{VERSION}"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    if fetched.returncode != 0:
        return f"`go mod download {MODULE}@{VERSION}` failed: {fetched.stderr.strip()[-300:]}"
    source = json.loads(fetched.stdout)["Dir"]
    CACHE.mkdir(parents=True, exist_ok=True)
    built = subprocess.run(
        [go, "build", "-o", str(binary), "./cmd/topicctl"],
        cwd=source, capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    if built.returncode != 0:
        return f"`go build` of topicctl failed: {built.stderr.strip()[-300:]}"
    return binary


def names(context: str, topics: int) -> list[str]:
    """The topics' full names: `context.p.tNNNNN`."""
    return [f"{context}.p.t{i:05d}" for i in range(topics)]


def write_ktb(root: Path, context: str, topics: int) -> None:
    """The topology for ktb: one project, the topics with their one config."""
    lines = [f'context: "{context}"', "projects:", '  - name: "p"', "    topics:"]
    for i in range(topics):
        lines += [
            f'      - name: "t{i:05d}"',
            "        config:",
            '          num.partitions: "1"',
            '          replication.factor: "1"',
            f'          retention.ms: "{RETENTION_MINUTES * 60_000}"',
        ]
    (root / "topology").mkdir()
    (root / "topology" / "bench.yaml").write_text("\n".join(lines) + "\n")


def write_topicctl(root: Path, context: str, topics: int, bootstrap: str) -> list[str]:
    """topicctl's cluster config and one topic config per topic; its `check` arguments."""
    folder = root / "topicctl"
    (folder / "topics").mkdir(parents=True)
    meta = "  environment: bench\n  region: bench\n"
    (folder / "cluster.yaml").write_text(
        f"meta:\n  name: bench\n{meta}spec:\n  bootstrapAddrs:\n    - {bootstrap}\n"
    )
    files = []
    for name in names(context, topics):
        path = folder / "topics" / f"{name}.yaml"
        path.write_text(
            f"meta:\n  name: {name}\n  cluster: bench\n{meta}"
            f"spec:\n  partitions: 1\n  replicationFactor: 1\n"
            f"  retentionMinutes: {RETENTION_MINUTES}\n  placement:\n    strategy: any\n"
            # Kafka 4 keeps min.insync.replicas as a cluster-level setting, which topicctl
            # reports as a difference unless the topic config names it.
            "  settings:\n    min.insync.replicas: 1\n"
        )
        files.append(str(path))
    return ["--cluster-config", str(folder / "cluster.yaml"), *files]


def apply_topology(root: Path) -> None:
    """Make the cluster hold the topics (not measured)."""
    session = connect(client_config(), timeout=TIMEOUT_S)
    loaded = load_topologies([root / "topology"], root, None)
    plan = planning.make_plan(loaded, Servers(KafkaReader(session)))
    planning.apply(plan, Servers(KafkaReader(session), KafkaWriter(session)))


def main() -> int:
    """Build topicctl, apply the topics, run the pairs, clean up; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=int, default=1_000)
    parser.add_argument("--pairs", type=int, default=5)
    args = parser.parse_args()
    topicctl = build_topicctl()
    if isinstance(topicctl, str):
        print(f"topicctl {VERSION} cannot be built here, nothing to compare with: {topicctl}")
        return 0
    bootstrap = json.loads((STATE / "broker.json").read_text())["plaintext_bootstrap"]
    context = f"tctl{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_ktb(root, context, args.topics)
        check = [str(topicctl), "check", "--no-spinner",
                 *write_topicctl(root, context, args.topics, bootstrap)]  # fmt: skip
        ktb = [str(Path(sys.executable).with_name("ktb")), "plan", "--detailed-exitcode",
               "topology", "--bootstrap-servers", bootstrap]  # fmt: skip
        try:
            apply_topology(root)
            time.sleep(settle_after_apply(args.topics))
            env = {**os.environ, "CI": "true"}
            result = alternate(args.pairs, ktb, check, cwd=root, env=env)
        finally:
            delete_all(client_config(), context)
            time.sleep(settle_after_delete(args.topics))
    summary = result.summary()
    print(json.dumps({"topics": args.topics, "topicctl": VERSION, **summary,
                      "ratios": [round(r, 2) for r in result.ratios]}))  # fmt: skip
    print(f"ktb plan {summary['ktb_s']:.2f} s, topicctl check {summary['reference_s']:.2f} s: "
          f"ratio {summary['ratio']:.2f} (target <= {TARGET_RATIO})")  # fmt: skip
    return 0 if summary["ratio"] <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
