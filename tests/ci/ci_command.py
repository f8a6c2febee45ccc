"""The `ktb ci` click command, for tests about its options and the variables it reads."""

from __future__ import annotations

import click
import typer

from ktb_action.cli import app


def ci_command() -> click.Command:
    """`ktb ci` as click sees it."""
    command: click.Command = typer.main.get_command(app).commands["ci"]  # type: ignore[attr-defined]
    return command


def ci_envvars() -> set[str]:
    """Every environment variable an option of `ktb ci` is read from."""
    names: set[str] = set()
    for param in ci_command().params:
        envvar = param.envvar or []
        names.update([envvar] if isinstance(envvar, str) else envvar)
    return names
