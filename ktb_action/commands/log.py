"""`ktb log`: who applied what, when, through which change (the audit topic read back)."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ktb_action.audit.query import Question, render_log_json, render_log_text
from ktb_action.commands.options import (
    BootstrapOpt,
    ClientConfigOpt,
    DebugOpt,
    RootOpt,
    SettingsOpt,
    check_paths,
    connection,
)
from ktb_action.config.load import load_settings
from ktb_action.errors import EXIT_OK, UsageError


class LogFormat(StrEnum):
    """How the applies are printed."""

    TEXT = "text"
    JSON = "json"


def command(
    *,
    settings: SettingsOpt = None,
    root: RootOpt = Path("."),
    bootstrap_servers: BootstrapOpt = None,
    client_config: ClientConfigOpt = None,
    debug: DebugOpt = False,
    last: Annotated[int, typer.Option("--last", help="How many applies to show.")] = 20,
    scope: Annotated[str | None, typer.Option("--scope", help="Only this scope.")] = None,
    resource: Annotated[
        str | None, typer.Option("--resource", help="Only changes naming this resource.")
    ] = None,
    principal: Annotated[
        str | None, typer.Option("--principal", help="Only changes of this principal.")
    ] = None,
    output_format: Annotated[
        LogFormat, typer.Option("--format", help="How to print the applies.")
    ] = LogFormat.TEXT,
) -> None:
    """Show the last applies recorded in the audit topic, newest first."""
    check_paths(root, settings, ())
    loaded, _ = load_settings(settings, root)
    if loaded.audit_topic is None:
        raise UsageError(
            "no audit topic is configured",
            "set `audit.topic` in ktb.yaml (docs/audit.md)",
        )
    # Loaded here: `--help` never pays for the Kafka client.
    from ktb_action.kafka.config import resolve_client_config  # noqa: PLC0415
    from ktb_action.kafka.records import read_json  # noqa: PLC0415

    config = resolve_client_config(connection(bootstrap_servers, client_config, debug), os.environ)
    records = []
    for record in read_json(config.as_dict(), loaded.audit_topic):
        if record.value is None:
            print(
                f"warning: record at offset {record.offset} of `{loaded.audit_topic}` is not "
                "an audit record; skipped",
                file=sys.stderr,
            )
        else:
            records.append(record.value)
    found = Question(last, scope, resource, principal).answer(records)
    render = render_log_json if output_format is LogFormat.JSON else render_log_text
    sys.stdout.write(render(found))
    raise typer.Exit(EXIT_OK)
