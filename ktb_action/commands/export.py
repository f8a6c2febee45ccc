"""`ktb export`."""

from __future__ import annotations

import typer

from ktb_action.commands.options import BootstrapOpt, ClientConfigOpt, DebugOpt
from ktb_action.errors import NotImplementedYetError


def command(
    bootstrap_servers: BootstrapOpt = None,
    client_config: ClientConfigOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Write the cluster's topics and ACLs as a topology file."""
    raise typer.Exit(run())


def run() -> int:
    """Not built yet: says so and exits 2."""
    raise NotImplementedYetError("export")
