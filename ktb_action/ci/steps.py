"""The real core steps behind `ktb ci`: the same functions `ktb validate/plan/apply` use."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from ktb_action import planning
from ktb_action.audit.sinks import record_apply
from ktb_action.ci.apply_result import Applied, AppliedChange
from ktb_action.ci.merged import ChangeRequest
from ktb_action.ci.ownership import in_ci
from ktb_action.ci.run import Steps
from ktb_action.commands.options import open_servers
from ktb_action.core.applier import ApplyReport
from ktb_action.core.plan import Plan
from ktb_action.diagnostics import Diagnostic
from ktb_action.kafka.config import ConnectionOptions
from ktb_action.pipeline import Loaded, load_topologies
from ktb_action.render.apply_text import render_apply_report
from ktb_action.render.diagnostics_github import render_github
from ktb_action.render.diagnostics_gitlab import render_gitlab
from ktb_action.render.diagnostics_text import render_text as render_diagnostics
from ktb_action.render.plan_json import render_json
from ktb_action.render.plan_markdown import render_markdown
from ktb_action.render.plan_text import change_lines, render_text
from ktb_action.servers import Servers


def applied_from(report: ApplyReport) -> Applied:
    """The apply report as the CI run shows it: each change's first line and its result."""
    results = tuple(
        AppliedChange(change_lines(r.change)[0].strip(), r.outcome, r.error) for r in report.results
    )
    return Applied(ok=report.ok, text=render_apply_report(report), results=results)


def core_steps(
    root: Path,
    paths: Sequence[Path],
    settings: Path | None,
    connection: ConnectionOptions,
    *,
    audit_file: Path | None = None,
    merged_from: Callable[[], ChangeRequest | None] = lambda: None,
) -> Steps:
    """Steps wired to the validation, planning and apply modules. The cluster is contacted
    only when a plan is made (validation needs no connection), once per run. The ownership
    state and the audit topic are on by default (`in_ci`); an apply's audit record also
    goes to `audit_file`, the job's artefact, naming the change request `merged_from` finds."""

    opened: list[Servers] = []
    planned: list[tuple[Loaded, datetime]] = []

    def servers() -> Servers:
        if not opened:
            opened.append(open_servers(connection, root, write=True))
        return opened[0]

    def close() -> None:
        for run_servers in opened:
            run_servers.close()

    def read() -> Loaded:
        return in_ci(load_topologies(paths, root, settings))

    def plan(loaded: Loaded) -> Plan:
        planned.append((loaded, datetime.now(UTC)))
        return planning.make_plan(loaded, servers())

    def apply(plan: Plan) -> Applied:
        report = planning.apply(plan, servers())
        loaded, started = planned[-1]
        found = merged_from()
        record_apply(
            loaded,
            servers(),
            plan,
            report,
            os.environ,
            started=started,
            audit_file=audit_file,
            merged_from=None if found is None else (found.number, found.url),
        )
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
        close=close,
    )
