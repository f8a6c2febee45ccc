"""An export by a principal that may not read every kind: a warning names what to grant, and
what it may read is still exported."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from confluent_kafka.admin import AdminClient, NewTopic
from typer.testing import CliRunner

from ktb_action.cli import app
from ktb_action.kafka.bindings import kafka_binding, kafka_filter
from ktb_action.kinds.acls.values import AclBinding, AclOperation, AclResourceType, PatternType
from tests.integration.test_plan_apply_commands import env_of
from tests.kafka_fixture import REQUEST_TIMEOUT_S, KafkaCluster, unique_name

pytestmark = pytest.mark.integration


def test_a_kind_that_cannot_be_read_is_a_warning_and_the_rest_is_exported(
    kafka: KafkaCluster, scram_users: Callable[[str, str], dict[str, str]], tmp_path: Path
) -> None:
    name, topic = unique_name("exporter"), unique_name("viewable")
    admin = AdminClient(kafka.admin_config)
    for future in admin.create_topics([NewTopic(topic, 1, 1)]).values():
        future.result(timeout=REQUEST_TIMEOUT_S)
    # May read the cluster's ACLs, users and this topic, but not the quotas (no
    # DESCRIBE_CONFIGS on the cluster).
    grants = [
        AclBinding(f"User:{name}", AclResourceType.CLUSTER, "kafka-cluster",
                   PatternType.LITERAL, AclOperation.DESCRIBE),
        AclBinding(f"User:{name}", AclResourceType.TOPIC, topic, PatternType.LITERAL,
                   AclOperation.DESCRIBE),
        AclBinding(f"User:{name}", AclResourceType.TOPIC, topic, PatternType.LITERAL,
                   AclOperation.DESCRIBE_CONFIGS),
    ]  # fmt: skip
    for future in admin.create_acls([kafka_binding(b) for b in grants]).values():
        future.result(timeout=REQUEST_TIMEOUT_S)
    config = scram_users(name, "exporter-password")

    result = CliRunner().invoke(
        app, ["export", "--out", str(tmp_path), "--include", topic], env=env_of(config)
    )

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Exported 1 topics, ")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1
    assert warnings[0].startswith("warning: quotas were not exported: ")
    assert warnings[0].endswith("(grant DESCRIBE_CONFIGS on CLUSTER:kafka-cluster)")
    assert f'- name: "{topic}"' in (tmp_path / "topology" / "_platform.yaml").read_text()
    admin.delete_topics([topic])
    admin.delete_acls([kafka_filter(b) for b in grants])
