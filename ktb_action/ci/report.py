"""What a run has to tell the platform, already rendered, and what got delivered."""

from __future__ import annotations

from dataclasses import dataclass, field

from ktb_action.ci.comment import CommentParts
from ktb_action.ci.job import Job
from ktb_action.ci.line_comments import Suggestion
from ktb_action.ci.outputs import Outputs
from ktb_action.ci.plan_digest import PlanDigest
from ktb_action.diagnostics import Diagnostic
from ktb_action.errors import KtbError
from ktb_action.render.escape import escape_markdown


@dataclass(frozen=True)
class Report:
    """The results of a run; adapters only deliver these, they decide nothing."""

    job: Job
    diagnostics: tuple[Diagnostic, ...]
    outputs: Outputs
    failed: bool
    """Whether the run fails (errors, warnings made fatal, drift, a failed apply)."""
    plan_markdown: str = ""
    """The plan rendered as escaped markdown ('' when no plan was made)."""
    workflow_commands: str = ""
    """The diagnostics as GitHub workflow commands, for when check runs cannot be written."""
    code_quality: str = ""
    """The diagnostics as a GitLab Code Quality report (JSON)."""
    title: str = "ktb plan"
    digest: PlanDigest | None = None
    """The plan's changes by kind, so a cut comment keeps deletions and blocked changes."""
    no_plan_reason: str = ""
    """Why no plan was made although one was wanted (e.g. Kafka could not be reached)."""
    result_markdown: str = ""
    """What apply did, change by change ('' when nothing was applied)."""
    suggestions: tuple[Suggestion, ...] = ()
    """Mechanical fixes of findings, offered as suggested changes on the diff."""

    def comment_parts(self, full_plan_at: str, note: str, header: str) -> CommentParts:
        """The parts of a comment, summary or check run showing this report."""
        return CommentParts(
            title=self.title,
            diagnostics=self.diagnostics,
            plan_markdown=self.plan_markdown,
            full_plan_at=full_plan_at,
            note=note,
            digest=self.digest,
            no_plan_reason=self.no_plan_reason,
            header=header,
            result_markdown=self.result_markdown,
        )


@dataclass
class Delivery:
    """Which parts reached the platform, and which calls failed (so nothing is half-posted
    silently: the summary lists both)."""

    posted: list[str] = field(default_factory=list)
    failures: list[KtbError] = field(default_factory=list)
    skipped: list[KtbError] = field(default_factory=list)
    """Parts left out on purpose, with why and how to get them (they fail nothing)."""

    def note(self) -> str:
        """Trusted markdown for the summary when some part failed; '' when all went well."""
        if not self.failures:
            return ""
        done = ", ".join(self.posted) if self.posted else "nothing"
        failed = "; ".join(escape_markdown(f.message) for f in self.failures)
        return f"> [!WARNING]\n> Posted: {done}. Failed: {failed}."
