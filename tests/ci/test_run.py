"""`run_ci` orchestration: which steps run for each mode, and the exit code."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest

from ktb_action.ci.apply_result import Applied
from ktb_action.ci.http import ApiError
from ktb_action.ci.job import Mode
from ktb_action.ci.report import Delivery, Report
from ktb_action.ci.run import Options, Steps, run_ci
from ktb_action.core.plan import Plan, Status
from ktb_action.diagnostics import Diagnostic
from ktb_action.pipeline import Loaded, Reading
from ktb_action.settings import Settings
from tests.ci.builders import error, pr_job, topic_plan, warning

NO_CHANGES = Plan(changes=(), fingerprint="0")
APPLIED = Applied(ok=True, text="applied\n")


class Recorder:
    """Fake core steps and reporter that record what the run asked of them."""

    def __init__(
        self,
        diagnostics: tuple[Diagnostic, ...] = (),
        plan: Plan = NO_CHANGES,
        applied: Applied = APPLIED,
        delivery: Delivery | None = None,
    ) -> None:
        self.calls: list[str] = []
        self.reports: list[Report] = []
        self._loaded = Loaded(Settings(), Reading((), diagnostics))
        self._plan = plan
        self._applied = applied
        self._delivery = delivery or Delivery(posted=["terminal"])

    def steps(self) -> Steps:
        def read() -> Loaded:
            self.calls.append("read")
            return self._loaded

        def plan(loaded: Loaded) -> Plan:
            self.calls.append("plan")
            return self._plan

        def apply(plan: Plan) -> Applied:
            self.calls.append("apply")
            return self._applied

        return Steps(
            read=read,
            plan=plan,
            apply=apply,
            plan_markdown=lambda p: "### ktb plan\n",
            plan_text=lambda p: "plan text\n",
            plan_json=lambda p: '{"format_version": 1}',
            diagnostics_text=lambda d, loaded: "".join(f"{x.rule}\n" for x in d),
            workflow_commands=lambda d: "",
            code_quality=lambda d, s: "[]",
        )

    def deliver(self, report: Report) -> Delivery:
        self.reports.append(report)
        return self._delivery


def _run(
    recorder: Recorder, tmp_path: Path, mode: Mode | None, *, fail_on_warnings: bool = False
) -> int:
    job = pr_job(mode=mode, reason="because")
    opts = Options(plan_json=tmp_path / "plan.json", fail_on_warnings=fail_on_warnings)
    return run_ci(job, recorder.steps(), recorder, opts, io.StringIO())


def test_job_with_nothing_to_do_reads_nothing_and_exits_0(tmp_path: Path) -> None:
    recorder = Recorder()
    assert _run(recorder, tmp_path, None) == 0
    assert (recorder.calls, recorder.reports) == ([], [])


def test_validate_mode_reads_and_reports_without_planning(tmp_path: Path) -> None:
    recorder = Recorder()
    assert _run(recorder, tmp_path, Mode.VALIDATE) == 0
    assert recorder.calls == ["read"]
    assert recorder.reports[0].outputs.summary == "ktb validate: 0 errors, 0 warnings, no plan"


def test_errors_stop_the_run_before_planning_and_fail_it(tmp_path: Path) -> None:
    recorder = Recorder(diagnostics=(error(6),))
    assert _run(recorder, tmp_path, Mode.APPLY) == 1
    assert recorder.calls == ["read"]
    assert recorder.reports[0].failed is True


def test_plan_mode_writes_the_plan_json_and_reports_changes(tmp_path: Path) -> None:
    recorder = Recorder(plan=topic_plan("acme.orders"))
    assert _run(recorder, tmp_path, Mode.PLAN) == 0
    outputs = recorder.reports[0].outputs
    assert (outputs.has_changes, outputs.plan_json, outputs.summary) == (
        True,
        str(tmp_path / "plan.json"),
        "ktb plan: 1 to create, 0 to update, 0 to delete, 0 blocked; 0 errors, 0 warnings",
    )
    assert (tmp_path / "plan.json").read_text(encoding="utf-8") == '{"format_version": 1}'
    assert recorder.calls == ["read", "plan"]


def test_apply_mode_applies_the_plan_it_computed(tmp_path: Path) -> None:
    recorder = Recorder(plan=topic_plan("acme.orders"))
    assert _run(recorder, tmp_path, Mode.APPLY) == 0
    assert recorder.calls == ["read", "plan", "apply"]


def test_apply_with_nothing_to_change_does_not_call_apply(tmp_path: Path) -> None:
    recorder = Recorder()
    assert _run(recorder, tmp_path, Mode.APPLY) == 0
    assert recorder.calls == ["read", "plan"]


def test_failed_apply_fails_the_run(tmp_path: Path) -> None:
    recorder = Recorder(plan=topic_plan("acme.orders"), applied=Applied(ok=False, text=""))
    assert _run(recorder, tmp_path, Mode.APPLY) == 1


@pytest.mark.parametrize(("plan", "code"), [(topic_plan("acme.orders"), 1), (NO_CHANGES, 0)])
def test_drift_fails_only_when_kafka_differs_from_the_default_branch(
    tmp_path: Path, plan: Plan, code: int
) -> None:
    recorder = Recorder(plan=plan)
    assert _run(recorder, tmp_path, Mode.DRIFT) == code
    assert recorder.calls == ["read", "plan"]


def test_the_drift_job_names_how_many_changes_were_made_outside_ktb(tmp_path: Path) -> None:
    created = topic_plan("acme.orders")
    drifted = replace(created, changes=(replace(created.changes[0], changed_outside=True),))
    recorder = Recorder(plan=drifted)
    assert _run(recorder, tmp_path, Mode.DRIFT) == 1
    assert recorder.reports[0].outputs.summary == (
        "ktb drift: 1 to create, 0 to update, 0 to delete, 0 blocked, 1 changed outside ktb; "
        "0 errors, 0 warnings"
    )


@pytest.mark.parametrize(("fail_on_warnings", "code"), [(False, 0), (True, 1)])
def test_warnings_fail_the_run_only_when_asked(
    tmp_path: Path, fail_on_warnings: bool, code: int
) -> None:
    recorder = Recorder(diagnostics=(warning(3),))
    assert _run(recorder, tmp_path, Mode.PLAN, fail_on_warnings=fail_on_warnings) == code


def test_unsupported_change_fails_the_run_and_is_never_applied(tmp_path: Path) -> None:
    plan = topic_plan("acme.orders")
    unsupported = replace(plan, changes=(replace(plan.changes[0], status=Status.UNSUPPORTED),))
    recorder = Recorder(plan=unsupported)
    assert _run(recorder, tmp_path, Mode.APPLY) == 1
    assert recorder.calls == ["read", "plan"]


def test_a_part_that_could_not_be_posted_fails_the_run_and_is_named(tmp_path: Path) -> None:
    failure = ApiError("GitHub API call `create plan comment` failed with HTTP 422", 422)
    recorder = Recorder(delivery=Delivery(posted=["check run"], failures=[failure]))
    log = io.StringIO()
    opts = Options(plan_json=tmp_path / "plan.json")
    code = run_ci(pr_job(mode=Mode.PLAN, reason="because"), recorder.steps(), recorder, opts, log)
    assert code == 1
    assert log.getvalue().endswith(
        "error: GitHub API call `create plan comment` failed with HTTP 422\n"
        "note: posted only check run\n"
    )
