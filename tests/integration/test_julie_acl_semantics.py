"""JulieOps' ACL semantics on the real broker: what `ktb plan` shows for a descriptor is what
`ktb apply` creates, and both are the bindings JulieOps' builder makes for it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from confluent_kafka.admin import (
    AclBindingFilter,
    AclOperation,
    AclPermissionType,
    AdminClient,
    ResourcePatternType,
    ResourceType,
)

from ktb_action.kafka.admin import connect
from ktb_action.kafka.config import ClientConfig
from ktb_action.kafka.read import KafkaReader
from tests.integration.test_plan_apply_commands import ktb
from tests.kafka_fixture import REQUEST_TIMEOUT_S, KafkaCluster, unique_name

pytestmark = pytest.mark.integration


@pytest.fixture
def principal(kafka: KafkaCluster) -> Iterator[str]:
    """A fresh principal; every binding it was given is deleted afterwards."""
    name = f"User:{unique_name('julie-acl')}"
    yield name
    every_binding = AclBindingFilter(
        ResourceType.ANY, None, ResourcePatternType.ANY, name, None,  # type: ignore[arg-type]
        AclOperation.ANY, AclPermissionType.ANY,
    )  # fmt: skip
    admin = AdminClient(kafka.admin_config)
    for future in admin.delete_acls([every_binding]).values():
        future.result(timeout=REQUEST_TIMEOUT_S)


def plan_then_apply(
    kafka: KafkaCluster, root: Path, principal: str, *options: str
) -> tuple[list[str], list[str]]:
    """The ACL addresses `ktb plan` would create, and the principal's bindings on the broker
    after `ktb apply` (both run with `options`)."""
    topology = root / "topology"
    planned = ktb(kafka.admin_config, topology, "plan", str(topology), "--format", "json", *options)
    assert planned.exit_code == 0, planned.output
    creations = sorted(
        c["name"]
        for c in json.loads(planned.stdout)["changes"]
        if (c["kind"], c["verb"]) == ("acl", "create")
    )
    applied = ktb(kafka.admin_config, topology, "apply", str(topology), *options)
    assert applied.exit_code == 0, applied.output
    reader = KafkaReader(connect(ClientConfig(kafka.admin_config), timeout=30.0))
    on_broker = sorted(b.address for b in reader.read_acls(lambda p: p == principal))
    return creations, on_broker


def write(root: Path, topology: str, settings: str = "") -> None:
    (root / "topology").mkdir()
    (root / "topology" / "t.yaml").write_text(topology)
    if settings:
        (root / "ktb.yaml").write_text(settings)


def test_ksql_application_id_bindings_are_created_as_planned(
    kafka: KafkaCluster, principal: str, tmp_path: Path
) -> None:
    context = unique_name("ksqlapp")
    write(
        tmp_path,
        f"""context: "{context}"
projects:
  - name: "p"
    ksql:
      access_control:
        - principal: "{principal}"
          applicationId: "{context}-ksql"
          topics:
            read: ["{context}.p.in"]
""",
    )
    planned, on_broker = plan_then_apply(kafka, tmp_path, principal)
    assert (
        planned
        == on_broker
        == [
            f"{principal} ALLOW ALL on GROUP:PREFIXED:{context}-ksql from *",
            f"{principal} ALLOW ALL on TOPIC:PREFIXED:{context}-ksql from *",
            f"{principal} ALLOW READ on TOPIC:LITERAL:{context}.p.in from *",
        ]
    )


def test_application_topic_short_name_is_granted_as_written_with_a_warning(
    kafka: KafkaCluster, principal: str, tmp_path: Path
) -> None:
    context = unique_name("asref")
    write(
        tmp_path,
        f"""context: "{context}"
projects:
  - name: "p"
    streams:
      - principal: "{principal}"
        applicationId: "{context}-app"
        topics:
          read: ["in"]
    topics:
      - name: "in"
        config:
          num.partitions: "1"
          replication.factor: "1"
""",
    )
    topology = tmp_path / "topology"
    validated = ktb(kafka.admin_config, topology, "validate", str(topology))
    planned, on_broker = plan_then_apply(kafka, tmp_path, principal)
    assert (validated.exit_code, validated.output.splitlines()[0]) == (
        0,
        f"topology/t.yaml:8:18: warning[topic-ref-short-name] streams application `{principal}` "
        f"is granted topic `in` as written, not the project's topic `{context}.p.in`",
    )
    assert (
        planned
        == on_broker
        == [
            f"{principal} ALLOW ALL on TOPIC:PREFIXED:{context}-app from *",
            f"{principal} ALLOW READ on GROUP:PREFIXED:{context}-app from *",
            f"{principal} ALLOW READ on TOPIC:LITERAL:in from *",
        ]
    )


def test_schema_registry_consumer_offsets_topic_bindings_are_created_as_planned(
    kafka: KafkaCluster, principal: str, tmp_path: Path
) -> None:
    context = unique_name("sroffsets")
    write(
        tmp_path,
        f"""context: "{context}"
platform:
  schema_registry:
    instances:
      - principal: "{principal}"
        topic: "{context}-schemas"
        group: "{context}-sr"
        consumer_offsets_topic: "{context}-offsets"
""",
    )
    planned, on_broker = plan_then_apply(kafka, tmp_path, principal)
    schemas = ("CREATE", "DESCRIBE", "DESCRIBE_CONFIGS", "READ", "WRITE")
    assert planned == on_broker
    assert planned == sorted(
        [
            f"{principal} ALLOW READ on GROUP:LITERAL:{context}-sr from *",
            f"{principal} ALLOW DESCRIBE on TOPIC:LITERAL:{context}-offsets from *",
            *(
                f"{principal} ALLOW {op} on TOPIC:LITERAL:{context}-schemas from *"
                for op in schemas
            ),
        ]
    )


def test_control_center_topics_of_julieops_properties_are_created_as_planned(
    kafka: KafkaCluster, principal: str, tmp_path: Path
) -> None:
    context = unique_name("c3topics")
    write(
        tmp_path,
        f"""context: "{context}"
platform:
  control_center:
    instances:
      - principal: "{principal}"
        appId: "{context}-c3"
""",
    )
    (tmp_path / "julie.properties").write_text(
        f"confluent.monitoring.topic={context}-monitoring\n"
        f"confluent.command.topic={context}-command\n"
        f"confluent.metrics.topic={context}-metrics\n"
    )
    settings = ("--settings", str(tmp_path / "julie.properties"))
    planned, on_broker = plan_then_apply(kafka, tmp_path, principal, *settings)
    ops = ("CREATE", "DESCRIBE", "READ", "WRITE")
    assert planned == on_broker
    assert [name for name in planned if "on TOPIC:LITERAL:" in name] == sorted(
        [
            f"{principal} ALLOW CREATE on TOPIC:LITERAL:* from *",
            *(
                f"{principal} ALLOW {op} on TOPIC:LITERAL:{context}-{topic} from *"
                for topic in ("command", "metrics", "monitoring")
                for op in ops
            ),
        ]
    )
