"""What apply did, as terminal text: a line per change with its outcome, then the counts.

Apart from the plan renderers: only a command that applies needs it.
"""

from __future__ import annotations

from ktb_action.core.applier import ApplyReport, Outcome
from ktb_action.render.escape import escape_text
from ktb_action.render.plan_text import COLORS, RESET


def render_apply_report(report: ApplyReport, *, color: bool = False) -> str:
    """Every change apply was asked to make, with what became of it, then the counts."""
    if not report.results:
        return "Nothing to apply.\n"
    lines = [""]
    for result in report.results:
        change = result.change
        line = f"  {change.verb.symbol} {change.kind} {escape_text(change.name)}: "
        line += _OUTCOME_TEXT[result.outcome]
        if result.error:
            line += f": {escape_text(result.error)}"
        if color and result.outcome is not Outcome.SUCCEEDED:
            line = f"{COLORS['-']}{line}{RESET}"
        lines.append(line)
    verdict = "Apply complete" if report.ok else "Apply failed"
    unknown = report.count(Outcome.UNKNOWN)
    counts = (
        f"{report.count(Outcome.SUCCEEDED)} succeeded, {report.count(Outcome.FAILED)} failed, "
        f"{report.count(Outcome.NOT_ATTEMPTED)} not attempted"
    )
    lines += ["", f"{verdict}: {counts}{f', {unknown} unknown' if unknown else ''}."]
    if report.unseen is not None:
        lines.append(f"The writes were acknowledged but not seen: {escape_text(report.unseen)}.")
    if unknown or report.unseen is not None:
        lines.append(REPLAN)
    return "\n".join(lines) + "\n"


REPLAN = (
    "Kafka stopped answering, so what it has now is unknown: plan again (against the cluster, "
    "not a saved plan) before you apply anything."
)


_OUTCOME_TEXT = {
    Outcome.SUCCEEDED: "done",
    Outcome.FAILED: "FAILED",
    Outcome.NOT_ATTEMPTED: "not attempted (an earlier step failed)",
    Outcome.UNKNOWN: "UNKNOWN (sent, no answer)",
}
