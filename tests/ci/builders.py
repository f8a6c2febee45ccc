"""Values the CI tests build directly: diagnostics, plans, jobs and reports."""

from __future__ import annotations

from ktb_action.ci.job import Job, Mode, Platform
from ktb_action.ci.outputs import Outputs
from ktb_action.ci.plan_digest import digest
from ktb_action.ci.report import Report
from ktb_action.core.plan import Address, Change, Plan, Verb
from ktb_action.diagnostics import Diagnostic, Severity, Span
from ktb_action.kinds.topics.values import TopicSpec
from ktb_action.render.diagnostics_github import render_github
from ktb_action.render.plan_markdown import render_markdown
from tests.fakes.gitlab_api import MR_HEAD_SHA

# The head of the pull request in GitHub's published examples (and in the GitLab fake's).
HEAD_SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e"
BASE_SHA = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e"
REPO = "Codertocat/Hello-World"
FILE = "topologies/orders.yaml"


def error(line: int, message: str = "unknown key `partitons` in `topics`") -> Diagnostic:
    """An error on one line of the topology file, with a hint."""
    return Diagnostic(
        "schema-unknown-key",
        Severity.ERROR,
        message,
        Span(FILE, line, 9, line, 18),
        "did you mean `partitions`?",
    )


def warning(line: int) -> Diagnostic:
    """A warning spanning two lines (so it has no columns in an annotation)."""
    return Diagnostic(
        "topic-few-partitions",
        Severity.WARNING,
        "topic has 1 partition",
        Span(FILE, line, 5, line + 1, 3),
    )


def topic_plan(*names: str) -> Plan:
    """A plan creating one topic per name."""
    return Plan(
        changes=tuple(
            Change(
                Verb.CREATE,
                Address("topic", name),
                None,
                TopicSpec(name, 3, 3, (("cleanup.policy", "delete"),)),
                Span(FILE, 4, 9, 4, 20),
                project="orders",
            )
            for name in names
        ),
        fingerprint="f" * 16,
        contexts=("acme",),
    )


def pr_job(**changes: object) -> Job:
    """A GitHub pull request plan job for PR #1 of the webhook examples' repository."""
    values: dict[str, object] = {
        "platform": Platform.GITHUB,
        "mode": Mode.PLAN,
        "reason": "pull request #1 opened",
        "event": "pull_request",
        "change_request": 1,
        "head_sha": HEAD_SHA,
        "base_sha": BASE_SHA,
        "repo": REPO,
        "default_branch": "master",
    }
    values.update(changes)
    return Job(**values)  # type: ignore[arg-type]


def gitlab_apply_job(**changes: object) -> Job:
    """A GitLab apply job of project 42 for the head of merge request !7 (the fake's)."""
    return pr_job(
        platform=Platform.GITLAB,
        mode=Mode.APPLY,
        change_request=None,
        head_sha=MR_HEAD_SHA,
        repo="42",
        **changes,
    )


def report(job: Job, diagnostics: tuple[Diagnostic, ...] = (), plan: Plan | None = None) -> Report:
    """A report as `run_ci` builds it, with the teammates' renderers."""
    failed = any(d.severity is Severity.ERROR for d in diagnostics)
    return Report(
        job=job,
        diagnostics=diagnostics,
        outputs=Outputs(
            has_changes=plan is not None and plan.has_changes,
            errors=sum(d.severity is Severity.ERROR for d in diagnostics),
            plan_json="plan.json" if plan else "",
            summary="ktb plan: 1 to create",
        ),
        failed=failed,
        plan_markdown=render_markdown(plan) if plan else "",
        workflow_commands=render_github(diagnostics),
        digest=digest(plan) if plan else None,
    )
