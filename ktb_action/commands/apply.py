"""`ktb apply`."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from ktb_action.commands.options import (
    BootstrapOpt,
    ClientConfigOpt,
    DebugOpt,
    PathsArg,
    RecursiveOpt,
    RootOpt,
    RotateOpt,
    SettingsOpt,
    TopologyRequest,
    connection,
)
from ktb_action.errors import EXIT_ERRORS, EXIT_OK
from ktb_action.render.plan_text import render_text
from ktb_action.render.progress import progress_display

PlanFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--plan",
        help="Apply this saved plan (from `ktb plan --out`) only if it is exactly the plan "
        "computed now; refused otherwise, naming the first difference.",
    ),
]
AuditFileOpt = Annotated[
    Path | None,
    typer.Option("--audit-file", help="Also write the apply's audit record here, as JSON."),
]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Only print the plan (= ktb plan).")]


def command(
    *,
    paths: PathsArg = None,
    settings: SettingsOpt = None,
    root: RootOpt = Path("."),
    recursive: RecursiveOpt = False,
    bootstrap_servers: BootstrapOpt = None,
    client_config: ClientConfigOpt = None,
    debug: DebugOpt = False,
    rotate_password: RotateOpt = None,
    plan_file: PlanFileOpt = None,
    dry_run: DryRunOpt = False,
    audit_file: AuditFileOpt = None,
) -> None:
    """Recompute the plan, print it, and make the cluster match."""
    request = TopologyRequest(
        paths or (),
        root,
        settings,
        recursive,
        connection(bootstrap_servers, client_config, debug),
        tuple(rotate_password or ()),
    )
    raise typer.Exit(run(request, plan_file, dry_run=dry_run, audit_file=audit_file))


def run(
    request: TopologyRequest,
    plan_file: Path | None,
    *,
    dry_run: bool,
    audit_file: Path | None = None,
) -> int:
    """Plan (and check the saved plan against it), print it, apply it; 1 if anything failed."""
    # Loaded here, not at the top: `ktb validate` and `--help` never pay for the Kafka client.
    from ktb_action import planning  # noqa: PLC0415
    from ktb_action.audit.sinks import record_apply  # noqa: PLC0415
    from ktb_action.render.apply_text import render_apply_report  # noqa: PLC0415

    started = datetime.now(UTC)
    opened = request.load_with_servers(write=not dry_run)
    if opened is None:
        return EXIT_ERRORS
    loaded, servers = opened
    try:
        with progress_display(quiet=False) as progress:
            plan = planning.make_plan(loaded, servers, progress)
        failed = request.report(loaded, plan.diagnostics)
        if plan_file is not None:
            plan = planning.saved_plan(plan_file, plan)
        color = sys.stdout.isatty()
        sys.stdout.write(render_text(plan, color=color))
        if failed:
            return EXIT_ERRORS
        if dry_run or not plan.changes:
            return EXIT_OK
        with progress_display(quiet=False) as progress:
            report = planning.apply(plan, servers, progress)
        sys.stdout.write(render_apply_report(report, color=color))
        record_apply(
            loaded, servers, plan, report, os.environ, started=started, audit_file=audit_file
        )
    finally:
        servers.close()
    return EXIT_OK if report.ok else EXIT_ERRORS
