"""Drift: a resource ktb applied and someone changed since, with the admin client, is shown
in the plan as changed outside ktb (text, markdown, JSON); a change in the files is not."""

from __future__ import annotations

from pathlib import Path

import pytest
from confluent_kafka.admin import (
    AdminClient,
    AlterConfigOpType,
    ConfigEntry,
    ConfigResource,
    ResourceType,
)

from ktb_action import planning
from ktb_action.core.plan import Plan
from ktb_action.pipeline import load_topologies
from ktb_action.render.plan_json import change_to_dict
from ktb_action.render.plan_markdown import render_markdown
from ktb_action.render.plan_text import render_text
from tests.integration.test_ownership_topic_store import apply, servers_of, write_repository
from tests.kafka_fixture import KafkaCluster, unique_name

pytestmark = pytest.mark.integration


def repository(root: Path, state_topic: str, context: str, retention_ms: int) -> str:
    """ktb.yaml keeping the state in `state_topic`, one topic with a retention; its name."""
    write_repository(
        root,
        state_topic,
        context,
        '    topics:\n      - name: "orders"\n'
        '        config: {num.partitions: "1", replication.factor: "1", '
        f'retention.ms: "{retention_ms}"}}\n',
    )
    return f"{context}.proj.orders"


def set_retention(kafka: KafkaCluster, topic: str, retention_ms: int) -> None:
    """Change the topic's retention as an operator would, outside ktb."""
    admin = AdminClient(dict(kafka.admin_config))
    entry = ConfigEntry(
        "retention.ms", str(retention_ms), incremental_operation=AlterConfigOpType.SET
    )
    resource = ConfigResource(ResourceType.TOPIC, topic, incremental_configs=[entry])
    for future in admin.incremental_alter_configs([resource]).values():
        future.result(timeout=30)


def plan_of(kafka: KafkaCluster, root: Path) -> Plan:
    return planning.make_plan(load_topologies((), root, root / "ktb.yaml"), servers_of(kafka))


def test_a_topic_config_changed_with_the_admin_client_is_shown_changed_outside_ktb(
    kafka: KafkaCluster, tmp_path: Path
) -> None:
    topic = repository(tmp_path, unique_name("_ktb_state"), unique_name("drift"), 3600000)
    apply(kafka, tmp_path)
    set_retention(kafka, topic, 7200000)

    plan = plan_of(kafka, tmp_path)

    (change,) = plan.changes
    assert render_text(plan).splitlines()[2] == f"  ~ topic {topic}  [changed outside ktb]"
    assert change_to_dict(change)["changed_outside_ktb"] is True
    assert f"{topic}  \\[changed outside ktb\\]" in render_markdown(plan)


def test_a_change_made_in_the_files_is_not_marked_as_made_outside_ktb(
    kafka: KafkaCluster, tmp_path: Path
) -> None:
    state_topic, context = unique_name("_ktb_state"), unique_name("nodrift")
    repository(tmp_path, state_topic, context, 3600000)
    apply(kafka, tmp_path)
    topic = repository(tmp_path, state_topic, context, 7200000)

    plan = plan_of(kafka, tmp_path)

    (change,) = plan.changes
    assert render_text(plan).splitlines()[2] == f"  ~ topic {topic}"
    assert "changed_outside_ktb" not in change_to_dict(change)
