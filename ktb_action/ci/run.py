"""`ktb ci` orchestration: read, plan, apply as the job's mode says, then report.

The core steps and the platform adapter are passed in, so this module decides only the order
and the outcome; tests drive it with fakes and the command wires the real pieces.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TextIO

from ktb_action.ci.apply_result import Applied, apply_markdown, apply_summary
from ktb_action.ci.comment import STEP_SUMMARY_LIMIT, build_comment, findings_line, utf8_size
from ktb_action.ci.job import Job, Mode
from ktb_action.ci.line_comments import suggestions
from ktb_action.ci.outputs import Outputs
from ktb_action.ci.plan_digest import digest
from ktb_action.ci.report import Delivery, Report
from ktb_action.core.plan import CHANGED_OUTSIDE, Plan, Status, summarize
from ktb_action.diagnostics import Diagnostic, Severity, count
from ktb_action.errors import EXIT_ERRORS, EXIT_OK, KtbError
from ktb_action.pipeline import Loaded
from ktb_action.render.escape import escape_text

# In CI a run that reads no topology file would pass having checked nothing.
_NOTHING_READ = "directory-empty"


@dataclass(frozen=True)
class Steps:
    """The core operations and renderers `ktb ci` drives (the real ones, or test fakes)."""

    read: Callable[[], Loaded]
    plan: Callable[[Loaded], Plan]
    apply: Callable[[Plan], Applied]
    plan_markdown: Callable[[Plan], str]
    plan_text: Callable[[Plan], str]
    plan_json: Callable[[Plan], str]
    diagnostics_text: Callable[[Sequence[Diagnostic], Loaded], str]
    workflow_commands: Callable[[Sequence[Diagnostic]], str]
    code_quality: Callable[[Sequence[Diagnostic], dict[str, str]], str]
    close: Callable[[], None] = lambda: None
    """Closes the connections the steps opened, once the run has reported."""


class Reporter(Protocol):
    """A platform adapter: delivers a report and says what reached the platform."""

    def deliver(self, report: Report) -> Delivery:
        """Post or print the report; API failures are returned, not raised."""
        ...


@dataclass(frozen=True)
class Options:
    """How strict the run is and where the plan JSON goes."""

    plan_json: Path = Path("plan.json")
    fail_on_warnings: bool = False
    summary_file: Path | None = None
    """Where the job summary goes as a markdown artefact, on platforms with no summary page
    of their own (GitLab, Bitbucket)."""


def run_ci(job: Job, steps: Steps, reporter: Reporter, options: Options, log: TextIO) -> int:
    """Run the job and report it; returns the exit code."""
    log.write(f"ktb ci: {escape_text(job.reason)}\n")
    if job.mode is None:
        return EXIT_OK
    loaded = steps.read()
    diagnostics = tuple(
        d.with_severity(Severity.ERROR) if d.rule == _NOTHING_READ else d
        for d in loaded.diagnostics
    )
    plan: Plan | None = None
    no_plan_reason = ""
    if job.mode is not Mode.VALIDATE and not count(diagnostics, Severity.ERROR):
        try:
            plan = steps.plan(loaded)
        except KtbError as error:
            # Unreachable Kafka, or a fork without secrets: still report everything else.
            no_plan_reason = error.message + (f" ({error.hint})" if error.hint else "")
        else:
            diagnostics += plan.diagnostics
    log.write(steps.diagnostics_text(diagnostics, loaded))
    if no_plan_reason:
        log.write(f"error: plan not made: {no_plan_reason}\n")
    if plan is not None:
        log.write(steps.plan_text(plan))
        options.plan_json.write_text(steps.plan_json(plan), encoding="utf-8")
    applied = _apply(job, steps, plan, diagnostics, log)
    failed = bool(no_plan_reason) or _failed(
        job, diagnostics, plan, applied, options.fail_on_warnings
    )
    report = Report(
        job=job,
        diagnostics=diagnostics,
        outputs=_outputs(job, diagnostics, plan, options.plan_json, applied),
        failed=failed,
        plan_markdown=steps.plan_markdown(plan) if plan is not None else "",
        workflow_commands=steps.workflow_commands(diagnostics),
        code_quality=steps.code_quality(diagnostics, loaded.reading.sources),
        title=f"ktb {job.mode}",
        digest=digest(plan) if plan is not None else None,
        no_plan_reason=no_plan_reason,
        result_markdown=apply_markdown(applied) if applied is not None else "",
        suggestions=suggestions(diagnostics, loaded.reading.sources),
    )
    delivery = reporter.deliver(report)
    _log_delivery(delivery, log)
    if options.summary_file is not None:
        parts = report.comment_parts(
            full_plan_at=f"the job log and the `{options.plan_json}` artefact",
            note=delivery.note(),
            header="",
        )
        summary = build_comment(parts, STEP_SUMMARY_LIMIT, marker="", size=utf8_size)
        options.summary_file.write_text(summary, encoding="utf-8")
    return EXIT_ERRORS if failed or delivery.failures else EXIT_OK


def _log_delivery(delivery: Delivery, log: TextIO) -> None:
    for level, problems in (("error", delivery.failures), ("warning", delivery.skipped)):
        for problem in problems:
            log.write(f"{level}: {escape_text(problem.message)}\n")
            if problem.hint:
                log.write(f"  help: {escape_text(problem.hint)}\n")
    if delivery.failures and delivery.posted:
        log.write(f"note: posted only {', '.join(delivery.posted)}\n")


def _apply(
    job: Job, steps: Steps, plan: Plan | None, diagnostics: tuple[Diagnostic, ...], log: TextIO
) -> Applied | None:
    if job.mode is not Mode.APPLY or plan is None or count(diagnostics, Severity.ERROR):
        return None
    if any(c.status is Status.UNSUPPORTED for c in plan.changes):
        log.write("not applied: the plan has unsupported changes\n")
        return None
    if not plan.has_changes:
        log.write("nothing to apply: Kafka already matches the topology\n")
        return Applied(ok=True, text="")
    applied = steps.apply(plan)
    log.write(applied.text)
    return applied


def _failed(
    job: Job,
    diagnostics: tuple[Diagnostic, ...],
    plan: Plan | None,
    applied: Applied | None,
    fail_on_warnings: bool,
) -> bool:
    if count(diagnostics, Severity.ERROR):
        return True
    if fail_on_warnings and count(diagnostics, Severity.WARNING):
        return True
    if plan is not None and any(c.status is Status.UNSUPPORTED for c in plan.changes):
        return True
    if job.mode is Mode.DRIFT and plan is not None and plan.has_changes:
        return True
    return applied is not None and not applied.ok


def _outputs(
    job: Job,
    diagnostics: tuple[Diagnostic, ...],
    plan: Plan | None,
    plan_json: Path,
    applied: Applied | None,
) -> Outputs:
    errors = count(diagnostics, Severity.ERROR)
    findings = findings_line(diagnostics)
    if plan is None:
        return Outputs(False, errors, "", f"ktb {job.mode}: {findings}, no plan")
    if applied is not None and applied.results:
        summary = f"ktb apply: {apply_summary(applied)}; {findings}"
        return Outputs(plan.has_changes, errors, str(plan_json), summary)
    s = summarize(plan.changes)
    # The drift job names what was changed behind ktb's back, not only how much differs.
    outside = sum(1 for c in plan.changes if c.changed_outside)
    drift = f", {outside} {CHANGED_OUTSIDE}" if outside else ""
    return Outputs(
        has_changes=plan.has_changes,
        errors=errors,
        plan_json=str(plan_json),
        summary=f"ktb {job.mode}: {s.create} to create, {s.update} to update, "
        f"{s.delete} to delete, {s.blocked + s.unsupported} blocked{drift}; {findings}",
    )
