"""The image as Bitbucket Pipelines runs the pipe (`- pipe: docker://…` with `variables:`):
the image's own entrypoint, the clone mounted and used as the working directory, the pipe's
variables and Pipelines' `BITBUCKET_*` variables in the environment. The pull request step of
the example plans against the real broker and reports to the fake Bitbucket API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import docker
import pytest
import yaml
from docker.models.images import Image

from tests.fakes.bitbucket_api import ANNOTATIONS, CREATE_COMMENT, REPORT, fake_bitbucket
from tests.fakes.server import ContractServer
from tests.image.container import Run, kafka_job_config, run
from tests.kafka_fixture import KafkaCluster, unique_name

pytestmark = pytest.mark.image

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bitbucket" / "bitbucket-pipelines.yml"
CLONE_DIR = "/opt/atlassian/pipelines/agent/build"
HEAD = "6dcb09b5b57875f334f61aebed695e2e4193db5e"
TOKEN = "ATCTT3xFfGN0-pipe-token"
TOPOLOGY = 'context: "acme"\nprojects:\n  - name: "orders"\n    topics:\n      - name: "{}"\n'


@pytest.fixture
def api() -> Iterator[ContractServer]:
    """The fake Bitbucket API; the test fails if any request broke Bitbucket's description."""
    with fake_bitbucket() as server:
        yield server
    assert server.violations == []


def _pull_request_step_variables() -> dict[str, str]:
    (item,) = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))["pipelines"]["pull-requests"][
        "**"
    ]
    (call,) = [line for line in item["step"]["script"] if isinstance(line, dict)]
    return {name: str(value) for name, value in call["variables"].items()}


def test_the_pull_request_step_plans_against_the_broker_and_reports_to_bitbucket(
    engine: docker.DockerClient,
    image: Image,
    api: ContractServer,
    kafka: KafkaCluster,
    tmp_path: Path,
) -> None:
    topic = unique_name("shipped")
    (tmp_path / "topologies").mkdir()
    (tmp_path / "topologies" / "orders.yaml").write_text(TOPOLOGY.format(topic), encoding="utf-8")
    variables = _pull_request_step_variables()
    # The repository's settings file and secured variables, as this test's broker has them.
    del variables["KTB_SETTINGS"]
    variables |= kafka_job_config(kafka, tmp_path / "kafka" / "client.properties")
    variables |= {
        "KTB_BOOTSTRAP_SERVERS": kafka.bootstrap,
        "KTB_BITBUCKET_TOKEN": TOKEN,
        "KTB_BITBUCKET_API_URL": api.url,
    }
    pipelines = {
        "CI": "true",
        "BITBUCKET_BUILD_NUMBER": "42",
        "BITBUCKET_CLONE_DIR": CLONE_DIR,
        "BITBUCKET_REPO_FULL_NAME": "example-org/kafka-topologies",
        "BITBUCKET_COMMIT": HEAD,
        "BITBUCKET_BRANCH": "add-topic",
        "BITBUCKET_PR_ID": "3",
    }
    spec = Run(
        environment={**pipelines, **variables},
        mounts={tmp_path: CLONE_DIR},
        working_dir=CLONE_DIR,
    )

    finished = run(engine, image, spec)

    assert finished.status == 0, finished.log
    assert finished.log.startswith("ktb ci: mode `plan` was asked for\n")
    assert TOKEN not in finished.log
    (made,) = api.calls(REPORT)
    assert (made.path_params["commit"], made.body["result"]) == (HEAD, "PASSED")
    assert api.calls(ANNOTATIONS) == []
    (created,) = api.calls(CREATE_COMMENT)
    assert f"acme.orders.{topic}" in created.body["content"]["raw"]
    assert (tmp_path / "plan.json").is_file()
