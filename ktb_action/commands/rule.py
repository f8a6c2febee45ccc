"""`ktb rule [ID]`: a rule's documentation in the terminal, or the list of every rule."""

from __future__ import annotations

from typing import Annotated

import typer

from ktb_action.diagnostics import did_you_mean
from ktb_action.errors import UsageError
from ktb_action.rule_docs import CONFIGURE, documented_rules, section_for


def _complete(incomplete: str) -> list[str]:
    """Shell completion of rule ids."""
    return [rule for rule in documented_rules() if rule.startswith(incomplete)]


def command(
    *,
    rule: Annotated[
        str | None,
        typer.Argument(
            help="A rule id, e.g. `topic-partitions`; none lists all.", autocompletion=_complete
        ),
    ] = None,
) -> None:
    """Explain a rule: why it exists, bad and good examples, how to configure it."""
    if rule is None:
        typer.echo("\n".join(documented_rules()))
        return
    section = section_for(rule)
    if section is None:
        hint = did_you_mean(rule, documented_rules()) or "`ktb rule` lists every rule id"
        raise UsageError(f"no rule `{rule}`", hint=hint)
    typer.echo(f"# {section.heading}\n\n{section.body}\n\n{CONFIGURE.format(rule=rule)}")
