"""`ktb plan` and `ktb apply` end to end: files in, real broker, exit codes and output."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from ktb_action.cli import app
from ktb_action.kafka.admin import connect
from ktb_action.kafka.config import ClientConfig
from ktb_action.kafka.write import KafkaWriter
from ktb_action.kinds.acls.values import AclBinding, AclOperation, AclResourceType, PatternType
from ktb_action.kinds.topics.values import TopicSpec
from tests.kafka_fixture import KafkaCluster, unique_name

pytestmark = pytest.mark.integration

runner = CliRunner()


def env_of(config: Mapping[str, str]) -> dict[str, str]:
    """`KTB_KAFKA_*` variables carrying a librdkafka config, as a pipeline would set them."""
    return {f"KTB_KAFKA_{key.upper().replace('.', '_')}": value for key, value in config.items()}


def write_topology(root: Path, context: str, consumer: str) -> Path:
    path = root / "topology" / "payments.yaml"
    path.parent.mkdir()
    path.write_text(
        f"""context: "{context}"
projects:
  - name: "proj"
    consumers:
      - principal: "{consumer}"
    topics:
      - name: "orders"
        config:
          num.partitions: "1"
          replication.factor: "1"
          retention.ms: "86400000"
"""
    )
    return path


def ktb(config: Mapping[str, str], topology: Path, *args: str) -> Result:
    """Run ktb with the repository root above the topology directory, as CI does."""
    return runner.invoke(app, [*args, "--root", str(topology.parent)], env=env_of(config))


def stale(saved: Path, difference: str) -> str:
    """What `ktb apply --plan` says when `saved` is not the plan it computes now."""
    return (
        f"error: `{saved}` is not the plan ktb computes now, so nothing was applied: "
        f"{difference}\n"
        "  help: run `ktb plan --out` again, review the new plan, then apply it\n"
    )


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, str]:
    context = unique_name("cli")
    write_topology(tmp_path, context, f"User:{unique_name('cli-reader')}")
    return tmp_path / "topology", context


def test_plan_apply_plan_exit_codes_and_summaries(
    kafka: KafkaCluster, project: tuple[Path, str]
) -> None:
    root, _ = project
    first = ktb(kafka.admin_config, root, "plan", str(root), "--detailed-exitcode")
    assert (first.exit_code, first.stdout.splitlines()[-1]) == (
        2,
        "Plan: 4 to create, 0 to update, 0 to delete.",
    )
    applied = ktb(kafka.admin_config, root, "apply", str(root))
    assert (applied.exit_code, applied.stdout.splitlines()[-1]) == (
        0,
        "Apply complete: 4 succeeded, 0 failed, 0 not attempted.",
    )
    again = ktb(kafka.admin_config, root, "plan", str(root), "--detailed-exitcode")
    assert (again.exit_code, again.stdout) == (0, "No changes. The cluster matches the topology.\n")


def test_plan_prints_versioned_json(kafka: KafkaCluster, project: tuple[Path, str]) -> None:
    root, context = project
    result = ktb(kafka.admin_config, root, "plan", str(root), "--format", "json")
    data = json.loads(result.stdout)
    assert (result.exit_code, data["format_version"], data["contexts"], data["summary"]) == (
        0,
        2,
        [context],
        {"create": 4, "update": 0, "delete": 0, "blocked": 0, "unsupported": 0},
    )
    assert data["changes"][0]["source"] == {"file": "topology/payments.yaml", "line": 7}


def test_saved_plan_is_applied_when_the_cluster_did_not_change(
    kafka: KafkaCluster, project: tuple[Path, str]
) -> None:
    root, _ = project
    saved = root.parent / "plan.json"
    assert ktb(kafka.admin_config, root, "plan", str(root), "--out", str(saved)).exit_code == 0
    applied = ktb(kafka.admin_config, root, "apply", str(root), "--plan", str(saved))
    assert (applied.exit_code, applied.stdout.splitlines()[-1]) == (
        0,
        "Apply complete: 4 succeeded, 0 failed, 0 not attempted.",
    )


def test_saved_plan_is_refused_when_the_cluster_changed_since(
    kafka: KafkaCluster, project: tuple[Path, str]
) -> None:
    root, context = project
    saved = root.parent / "plan.json"
    ktb(kafka.admin_config, root, "plan", str(root), "--out", str(saved))
    writer = KafkaWriter(connect(ClientConfig(kafka.admin_config)))
    writer.create_topics([TopicSpec(f"{context}.proj.sneaked-in", 1, 1)])
    writer.wait_until_visible()
    refused = ktb(kafka.admin_config, root, "apply", str(root), "--plan", str(saved))
    assert (refused.exit_code, refused.stderr) == (
        1,
        stale(saved, "the cluster changed since the plan was made"),
    )


def test_saved_plan_is_refused_when_the_topology_changed_since(
    kafka: KafkaCluster, project: tuple[Path, str]
) -> None:
    root, context = project
    saved = root.parent / "plan.json"
    ktb(kafka.admin_config, root, "plan", str(root), "--out", str(saved))
    topology = root / "payments.yaml"
    topology.write_text(topology.read_text().replace('"86400000"', '"3600000"'))
    refused = ktb(kafka.admin_config, root, "apply", str(root), "--plan", str(saved))
    topic = f"{context}.proj.orders"
    assert (refused.exit_code, refused.stdout, refused.stderr) == (
        1,
        "",
        stale(
            saved,
            f"change 1 differs: the file has `+ topic {topic}` (ready), "
            f"ktb now plans `+ topic {topic}` (ready)",
        ),
    )


def test_apply_names_the_missing_permission(
    kafka: KafkaCluster,
    project: tuple[Path, str],
    scram_users: Callable[[str, str], dict[str, str]],
) -> None:
    root, context = project
    name = unique_name("weak")
    weak = scram_users(name, "weak-secret")
    # Enough to read the cluster's ACLs, not to create anything.
    describe = AclBinding(
        f"User:{name}",
        AclResourceType.CLUSTER,
        "kafka-cluster",
        PatternType.LITERAL,
        AclOperation.DESCRIBE,
    )
    admin = KafkaWriter(connect(ClientConfig(kafka.admin_config)))
    admin.create_acls([describe])
    admin.wait_until_visible()
    result = ktb(weak, root, "apply", str(root))
    assert result.exit_code == 1
    # Topics are created first, so the missing permission is found there.
    failures = [
        line.split(": FAILED: ")[1] for line in result.stdout.splitlines() if "FAILED" in line
    ]
    assert failures == [
        f"User:{name} is not allowed CREATE on TOPIC:{context}.proj.orders "
        "(TOPIC_AUTHORIZATION_FAILED)"
    ]
    assert result.stdout.splitlines()[-1] == "Apply failed: 0 succeeded, 1 failed, 3 not attempted."


def test_reading_without_permission_names_it(
    kafka: KafkaCluster,
    project: tuple[Path, str],
    scram_users: Callable[[str, str], dict[str, str]],
) -> None:
    root, _ = project
    name = unique_name("blind")
    blind = scram_users(name, "blind-secret")
    result = ktb(blind, root, "plan", str(root))
    assert (result.exit_code, result.stderr) == (
        1,
        f"error: User:{name} is not allowed DESCRIBE on CLUSTER:kafka-cluster, "
        "so the cluster's ACLs cannot be read\n"
        f"  help: grant DESCRIBE on CLUSTER:kafka-cluster to User:{name}\n",
    )
