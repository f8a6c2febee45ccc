"""`ktb apply`."""

from __future__ import annotations

import sys
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
    SettingsOpt,
    TopologyRequest,
    connection,
)
from ktb_action.errors import EXIT_ERRORS, EXIT_OK, KtbError, run_guarded
from ktb_action.plan.make import compare
from ktb_action.plan.serialize import read_plan
from ktb_action.render.plan_text import render_text

PlanFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--plan",
        help="Apply this saved plan (from `ktb plan --out`); refused if the cluster changed since.",
    ),
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
    plan_file: PlanFileOpt = None,
    dry_run: DryRunOpt = False,
) -> None:
    """Recompute the plan, print it, and make the cluster match."""
    request = TopologyRequest(
        paths or (), root, settings, recursive, connection(bootstrap_servers, client_config, debug)
    )
    raise typer.Exit(run_guarded(lambda: run(request, plan_file, dry_run=dry_run)))


def run(request: TopologyRequest, plan_file: Path | None, *, dry_run: bool) -> int:
    """Plan (or load the saved plan), print it, apply it; 1 if anything failed."""
    loaded = request.load()
    if loaded is None:
        return EXIT_ERRORS
    reader = request.reader()
    comparison = compare(loaded.reading.topologies, loaded.settings, reader)
    if plan_file is None:
        plan = comparison.plan()
    else:
        plan = read_plan(plan_file)
        if plan.fingerprint != comparison.fingerprint:
            raise KtbError(
                f"the cluster changed since `{plan_file}` was made, so it was not applied",
                hint="run `ktb plan --out` again, review the new plan, then apply it",
            )
    color = sys.stdout.isatty()
    sys.stdout.write(render_text(plan, color=color))
    if dry_run or not plan.changes:
        return EXIT_OK
    # These load confluent_kafka's writer: imported when there is something to write, so
    # that no other `ktb` command pays for them at start.
    from ktb_action.apply import apply_plan  # noqa: PLC0415
    from ktb_action.kafka.write import KafkaWriter  # noqa: PLC0415
    from ktb_action.render.apply_text import render_apply_report  # noqa: PLC0415

    report = apply_plan(plan, KafkaWriter(reader.session))
    sys.stdout.write(render_apply_report(report, color=color))
    return EXIT_OK if report.ok else EXIT_ERRORS
