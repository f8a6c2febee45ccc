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
    lines += [
        "",
        f"{verdict}: {report.count(Outcome.SUCCEEDED)} succeeded, "
        f"{report.count(Outcome.FAILED)} failed, "
        f"{report.count(Outcome.NOT_ATTEMPTED)} not attempted.",
    ]
    return "\n".join(lines) + "\n"


_OUTCOME_TEXT = {
    Outcome.SUCCEEDED: "done",
    Outcome.FAILED: "FAILED",
    Outcome.NOT_ATTEMPTED: "not attempted (an earlier step failed)",
}
