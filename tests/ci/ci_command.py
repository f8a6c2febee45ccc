"""The `ktb ci` command object, for tests about its options and the variables it reads."""

from __future__ import annotations

from typing import Any

import typer

from ktb_action.cli import app


def ci_command() -> Any:
    """`ktb ci` as the command-line parser sees it (typer no longer exposes click types)."""
    return typer.main.get_command(app).commands["ci"]  # type: ignore[attr-defined]


def ci_envvars() -> set[str]:
    """Every environment variable an option of `ktb ci` is read from."""
    names: set[str] = set()
    for param in ci_command().params:
        envvar = param.envvar or []
        names.update([envvar] if isinstance(envvar, str) else envvar)
    return names
