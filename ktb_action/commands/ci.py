"""`ktb ci`."""

from __future__ import annotations

import typer

from ktb_action.errors import NotImplementedYetError, run_guarded


def command() -> None:
    """Run in CI: detect the platform and event, then validate, plan or apply."""
    raise typer.Exit(run_guarded(run))


def run() -> int:
    """Not built yet: says so and exits 2."""
    raise NotImplementedYetError("ci")
