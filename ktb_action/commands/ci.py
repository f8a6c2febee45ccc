"""`ktb ci`: one command for GitHub Actions, GitLab CI/CD and any other CI (e.g. Jenkins).

Options also read the GitHub Action's inputs, which the runner passes as `INPUT_<NAME>` with
the name upper-cased and its hyphens kept (`INPUT_BOOTSTRAP-SERVERS`).
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ktb_action.ci.comment import plan_marker
from ktb_action.ci.diff import FilterMode
from ktb_action.ci.events import Request, detect
from ktb_action.ci.job import Mode, Platform
from ktb_action.ci.run import Options, run_ci
from ktb_action.commands.options import SETTINGS_HELP, DebugOpt, connection

AUDIT_FILE = "ktb-audit.json"
SUMMARY_FILE = "ktb-summary.md"
"""The job summary as an artefact where the platform has no summary page (GitLab,
Bitbucket); GitHub's is `$GITHUB_STEP_SUMMARY`."""


class PlatformChoice(StrEnum):
    """`--platform`: where to report; `auto` detects it from the CI variables."""

    AUTO = "auto"
    GITHUB = "github"
    GITLAB = "gitlab"
    BITBUCKET = "bitbucket"
    NONE = "none"


class ModeChoice(StrEnum):
    """`--mode`: what to do; `auto` routes by the CI event."""

    AUTO = "auto"
    VALIDATE = "validate"
    PLAN = "plan"
    APPLY = "apply"
    DRIFT = "drift"


def command(
    *,
    platform: Annotated[
        PlatformChoice,
        typer.Option("--platform", envvar="KTB_PLATFORM", help="Where to report results."),
    ] = PlatformChoice.AUTO,
    mode: Annotated[
        ModeChoice,
        typer.Option("--mode", envvar=["INPUT_MODE", "KTB_MODE"], help="What to do."),
    ] = ModeChoice.AUTO,
    change_request: Annotated[
        int | None,
        typer.Option(
            "--change-request",
            envvar="KTB_CHANGE_REQUEST",
            help="Pull request number or merge request IID (outside GitHub/GitLab CI).",
        ),
    ] = None,
    commit: Annotated[
        str | None,
        typer.Option("--commit", envvar="KTB_COMMIT", help="The commit SHA to annotate."),
    ] = None,
    repo: Annotated[
        str | None,
        typer.Option("--repo", envvar="KTB_REPO", help="owner/name (GitHub) or project ID."),
    ] = None,
    topology: Annotated[
        # `str`, not `Path`: click splits a variable holding several values on whitespace
        # for strings, but on `:` for paths, and the inputs document spaces.
        list[str] | None,
        typer.Option(
            "--topology",
            envvar=["INPUT_TOPOLOGY", "KTB_TOPOLOGY"],
            help="Topology file or directory (repeatable; separated by spaces in the "
            "variable). Default: the settings' `topology` paths, else the current directory.",
        ),
    ] = None,
    settings: Annotated[
        Path | None,
        typer.Option("--settings", envvar=["INPUT_SETTINGS", "KTB_SETTINGS"], help=SETTINGS_HELP),
    ] = None,
    bootstrap_servers: Annotated[
        str | None,
        typer.Option(
            "--bootstrap-servers",
            envvar=["INPUT_BOOTSTRAP-SERVERS", "KTB_BOOTSTRAP_SERVERS"],
            help="Kafka bootstrap servers, host:port[,host:port].",
        ),
    ] = None,
    client_config: Annotated[
        Path | None,
        typer.Option(
            "--client-config",
            envvar=["INPUT_CLIENT-CONFIG", "KTB_CLIENT_CONFIG"],
            help="Java-style client .properties file.",
        ),
    ] = None,
    comment: Annotated[
        bool,
        typer.Option(
            "--comment/--no-comment",
            envvar=["INPUT_COMMENT", "KTB_COMMENT"],
            help="Post the plan as a sticky PR/MR comment.",
        ),
    ] = True,
    comment_key: Annotated[
        str,
        typer.Option(
            "--comment-key",
            envvar=["INPUT_COMMENT-KEY", "KTB_COMMENT_KEY"],
            help="Tells apart the comments of several runs on one change request (e.g. the "
            "cluster of a matrix job): letters, digits, `.`, `_`, `-`.",
        ),
    ] = "",
    filter_mode: Annotated[
        FilterMode,
        typer.Option(
            "--filter-mode",
            envvar=["INPUT_FILTER-MODE", "KTB_FILTER_MODE"],
            help="Which findings go on the diff (all stay in the summary): `added` lines, "
            "changed `file`s, or `nofilter`.",
        ),
    ] = FilterMode.ADDED,
    fail_on_warnings: Annotated[
        bool,
        typer.Option(
            "--fail-on-warnings",
            envvar=["INPUT_FAIL-ON-WARNINGS", "KTB_FAIL_ON_WARNINGS"],
            help="Fail the run on warnings too.",
        ),
    ] = False,
    plan_json: Annotated[
        Path, typer.Option("--plan-json", help="Where to write the plan as JSON.")
    ] = Path("plan.json"),
    audit_file: Annotated[
        Path,
        typer.Option(
            "--audit-file",
            envvar="KTB_AUDIT_FILE",
            help="Where an apply writes its audit record as JSON (keep it as an artefact).",
        ),
    ] = Path(AUDIT_FILE),
    debug: DebugOpt = False,
) -> None:
    """Run in CI: detect the platform and event, then validate, plan or apply, and report."""

    # The platform adapters load requests and the core steps confluent_kafka: imported for a
    # `ktb ci` run, not at every `ktb` start.
    from ktb_action.ci.jenkins import merge_head  # noqa: PLC0415
    from ktb_action.ci.merged import MergedLookup  # noqa: PLC0415
    from ktb_action.ci.reporters import reporter_for  # noqa: PLC0415
    from ktb_action.ci.steps import core_steps  # noqa: PLC0415

    env = dict(os.environ)
    root = Path.cwd()
    job = detect(
        env,
        Request(
            platform=None if platform is PlatformChoice.AUTO else Platform(platform.value),
            mode=None if mode is ModeChoice.AUTO else Mode(mode.value),
            change_request=change_request,
            commit=commit,
            repo=repo,
        ),
        pr_head=lambda: merge_head(root),
    )
    # The audit record and the apply comment name the same change request: one lookup.
    merged = MergedLookup(job, env)
    reporter = reporter_for(
        job,
        env,
        root,
        sys.stdout,
        comment=comment,
        marker=plan_marker(comment_key),
        filter_mode=filter_mode,
        merged=merged.number,
    )
    steps = core_steps(
        root,
        tuple(Path(path) for path in topology or ()),
        settings,
        connection(bootstrap_servers, client_config, debug),
        audit_file=audit_file,
        merged_from=merged.change_request,
    )
    summary_file = (
        Path(SUMMARY_FILE) if job.platform in (Platform.GITLAB, Platform.BITBUCKET) else None
    )
    options = Options(
        plan_json=plan_json, fail_on_warnings=fail_on_warnings, summary_file=summary_file
    )

    try:
        code = run_ci(job, steps, reporter, options, sys.stdout)
    finally:
        steps.close()
    raise typer.Exit(code)
