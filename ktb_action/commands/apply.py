"""`ktb apply`."""

from __future__ import annotations

import typer

from ktb_action.commands.options import BootstrapOpt, ClientConfigOpt, DebugOpt
from ktb_action.errors import NotImplementedYetError, run_guarded


def command(
    bootstrap_servers: BootstrapOpt = None,
    client_config: ClientConfigOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Recompute the plan, print it, and make the cluster match."""
    raise typer.Exit(run_guarded(run))


def run() -> int:
    """Not built yet: says so and exits 2."""
    raise NotImplementedYetError("apply")
