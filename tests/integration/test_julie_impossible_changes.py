"""A partition decrease or a replication-factor change against the real broker, through `ktb
apply`: an error at the count's line and nothing applied; with the rule lowered to a warning,
that one count is skipped as JulieOps skips it and the rest of the plan is applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from ktb_action.kafka.admin import connect
from ktb_action.kafka.config import ClientConfig
from ktb_action.kafka.read import KafkaReader
from ktb_action.kinds.topics.values import TopicSpec
from tests.integration.test_plan_apply_commands import ktb
from tests.kafka_fixture import KafkaCluster, unique_name

pytestmark = pytest.mark.integration

TOPOLOGY = """context: "{context}"
projects:
  - name: "proj"
    topics:
      - name: "orders"
        config:
          num.partitions: "{partitions}"
          replication.factor: "{replication}"
          retention.ms: "{retention}"
"""


def write(root: Path, context: str, partitions: int, replication: int, retention: int) -> Path:
    path = root / "topology" / "orders.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(
        TOPOLOGY.format(
            context=context, partitions=partitions, replication=replication, retention=retention
        ),
        encoding="utf-8",
    )
    return path


def on_broker(kafka: KafkaCluster, name: str) -> TopicSpec:
    (found,) = KafkaReader(connect(ClientConfig(kafka.admin_config))).read_topics(
        lambda n: n == name
    )
    return found


@pytest.fixture
def shrunk(kafka: KafkaCluster, tmp_path: Path) -> tuple[Path, str]:
    """A topic applied with 2 partitions, then declared with 1 and another retention."""
    context = unique_name("shrink")
    topology = write(tmp_path, context, 2, 1, 86400000)
    assert ktb(kafka.admin_config, topology, "apply", str(topology.parent)).exit_code == 0
    write(tmp_path, context, 1, 1, 3600000)
    return topology, f"{context}.proj.orders"


def test_a_partition_decrease_is_an_error_at_the_count_and_nothing_is_applied(
    kafka: KafkaCluster, shrunk: tuple[Path, str]
) -> None:
    topology, name = shrunk
    result = ktb(kafka.admin_config, topology, "apply", str(topology.parent))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"orders.yaml:7:11: error[topic-partitions-decrease] topic `{name}` has 2 "
        "partitions; Kafka cannot decrease them to 1"
    )
    assert (
        "= help: declare the current count (2), or delete and recreate the topic (its messages "
        "are lost)"
    ) in result.stderr
    assert on_broker(kafka, name) == TopicSpec(name, 2, 1, (("retention.ms", "86400000"),))


def test_julieops_skips_a_partition_decrease_and_so_does_ktb_with_the_rule_lowered(
    kafka: KafkaCluster, shrunk: tuple[Path, str]
) -> None:
    topology, name = shrunk
    (topology.parent / "ktb.yaml").write_text(
        "rules:\n  topic-partitions-decrease: {severity: warning}\n", encoding="utf-8"
    )
    result = ktb(kafka.admin_config, topology, "apply", str(topology.parent))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "warning[topic-partitions-decrease]" in result.stderr
    assert on_broker(kafka, name) == TopicSpec(name, 2, 1, (("retention.ms", "3600000"),))


def test_a_replication_factor_change_is_an_error_at_its_value_and_nothing_is_applied(
    kafka: KafkaCluster, tmp_path: Path
) -> None:
    context = unique_name("replicas")
    topology = write(tmp_path, context, 1, 1, 86400000)
    assert ktb(kafka.admin_config, topology, "apply", str(topology.parent)).exit_code == 0
    write(tmp_path, context, 1, 3, 3600000)
    result = ktb(kafka.admin_config, topology, "apply", str(topology.parent))
    name = f"{context}.proj.orders"
    assert (result.exit_code, result.stderr.splitlines()[0]) == (
        1,
        f"orders.yaml:8:11: error[topic-replication-factor-change] topic `{name}` "
        "has a replication factor of 1; ktb cannot change it to 3",
    )
    assert on_broker(kafka, name) == TopicSpec(name, 1, 1, (("retention.ms", "86400000"),))
