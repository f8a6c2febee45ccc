"""`scripts/container-engine`: what it says and does on a second `up`, `status` and `down`.

Each test has a state directory of its own, so its service is not the suite's engine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "container-engine"


def _engine(state: Path, command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KTB_ENGINE_STATE": str(state)}
    return subprocess.run(
        [str(SCRIPT), command], env=env, capture_output=True, text=True, check=False, timeout=300
    )


def test_status_without_a_service_says_how_to_start_one(tmp_path: Path) -> None:
    result = _engine(tmp_path, "status")
    assert (result.returncode, result.stdout, result.stderr) == (
        3,
        "",
        "container-engine: service: not running (start it with `scripts/container-engine up`)\n",
    )


def test_unknown_command_prints_the_usage(tmp_path: Path) -> None:
    result = _engine(tmp_path, "start")
    assert (result.returncode, result.stderr) == (2, f"usage: {SCRIPT} up|down|status\n")


@pytest.mark.image
def test_second_up_reuses_the_base_and_the_service_and_down_stops_it(tmp_path: Path) -> None:
    first = _engine(tmp_path, "up")
    pid = (tmp_path / "service.pid").read_text(encoding="utf-8").strip()
    try:
        second = _engine(tmp_path, "up")
    finally:
        down = _engine(tmp_path, "down")

    assert (first.returncode, first.stdout) == (0, f"DOCKER_HOST=unix://{tmp_path}/podman.sock\n")
    assert second.stdout == first.stdout
    assert second.stderr.splitlines()[1:] == [
        f"container-engine: service: already running (PID {pid})"
    ]
    assert "present (stand-in for docker.io/library/python:" in second.stderr
    assert down.stderr == f"container-engine: service: stopped (PID {pid})\n"
    assert not (tmp_path / "podman.sock").exists()


def test_image_tests_fail_rather_than_skip_in_ci_without_an_engine(tmp_path: Path) -> None:
    env = {**os.environ, "CI": "true", "DOCKER_HOST": f"unix://{tmp_path}/none.sock"}
    test = "tests/image/test_image.py::test_image_stays_within_its_size_budget"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-m", "image", "-p", "no:cacheprovider", test],
        cwd=SCRIPT.parents[1],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    summary = result.stdout.splitlines()[-1]
    assert (result.returncode, summary.split(" in ")[0].strip(" =")) == (1, "1 error")
    assert "Failed: no container engine for the image tests: " in result.stdout
