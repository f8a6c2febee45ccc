"""`ktb validate`."""

from __future__ import annotations

import typer

from ktb_action.errors import NotImplementedYetError, run_guarded


def command() -> None:
    """Check topology files and report every problem with its file, line and column."""
    raise typer.Exit(run_guarded(run))


def run() -> int:
    """Not built yet: says so and exits 2."""
    raise NotImplementedYetError("validate")
