"""The image as a Jenkins Docker agent uses it (`args '--entrypoint='`): the workspace mounted
at its own path as the working directory, the container running as the agent's user, and the
`sh` steps calling `ktb validate` / `ktb plan` directly."""

from __future__ import annotations

import json
import os
from pathlib import Path

import docker
import pytest
from docker.models.images import Image

from tests.image.container import Finished, Run, kafka_job_config, owner, run
from tests.kafka_fixture import KafkaCluster, unique_name

pytestmark = pytest.mark.image

AGENT_UID = 1000  # the `jenkins` user of the official agent images
TOPOLOGY = 'context: "acme"\nprojects:\n  - name: "orders"\n    topics:\n      - name: "{}"\n'


def _workspace(tmp_path: Path, topology: str) -> Path:
    """A Jenkins workspace holding `topologies/orders.yaml`, owned by the agent's user."""
    workspace = tmp_path / "workspace" / "kafka-topologies"
    (workspace / "topologies").mkdir(parents=True)
    (workspace / "topologies" / "orders.yaml").write_text(topology, encoding="utf-8")
    if os.geteuid() == 0:
        for path in [workspace, *workspace.rglob("*")]:
            os.chown(path, AGENT_UID, AGENT_UID)
    return workspace


def _sh_step(
    engine: docker.DockerClient,
    image: Image,
    workspace: Path,
    script: str,
    environment: dict[str, str] | None = None,
) -> Finished:
    uid, gid = owner(workspace)
    spec = Run(
        command=["sh", "-c", script],
        environment=environment or {},
        mounts={workspace: str(workspace)},
        working_dir=str(workspace),
        entrypoint=[""],
        user=f"{uid}:{gid}",
    )
    return run(engine, image, spec)


def test_validate_step_reports_the_error_at_its_position_and_fails(
    engine: docker.DockerClient, image: Image, tmp_path: Path
) -> None:
    workspace = _workspace(tmp_path, TOPOLOGY.format("created") + "        partitons: 3\n")

    finished = _sh_step(engine, image, workspace, "ktb validate topologies")

    assert finished.status == 1
    assert "topologies/orders.yaml:6:9: error[schema-unknown-key] unknown key `partitons`" in (
        finished.log
    )


def test_plan_step_against_the_broker_saves_the_plan_as_the_agents_user(
    engine: docker.DockerClient, image: Image, kafka: KafkaCluster, tmp_path: Path
) -> None:
    topic = unique_name("created")
    workspace = _workspace(tmp_path, TOPOLOGY.format(topic))
    credentials = kafka_job_config(kafka, workspace / "kafka" / "client.properties")
    script = (
        f"ktb plan topologies --bootstrap-servers {kafka.bootstrap} "
        "--client-config kafka/client.properties --out plan.json"
    )

    finished = _sh_step(engine, image, workspace, script, credentials)

    assert finished.status == 0, finished.log
    assert f"acme.orders.{topic}" in finished.log
    plan = json.loads((workspace / "plan.json").read_text(encoding="utf-8"))
    assert [change["name"] for change in plan["changes"]] == [f"acme.orders.{topic}"]
    assert owner(workspace / "plan.json") == owner(workspace)
