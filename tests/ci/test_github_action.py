"""The GitHub Action metadata and the copy-paste workflows: valid against SchemaStore's
schemas, and consistent with what `ktb ci` reads and writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ktb_action.ci.outputs import Outputs
from tests.ci.ci_command import ci_envvars
from tests.ci.vendored_schemas import documents, errors

ROOT = Path(__file__).resolve().parents[2]
ACTION = ROOT / "action.yml"
EXAMPLES = ROOT / ".github" / "workflows" / "examples"
WORKFLOWS = [
    *sorted(EXAMPLES.glob("*.yml")),
    *sorted((ROOT / ".github" / "workflows").glob("*.yml")),
]


def _action() -> dict[str, Any]:
    (action,) = documents(ACTION)
    return dict(action)


def _workflow(name: str) -> dict[str, Any]:
    (workflow,) = documents(EXAMPLES / name)
    return dict(workflow)


def test_action_metadata_is_valid_against_the_actions_schema() -> None:
    assert errors("github-actions", _action()) == []


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_valid_against_the_workflows_schema(path: Path) -> None:
    (workflow,) = documents(path)
    assert errors("github-workflows", workflow) == []


def test_action_runs_the_released_image_by_tag_without_building() -> None:
    runs = _action()["runs"]
    assert runs["using"] == "docker"
    assert runs["image"].startswith("docker://ghcr.io/")
    assert runs["image"].rsplit(":", 1)[1] == "v1"


def test_every_action_input_is_read_by_ktb_ci_with_its_hyphen_kept() -> None:
    # github-token is read by the GitHub adapter itself (never an option: it would show in --help).
    read = ci_envvars() | {"INPUT_GITHUB-TOKEN"}
    assert sorted(f"INPUT_{name.upper()}" for name in _action()["inputs"]) == sorted(
        name for name in read if name.startswith("INPUT_")
    )


def test_action_outputs_are_the_ones_ktb_ci_writes() -> None:
    written = [name for name, _ in Outputs(False, 0, "", "").items()]
    assert list(_action()["outputs"]) == written


def test_topology_input_defaults_to_empty_so_the_settings_paths_apply() -> None:
    assert _action()["inputs"]["topology"]["default"] == ""


def test_plan_example_cancels_the_plan_of_an_older_push() -> None:
    assert _workflow("ktb-plan.yml")["concurrency"] == {
        "group": "ktb-plan-${{ github.event.pull_request.number }}",
        "cancel-in-progress": True,
    }


def test_plan_example_asks_only_for_the_permissions_it_needs() -> None:
    assert _workflow("ktb-plan.yml")["permissions"] == {
        "checks": "write",
        "pull-requests": "write",
        "contents": "read",
    }


def test_apply_example_never_runs_two_applies_at_once_nor_cancels_one() -> None:
    workflow = _workflow("ktb-apply.yml")
    assert workflow["on"] == {"push": {"branches": ["main"]}}
    assert workflow["concurrency"]["cancel-in-progress"] is False
    assert workflow["concurrency"]["group"] == _workflow("ktb-drift.yml")["concurrency"]["group"]


def test_drift_example_runs_on_a_schedule_in_drift_mode() -> None:
    workflow = _workflow("ktb-drift.yml")
    (step,) = [s for s in workflow["jobs"]["drift"]["steps"] if "ktb-action" in s.get("uses", "")]
    assert ("schedule" in workflow["on"], step["with"]["mode"]) == (True, "drift")


def test_apply_example_may_comment_the_result_on_the_merged_pull_request() -> None:
    assert _workflow("ktb-apply.yml")["permissions"] == {
        "checks": "write",
        "pull-requests": "write",
        "contents": "read",
    }
