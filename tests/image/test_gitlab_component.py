"""The image as GitLab runs the CI/CD component's job on a merge request: the checkout as the
working directory, GitLab's `CI_*` variables, the MR note and line threads sent to the fake
GitLab API, and the artefacts written where the job collects them."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import docker
import pytest
from docker.models.images import Image

from ktb_action.ci.comment import MARKER
from tests.fakes.gitlab_api import fake_gitlab
from tests.fakes.server import ContractServer
from tests.image.container import Finished, kafka_job_config, owner, run
from tests.image.gitlab_runner import TOKEN, artefact_paths, gitlab_job
from tests.kafka_fixture import KafkaCluster, unique_name

pytestmark = pytest.mark.image

BASE = 'context: "acme"\nprojects:\n  - name: "orders"\n    topics:\n      - name: "created"\n'


@pytest.fixture
def api() -> Iterator[ContractServer]:
    """The fake GitLab API; the test fails if any request broke the documented contract."""
    with fake_gitlab() as server:
        yield server
    assert server.violations == []


def _git(checkout: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=dev", "-c", "user.email=dev@example.com", *args],
        cwd=checkout,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def _merge_request(checkout: Path, change: str) -> dict[str, str]:
    """A checkout whose MR appends `change` to the base's topology file; GitLab's variables of
    its merge request pipeline."""
    (checkout / "topologies").mkdir(parents=True)
    orders = checkout / "topologies" / "orders.yaml"
    orders.write_text(BASE, encoding="utf-8")
    _git(checkout, "init", "--quiet", "--initial-branch=main")
    _git(checkout, "add", ".")
    _git(checkout, "commit", "--quiet", "-m", "base")
    base = _git(checkout, "rev-parse", "HEAD")
    orders.write_text(BASE + change, encoding="utf-8")
    _git(checkout, "commit", "--quiet", "-am", "change")
    return {
        "CI_PIPELINE_SOURCE": "merge_request_event",
        "CI_PROJECT_ID": "42",
        "CI_DEFAULT_BRANCH": "main",
        "CI_COMMIT_SHA": _git(checkout, "rev-parse", "HEAD"),
        "CI_MERGE_REQUEST_IID": "7",
        "CI_MERGE_REQUEST_PROJECT_ID": "42",
        "CI_MERGE_REQUEST_SOURCE_PROJECT_ID": "42",
        "CI_MERGE_REQUEST_DIFF_BASE_SHA": base,
        "CI_MERGE_REQUEST_TARGET_BRANCH_SHA": base,
        "KTB_GITLAB_TOKEN": TOKEN,
    }


MergeRequestJob = Callable[[str], Finished]
TYPO = "        partitons: 3\n"


@pytest.fixture
def merge_request_job(
    engine: docker.DockerClient,
    image: Image,
    api: ContractServer,
    kafka: KafkaCluster,
    tmp_path: Path,
) -> MergeRequestJob:
    """Run the component's job on a merge request of the checkout `tmp_path` that appends the
    given lines to its topology file; the job plans against the broker."""

    def run_job(change: str) -> Finished:
        predefined = _merge_request(tmp_path, change) | {"CI_API_V4_URL": api.url}
        predefined |= kafka_job_config(kafka, tmp_path / "kafka" / "client.properties")
        inputs = {
            "topology": "topologies",
            "bootstrap_servers": kafka.bootstrap,
            "client_config": "kafka/client.properties",
        }
        return run(engine, image, gitlab_job(tmp_path, predefined, inputs))

    return run_job


def test_merge_request_plan_against_the_broker_leaves_every_artefact_and_one_note(
    merge_request_job: MergeRequestJob, api: ContractServer, tmp_path: Path
) -> None:
    topic = unique_name("shipped")
    finished = merge_request_job(f'      - name: "{topic}"\n')

    assert finished.status == 0, finished.log
    assert finished.log.startswith("ktb ci: merge request !7\n")
    assert [path for path in artefact_paths() if (tmp_path / path).is_file()] == artefact_paths()
    assert (tmp_path / "ktb.env").read_text(encoding="utf-8").splitlines()[:3] == [
        "KTB_HAS_CHANGES=true",
        "KTB_ERRORS=0",
        "KTB_PLAN_JSON=plan.json",
    ]
    (note,) = api.calls("notes/create-merge-request-note")
    assert note.body["body"].startswith(MARKER)
    assert f"acme.orders.{topic}" in note.body["body"]


def test_merge_request_error_becomes_a_code_quality_finding_and_a_thread_on_its_line(
    merge_request_job: MergeRequestJob, api: ContractServer, tmp_path: Path
) -> None:
    finished = merge_request_job(TYPO)

    assert finished.status == 1, finished.log
    report = json.loads((tmp_path / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert [
        (i["check_name"], i["location"]["path"], i["location"]["lines"]["begin"]) for i in report
    ] == [("schema-unknown-key", "topologies/orders.yaml", 6)]
    (thread,) = api.calls("discussions/create-merge-request-thread")
    assert (thread.body["position"]["new_path"], thread.body["position"]["new_line"]) == (
        "topologies/orders.yaml",
        6,
    )


def test_artefacts_belong_to_root_the_user_gitlab_runs_the_job_as(
    merge_request_job: MergeRequestJob, tmp_path: Path
) -> None:
    # As the checkout does on a runner: its helper container clones it as root.
    merge_request_job(TYPO)

    assert owner(tmp_path / "gl-code-quality-report.json") == (0, 0)
