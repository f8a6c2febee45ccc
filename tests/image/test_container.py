"""The image itself, built from the Dockerfile and run on a sample repository through the
Docker SDK, as GitHub and GitLab run it (workspace mounted, used as the working directory).

Needs a Docker engine, which only the project's GitHub workflow has: the marker `image` keeps
these tests out of `make test` (pyproject's addopts); `release.yml` runs `pytest -m image`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import docker
import pytest
from docker.errors import ContainerError

pytestmark = pytest.mark.image

REPO = Path(__file__).resolve().parents[2]
TAG = "ktb-action:test"
GOOD = 'context: "smoke"\nprojects:\n  - name: "orders"\n    topics:\n      - name: "created"\n'
BAD = GOOD + "        partitons: 3\n"


@pytest.fixture(scope="module")
def client() -> Iterator[docker.DockerClient]:
    """A Docker client with the image built from this checkout."""
    engine = docker.from_env()
    try:
        engine.images.build(path=str(REPO), tag=TAG, rm=True)
        yield engine
    finally:
        engine.close()


def _workspace(tmp_path: Path, text: str) -> Path:
    (tmp_path / "topologies").mkdir()
    (tmp_path / "topologies" / "smoke.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def _run(client: docker.DockerClient, workspace: Path) -> str:
    output: bytes = client.containers.run(
        TAG,
        ["--platform", "none", "--mode", "validate", "--topology", "topologies"],
        volumes={str(workspace): {"bind": "/github/workspace", "mode": "rw"}},
        working_dir="/github/workspace",
        remove=True,
    )
    return output.decode()


def test_container_validates_a_sample_repository(
    client: docker.DockerClient, tmp_path: Path
) -> None:
    assert "Found 0 errors, 0 warnings in 1 file." in _run(client, _workspace(tmp_path, GOOD))


def test_container_fails_on_a_bad_topology_with_its_position(
    client: docker.DockerClient, tmp_path: Path
) -> None:
    with pytest.raises(ContainerError) as failed:
        _run(client, _workspace(tmp_path, BAD))
    assert failed.value.exit_status == 1
