"""The image as GitHub runs a Docker action: a pull request planned against the real broker,
with the check run and the plan comment sent to the fake GitHub API (which validates every
request against GitHub's OpenAPI description), and the step's outputs and summary written
through the runner's file commands."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docker
import pytest
from docker.models.images import Image

from ktb_action.ci.comment import MARKER
from tests.ci.conftest import published_webhook
from tests.fakes.github_api import fake_github
from tests.fakes.server import ContractServer
from tests.image.container import Finished, kafka_job_config, owner, run
from tests.image.github_runner import RunnerFiles, github_step, give_to_runner, step_outputs
from tests.kafka_fixture import KafkaCluster, unique_name

pytestmark = pytest.mark.image

BAD = 'context: "acme"\nprojects:\n  - name: "orders"\n    topics:\n      - name: "created"\n'
BAD += "        partitons: 3\n"


@dataclass(frozen=True)
class Step:
    """A finished step: the container's outcome, the runner's files and what the API got."""

    finished: Finished
    files: RunnerFiles
    api: ContractServer
    payload: dict[str, Any]


@pytest.fixture
def api() -> Iterator[ContractServer]:
    """The fake GitHub API; the test fails if any request broke the published description."""
    with fake_github() as server:
        yield server
    assert server.violations == []


@pytest.fixture(scope="module")
def pr_plan(
    engine: docker.DockerClient,
    image: Image,
    kafka: KafkaCluster,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Step]:
    """`ktb-action` on an opened pull request adding one topic, planned against the broker."""
    payload = published_webhook("pull_request", action="opened")
    topic = unique_name("created")
    root = tmp_path_factory.mktemp("pr-plan")
    with fake_github() as api:
        spec, files = github_step(
            root,
            ("pull_request", payload),
            api.url,
            with_inputs={
                "topology": "topologies",
                "bootstrap-servers": kafka.bootstrap,
                "client-config": "kafka/client.properties",
            },
            step_env=kafka_job_config(kafka, root / "workspace" / "kafka" / "client.properties"),
        )
        topology = 'context: "acme"\nprojects:\n  - name: "orders"\n    topics:\n'
        topology += f'      - name: "{topic}"\n'
        (files.workspace / "topologies").mkdir()
        (files.workspace / "topologies" / "orders.yaml").write_text(topology, encoding="utf-8")
        give_to_runner(root)
        yield Step(run(engine, image, spec), files, api, payload)
    assert api.violations == []


def test_pull_request_plan_exits_0_saying_why_it_planned(pr_plan: Step) -> None:
    number = pr_plan.payload["number"]
    assert pr_plan.finished.status == 0, pr_plan.finished.log
    assert pr_plan.finished.log.startswith(f"ktb ci: pull request #{number} opened\n")


def test_pull_request_plan_completes_a_check_run_on_the_head_commit(pr_plan: Step) -> None:
    (create,) = pr_plan.api.calls("checks/create")
    assert (create.body["head_sha"], create.body["status"], create.body["conclusion"]) == (
        pr_plan.payload["pull_request"]["head"]["sha"],
        "completed",
        "success",
    )
    assert create.headers["authorization"] == "Bearer ghs_secret_token_value"


def test_pull_request_plan_comments_the_topic_to_create(pr_plan: Step) -> None:
    (comment,) = pr_plan.api.calls("issues/create-comment")
    assert comment.path_params["issue_number"] == str(pr_plan.payload["number"])
    assert comment.body["body"].startswith(MARKER)
    assert "acme.orders.created-" in comment.body["body"]


def test_pull_request_plan_sets_the_action_outputs(pr_plan: Step) -> None:
    outputs = step_outputs(pr_plan.files.output.read_text(encoding="utf-8"))
    assert outputs == {
        "has-changes": "true",
        "errors": "0",
        "plan-json": "plan.json",
        "summary": "ktb plan: 1 to create, 0 to update, 0 to delete, 0 blocked; "
        "0 errors, 0 warnings",
    }


def test_pull_request_plan_writes_the_plan_to_the_step_summary(pr_plan: Step) -> None:
    summary = pr_plan.files.summary.read_text(encoding="utf-8")
    assert "acme.orders.created-" in summary


def test_files_the_action_writes_belong_to_the_workspace_owner_not_root(pr_plan: Step) -> None:
    workspace = pr_plan.files.workspace
    assert owner(workspace / "plan.json") == owner(workspace) != (0, 0)


def test_bad_topology_fails_the_step_with_an_annotation_at_its_position(
    engine: docker.DockerClient, image: Image, api: ContractServer, tmp_path: Path
) -> None:
    payload = published_webhook("pull_request", action="opened")
    spec, files = github_step(
        tmp_path,
        ("pull_request", payload),
        api.url,
        # The published example pull request adds no topology file: annotate every finding.
        with_inputs={"topology": "topologies", "mode": "validate", "filter-mode": "nofilter"},
    )
    (files.workspace / "topologies").mkdir()
    (files.workspace / "topologies" / "orders.yaml").write_text(BAD, encoding="utf-8")
    give_to_runner(tmp_path)

    finished = run(engine, image, spec)

    assert finished.status == 1, finished.log
    (create,) = api.calls("checks/create")
    (annotation,) = create.body["output"]["annotations"]
    assert (annotation["path"], annotation["start_line"], annotation["title"]) == (
        "topologies/orders.yaml",
        6,
        "schema-unknown-key",
    )
    assert step_outputs(files.output.read_text(encoding="utf-8"))["errors"] == "1"


def test_event_it_does_not_act_on_ends_the_step_without_calling_github(
    engine: docker.DockerClient, image: Image, api: ContractServer, tmp_path: Path
) -> None:
    spec, _files = github_step(tmp_path, ("issues", published_webhook("issues")), api.url)
    give_to_runner(tmp_path)

    finished = run(engine, image, spec)

    assert (finished.status, finished.log) == (0, "ktb ci: event `issues` is not one ktb acts on\n")
    assert api.requests == []
