"""The Jenkinsfile example only uses `ktb` options and variables that exist, records the
SARIF report it writes, and keeps plan and apply apart."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from typer.main import get_command

from ktb_action.cli import app
from tests.ci.ci_command import ci_command, ci_envvars

ROOT = Path(__file__).resolve().parents[2]
JENKINSFILE = (ROOT / "examples" / "jenkins" / "Jenkinsfile").read_text(encoding="utf-8")


def _stage(name: str) -> str:
    start = JENKINSFILE.index(f"stage('{name}')")
    return JENKINSFILE[start : JENKINSFILE.find("stage(", start + 1)]


def test_ktb_ci_detects_the_git_server_and_plans_pull_requests_and_applies_main() -> None:
    modes = []
    for call in re.findall(r"sh '(ktb ci[^']*)'", JENKINSFILE):
        params = ci_command().make_context("ci", shlex.split(call)[2:]).params
        modes.append((params["platform"], params["mode"]))

    assert modes == [("auto", "plan"), ("auto", "apply")]


def test_warnings_ng_records_the_sarif_report_validate_writes() -> None:
    (call,) = re.findall(r"sh '(ktb validate[^']*)'", JENKINSFILE)
    validate = get_command(app).commands["validate"]  # type: ignore[attr-defined]
    params = validate.make_context("validate", shlex.split(call)[2:]).params
    (pattern,) = re.findall(r"recordIssues\(tools: \[sarif\(pattern: '([^']+)'", JENKINSFILE)

    assert (params["output_format"], str(params["output"])) == ("sarif", pattern)


def test_plan_reads_kafka_with_other_credentials_than_apply_and_builds_never_overlap() -> None:
    assert "credentials('kafka-plan')" in _stage("plan")
    assert "credentials('kafka-apply')" in _stage("apply")
    assert "kafka-apply" not in _stage("plan")
    assert "disableConcurrentBuilds()" in JENKINSFILE


def test_it_runs_the_released_image_the_action_runs() -> None:
    action = (ROOT / "action.yml").read_text(encoding="utf-8")
    (image,) = re.findall(r"image '([^']+)'", JENKINSFILE)

    assert f"docker://{image}" in action


def test_every_ktb_variable_it_sets_is_read_by_ktb_ci_or_the_kafka_config() -> None:
    set_here = set(re.findall(r"^\s+(KTB_\w+) =", JENKINSFILE, flags=re.MULTILINE))
    envvars = ci_envvars()
    # KTB_KAFKA_* are client settings read by ktb_action.kafka.config; the git server tokens
    # are read by the adapters.
    tokens = {"KTB_GITLAB_TOKEN", "KTB_BITBUCKET_TOKEN"}
    assert {v for v in set_here if not v.startswith("KTB_KAFKA_")} <= envvars | tokens
