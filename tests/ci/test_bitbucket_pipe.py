"""The Bitbucket Pipe (`pipe.yml`) and the `bitbucket-pipelines.yml` example: only keys
Bitbucket documents, only variables ktb reads, and the routing the issue asks for.

No JSON Schema of `bitbucket-pipelines.yml` is published on a registry reachable here, so the
keys are checked against the lists in Bitbucket's configuration reference.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.ci.ci_command import ci_envvars

ROOT = Path(__file__).resolve().parents[2]
PIPE = yaml.safe_load((ROOT / "pipe.yml").read_text(encoding="utf-8"))
EXAMPLE = yaml.safe_load(
    (ROOT / "examples" / "bitbucket" / "bitbucket-pipelines.yml").read_text(encoding="utf-8")
)
# Bitbucket's "Bitbucket Pipelines configuration reference".
TOP_LEVEL = {"image", "clone", "options", "definitions", "pipelines"}
START_CONDITIONS = {"default", "branches", "pull-requests", "tags", "bookmarks", "custom"}
STEP_KEYS = {
    "name", "script", "after-script", "image", "caches", "services", "artifacts",
    "deployment", "trigger", "size", "max-time", "clone", "oidc", "condition",
    "runs-on", "fail-fast", "concurrency-group",
}  # fmt: skip


def _steps(pipeline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [item["step"] for item in pipeline]


def _all_steps() -> dict[str, dict[str, Any]]:
    pipelines = EXAMPLE["pipelines"]
    return {
        "pull request": _steps(pipelines["pull-requests"]["**"])[0],
        "default branch": _steps(pipelines["branches"]["main"])[0],
        "schedule": _steps(pipelines["custom"]["drift"])[0],
    }


def _pipe(step: dict[str, Any]) -> dict[str, Any]:
    (call,) = [line for line in step["script"] if isinstance(line, dict)]
    return dict(call)


def test_the_example_uses_only_documented_keys() -> None:
    assert set(EXAMPLE) <= TOP_LEVEL
    assert set(EXAMPLE["pipelines"]) <= START_CONDITIONS
    for step in _all_steps().values():
        assert set(step) <= STEP_KEYS


def test_pull_requests_plan_the_default_branch_applies_and_the_schedule_checks_drift() -> None:
    modes = {where: _pipe(step)["variables"]["KTB_MODE"] for where, step in _all_steps().items()}

    assert modes == {"pull request": "plan", "default branch": "apply", "schedule": "drift"}


def test_only_the_apply_step_deploys_and_two_applies_never_overlap() -> None:
    steps = _all_steps()

    assert steps["default branch"]["deployment"] == "production"
    assert steps["default branch"]["concurrency-group"] == "kafka-production"
    assert "deployment" not in steps["pull request"]


def test_every_step_runs_the_pipe_image_with_variables_the_pipe_declares() -> None:
    declared = {variable["name"] for variable in PIPE["variables"]}
    for step in _all_steps().values():
        call = _pipe(step)
        assert call["pipe"] == f"docker://{PIPE['image']}"
        assert {v for v in call["variables"] if not v.startswith("KTB_KAFKA_")} <= declared


def test_every_pipe_variable_is_an_option_of_ktb_ci_or_read_by_the_bitbucket_adapter() -> None:
    declared = {variable["name"] for variable in PIPE["variables"]}
    adapter = "".join(
        (ROOT / "ktb_action" / "ci" / name).read_text(encoding="utf-8")
        for name in ("bitbucket.py", "events.py", "jenkins.py")
    )

    assert {name for name in declared - ci_envvars() if f'"{name}"' not in adapter} == set()
