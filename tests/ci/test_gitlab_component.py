"""The GitLab CI/CD component and example pipeline, checked against GitLab's own CI schema
(`ci.json`, as vendored by check-jsonschema) and for inputs that are declared and used."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from ktb_action.ci.gitlab import CODE_QUALITY_FILE, DOTENV_FILE
from ktb_action.commands.ci import AUDIT_FILE, SUMMARY_FILE
from tests.ci.vendored_schemas import documents, errors

ROOT = Path(__file__).resolve().parents[2]
COMPONENT = ROOT / "templates" / "ktb.yml"
EXAMPLE = ROOT / "examples" / "gitlab" / ".gitlab-ci.yml"
_INPUT = re.compile(r"\$\[\[\s*inputs\.(\w+)\s*\]\]")


@pytest.mark.parametrize("path", [COMPONENT, EXAMPLE], ids=["component", "example"])
def test_every_document_is_valid_against_gitlab_ci_schema(path: Path) -> None:
    assert [errors("gitlab-ci", document) for document in documents(path)] == [
        [] for _ in documents(path)
    ]


def test_component_has_a_spec_header_then_jobs() -> None:
    header, jobs = documents(COMPONENT)
    assert list(header) == ["spec"]
    assert sorted(jobs) == [".ktb-base", "ktb-apply", "ktb-drift", "ktb-plan"]


def test_every_input_the_jobs_use_is_declared_and_every_declared_one_is_used() -> None:
    header_text, jobs_text = COMPONENT.read_text(encoding="utf-8").split("\n---\n")
    declared = set(yaml.safe_load(header_text)["spec"]["inputs"])
    assert set(_INPUT.findall(jobs_text)) == declared


def test_jobs_run_on_merge_requests_default_branch_pushes_and_schedules() -> None:
    _, jobs = documents(COMPONENT)
    assert {name: jobs[name]["rules"] for name in ("ktb-plan", "ktb-apply", "ktb-drift")} == {
        "ktb-plan": [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}],
        "ktb-apply": [
            {"if": '$CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH'}
        ],
        "ktb-drift": [{"if": '$CI_PIPELINE_SOURCE == "schedule"'}],
    }


def test_apply_and_drift_are_serialised_by_one_resource_group() -> None:
    _, jobs = documents(COMPONENT)
    assert jobs["ktb-apply"]["resource_group"] == jobs["ktb-drift"]["resource_group"]


def test_plan_job_is_interruptible_in_its_own_resource_group_per_merge_request() -> None:
    _, jobs = documents(COMPONENT)
    plan = jobs["ktb-plan"]
    assert (plan["interruptible"], plan["resource_group"]) == (
        True,
        "$[[ inputs.resource_group ]]-plan-$CI_MERGE_REQUEST_IID",
    )
    assert "interruptible" not in jobs["ktb-apply"]


def test_topology_input_defaults_to_empty_so_the_settings_paths_apply() -> None:
    header, _ = documents(COMPONENT)
    assert header["spec"]["inputs"]["topology"]["default"] == ""


def test_jobs_publish_code_quality_and_dotenv_reports_the_command_writes() -> None:
    _, jobs = documents(COMPONENT)
    assert jobs[".ktb-base"]["artifacts"]["reports"] == {
        "codequality": CODE_QUALITY_FILE,
        "dotenv": DOTENV_FILE,
    }


def test_every_job_keeps_the_summary_and_the_apply_also_its_audit_record() -> None:
    _, jobs = documents(COMPONENT)
    base = jobs[".ktb-base"]["artifacts"]["paths"]
    assert (base, jobs["ktb-apply"]["artifacts"]["paths"]) == (
        ["plan.json", SUMMARY_FILE],
        ["plan.json", SUMMARY_FILE, AUDIT_FILE],
    )


def test_the_token_is_named_by_an_input_never_the_job_token() -> None:
    header, jobs = documents(COMPONENT)
    assert header["spec"]["inputs"]["token_variable"]["default"] == "KTB_GITLAB_TOKEN"
    assert "CI_JOB_TOKEN" not in json.dumps(jobs)


def test_inputs_use_only_documented_input_keywords() -> None:
    header, _ = documents(COMPONENT)
    documented = {"default", "description", "options", "regex", "type", "rules"}
    assert {
        name: sorted(set(spec) - documented)
        for name, spec in header["spec"]["inputs"].items()
        if set(spec) - documented
    } == {}
