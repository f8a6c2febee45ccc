"""JulieOps managed prefixes on the real broker: a `.properties` file with indexed
`topology.topic.managed.prefixes.<n>` limits what apply creates, as JulieOps' `TopicManager`
and `ResourceFilter` do; what is left out is warned about at its line and shown blocked."""

from __future__ import annotations

from pathlib import Path

import pytest

from ktb_action.kafka.admin import connect
from ktb_action.kafka.config import ClientConfig
from ktb_action.kafka.read import KafkaReader
from tests.integration.test_plan_apply_commands import ktb
from tests.kafka_fixture import KafkaCluster, unique_name

pytestmark = pytest.mark.integration


def test_apply_creates_only_what_the_julieops_managed_prefixes_name(
    kafka: KafkaCluster, tmp_path: Path
) -> None:
    context, user = unique_name("managed"), unique_name("managed-reader")
    (tmp_path / "julie.properties").write_text(
        f"topology.topic.managed.prefixes.0={context}.kept.\n"
        f"topology.topic.managed.prefixes.1={context}.also.\n"
    )
    topology = tmp_path / "topology"
    topology.mkdir()
    (topology / "t.yaml").write_text(
        f"""context: "{context}"
projects:
  - name: "kept"
    consumers:
      - principal: "User:{user}"
    topics:
      - name: "orders"
        config: {{num.partitions: "1", replication.factor: "1"}}
  - name: "skipped"
    consumers:
      - principal: "User:{user}"
    topics:
      - name: "orders"
        config: {{num.partitions: "1", replication.factor: "1"}}
"""
    )
    settings = ("--settings", str(tmp_path / "julie.properties"))
    applied = ktb(kafka.admin_config, topology, "apply", str(topology), *settings)
    reader = KafkaReader(connect(ClientConfig(kafka.admin_config), timeout=30.0))
    topics = [t.name for t in reader.read_topics(lambda name: name.startswith(context))]
    acls = sorted(
        (b.resource_type.value, b.resource_name, b.operation.value)
        for b in reader.read_acls(lambda principal: principal == f"User:{user}")
    )
    assert applied.exit_code == 0, applied.output
    assert topics == [f"{context}.kept.orders"]
    assert acls == [
        ("GROUP", "*", "READ"),
        ("TOPIC", f"{context}.kept.orders", "DESCRIBE"),
        ("TOPIC", f"{context}.kept.orders", "READ"),
    ]
    assert (
        f"topology/t.yaml:13:15: warning[topic-outside-managed-prefixes] topic "
        f"`{context}.skipped.orders` is outside the managed prefixes `{context}.kept.`, "
        f"`{context}.also.`: it is not created (JulieOps skips it too)"
    ) in applied.output
