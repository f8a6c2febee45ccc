"""`ktb plan`."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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

if TYPE_CHECKING:
    from ktb_action.core.plan import Plan

EXIT_CHANGES = 2
"""With `--detailed-exitcode`: the plan has changes (Terraform's convention)."""


class Format(StrEnum):
    """How the plan is printed."""

    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"


FormatOpt = Annotated[Format, typer.Option("--format", help="How to print the plan.")]
OutOpt = Annotated[
    Path | None,
    typer.Option("--out", help="Also save the plan as JSON, for `ktb apply --plan`."),
]
DetailedOpt = Annotated[
    bool,
    typer.Option("--detailed-exitcode", help="Exit 2 when there are changes (0: none, 1: errors)."),
]


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
    output_format: FormatOpt = Format.TEXT,
    out: OutOpt = None,
    detailed_exitcode: DetailedOpt = False,
) -> None:
    """Show what would change in Kafka to match the topology files."""
    request = TopologyRequest(
        paths or (),
        root,
        settings,
        recursive,
        connection(bootstrap_servers, client_config, debug),
        tuple(rotate_password or ()),
    )
    raise typer.Exit(run(request, output_format, out, detailed_exitcode))


def run(request: TopologyRequest, output_format: Format, out: Path | None, detailed: bool) -> int:
    """Validate, read the cluster, print the plan; exit code as documented in `--help`."""
    opened = request.load_with_servers(write=False)
    if opened is None:
        return EXIT_ERRORS
    loaded, servers = opened
    # Most of ktb (the loader, the kinds, the renderers) is imported only now, after the
    # first reads were sent (`EarlyReads`): the cluster answers meanwhile.
    from ktb_action.planning import make_plan  # noqa: PLC0415
    from ktb_action.render.plan_json import render_json  # noqa: PLC0415
    from ktb_action.render.progress import progress_display  # noqa: PLC0415

    try:
        with progress_display(quiet=output_format is Format.JSON) as progress:
            # Only a plan that is written (a file, JSON) needs the fingerprint of the state.
            written = out is not None or output_format is Format.JSON
            plan = make_plan(loaded, servers, progress, fingerprint=written)
    finally:
        servers.close()
    failed = request.report(loaded, plan.diagnostics)
    sys.stdout.write(render_plan(plan, output_format, color=sys.stdout.isatty()))
    if failed:
        return EXIT_ERRORS
    if out is not None:
        # Always JSON, whatever `--format` printed: `apply --plan` reads it.
        out.write_text(render_json(plan), encoding="utf-8")
    return EXIT_CHANGES if detailed and plan.has_changes else EXIT_OK


def render_plan(plan: Plan, output_format: Format, *, color: bool = False) -> str:
    """The plan in the requested format."""
    from ktb_action.render.plan_json import render_json  # noqa: PLC0415
    from ktb_action.render.plan_markdown import render_markdown  # noqa: PLC0415
    from ktb_action.render.plan_text import render_text  # noqa: PLC0415

    if output_format is Format.JSON:
        return render_json(plan)
    if output_format is Format.MARKDOWN:
        return render_markdown(plan)
    return render_text(plan, color=color)
