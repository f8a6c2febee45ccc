"""The image itself: its size, its entrypoint's refusal of bad usage, and the base it is
released on (the real `python:…-slim` pinned by digest, never the test suite's stand-in)."""

from __future__ import annotations

import re
from pathlib import Path

import docker
import pytest
import yaml
from docker.models.images import Image

from tests.image.container import Run, run

ROOT = Path(__file__).resolve().parents[2]
SIZE_BUDGET_MB = 550
_FROM = re.compile(r"^FROM\s+(\S+)", re.MULTILINE)
_PINNED = re.compile(r"(?P<image>[\w.:/-]+)@sha256:[0-9a-f]{64}")


@pytest.mark.image
def test_image_stays_within_its_size_budget(image: Image) -> None:
    size_mb = image.attrs["Size"] / 1_000_000
    assert size_mb < SIZE_BUDGET_MB, f"the image is {size_mb:.0f} MB"


@pytest.mark.image
def test_unknown_mode_is_refused_with_the_usage_exit_code(
    engine: docker.DockerClient, image: Image
) -> None:
    finished = run(engine, image, Run(command=["--mode", "nonsense"]))
    assert (finished.status, finished.log.splitlines()[0]) == (2, "Usage: ktb ci [OPTIONS]")


def test_release_builds_on_the_dockerfiles_base_pulled_by_digest() -> None:
    (base,) = _FROM.findall((ROOT / "Dockerfile").read_text(encoding="utf-8"))
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text())
    steps = workflow["jobs"]["image"]["steps"]
    scripts = [step.get("run", "") for step in steps]
    (pin,) = [script for script in scripts if _PINNED.search(script)]
    (build,) = [script for script in scripts if "docker build" in script]
    assert [match.group("image") for match in _PINNED.finditer(pin)] == [base]
    assert ("docker pull" in pin, "docker tag" in pin, "--pull=false" in build) == (True,) * 3
    assert scripts.index(pin) < scripts.index(build)
