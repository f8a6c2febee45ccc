"""The real core steps behind `ktb ci`: the same functions `ktb validate/plan/apply` use."""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from ktb_action.apply import ApplyReport, Outcome, apply_plan
from ktb_action.ci.apply_result import Applied, AppliedChange, Result
from ktb_action.ci.run import Steps
from ktb_action.diagnostics import Diagnostic
from ktb_action.kafka.admin import open_session
from ktb_action.kafka.config import ConnectionOptions
from ktb_action.kafka.read import KafkaReader
from ktb_action.kafka.write import KafkaWriter
from ktb_action.plan.make import Loaded, load_topologies, make_plan
from ktb_action.plan.model import Plan
from ktb_action.render.apply_text import render_apply_report
from ktb_action.render.diagnostics_github import render_github
from ktb_action.render.diagnostics_gitlab import render_gitlab
from ktb_action.render.diagnostics_text import render_text as render_diagnostics
from ktb_action.render.plan_json import render_json
from ktb_action.render.plan_markdown import render_markdown
from ktb_action.render.plan_text import change_lines, render_text

_RESULTS = {
    Outcome.SUCCEEDED: Result.DONE,
    Outcome.FAILED: Result.FAILED,
    Outcome.NOT_ATTEMPTED: Result.NOT_ATTEMPTED,
}


def applied_from(report: ApplyReport) -> Applied:
    """The apply report as the CI run shows it: each change's first line and its result."""
    results = tuple(
        AppliedChange(change_lines(r.change)[0].strip(), _RESULTS[r.outcome], r.error)
        for r in report.results
    )
    return Applied(ok=report.ok, text=render_apply_report(report), results=results)


def core_steps(
    root: Path, paths: Sequence[Path], settings: Path | None, connection: ConnectionOptions
) -> Steps:
    """Steps wired to the validation, planning and apply modules. The cluster is contacted
    only when a plan is made (validation needs no connection), once per run."""

    @cache
    def reader() -> KafkaReader:
        return KafkaReader(open_session(connection, os.environ))

    def read() -> Loaded:
        return load_topologies(paths, root, settings)

    def plan(loaded: Loaded) -> Plan:
        return make_plan(loaded.reading.topologies, loaded.settings, reader())

    def apply(plan: Plan) -> Applied:
        report = apply_plan(plan, KafkaWriter(reader().session))
        return applied_from(report)

    def diagnostics_text(diagnostics: Sequence[Diagnostic], loaded: Loaded) -> str:
        return render_diagnostics(
            diagnostics, loaded.reading.sources, files=len(loaded.reading.files)
        )

    return Steps(
        read=read,
        plan=plan,
        apply=apply,
        plan_markdown=render_markdown,
        plan_text=render_text,
        plan_json=render_json,
        diagnostics_text=diagnostics_text,
        workflow_commands=render_github,
        code_quality=render_gitlab,
    )
