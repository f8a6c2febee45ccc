"""`ktb export`."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from ktb_action.commands.options import (
    BootstrapOpt,
    ClientConfigOpt,
    DebugOpt,
    SettingsOpt,
    check_paths,
    connection,
)
from ktb_action.core.progress import Progress
from ktb_action.diagnostics import Severity
from ktb_action.errors import EXIT_OK, UsageError
from ktb_action.export.layout import TopicFilter
from ktb_action.export.request import ExportRequest, ExportResult
from ktb_action.kafka.config import ConnectionOptions
from ktb_action.render.escape import escape_text
from ktb_action.render.progress import progress_display
from ktb_action.settings import Settings

OutOpt = Annotated[
    Path, typer.Option("--out", help="Directory to write `ktb.yaml` and `topology/` into.")
]
ContextOpt = Annotated[
    str | None,
    typer.Option(
        "--context",
        help="Export only topics named `<context><sep>…` as projects "
        "of this context (default: inferred from the names' first part).",
    ),
]
SeparatorOpt = Annotated[str, typer.Option("--separator", help="The topic name separator.")]
IncludeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--include", help="Export only topics and connectors matching this glob (repeatable)."
    ),
]
ExcludeOpt = Annotated[
    list[str] | None,
    typer.Option("--exclude", help="Leave out topics and connectors matching this glob."),
]
InternalOpt = Annotated[
    bool,
    typer.Option(
        "--include-internal",
        help="Also export internal topics (`__*`, `_*`, Connect's and Kafka Streams' own).",
    ),
]


def command(
    *,
    out: OutOpt,
    bootstrap_servers: BootstrapOpt = None,
    client_config: ClientConfigOpt = None,
    context: ContextOpt = None,
    separator: SeparatorOpt = ".",
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    include_internal: InternalOpt = False,
    settings: SettingsOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Write the cluster's topics, ACLs, SCRAM users and quotas, and the Schema Registry's
    subjects and the Connect clusters' connectors the settings name, as topology files."""
    options = connection(bootstrap_servers, client_config, debug)
    request = ExportRequest(
        out,
        _origin(options),
        separator,
        context,
        TopicFilter(tuple(include or ()), tuple(exclude or ()), include_internal),
        _settings(settings, os.environ),
    )
    raise typer.Exit(run(request, options, settings))


def _settings(file: Path | None, env: Mapping[str, str]) -> Settings:
    """The settings that name the Schema Registry and the Connect clusters to read (`--settings`,
    else `ktb.yaml` in the working directory), the registry's URL overridden by
    `KTB_SCHEMA_REGISTRY_URL` as in a plan."""
    from ktb_action.config.load import load_settings  # noqa: PLC0415
    from ktb_action.kinds.subjects.http import ENV_PREFIX  # noqa: PLC0415

    check_paths(Path("."), file, ())
    settings, problems = load_settings(file, Path("."))
    errors = [d for d in problems if d.severity is Severity.ERROR]
    if errors:
        raise UsageError(
            f"the settings cannot be read: {errors[0].message}",
            errors[0].hint or "fix the settings file (`ktb validate` shows where)",
        )
    url = env.get(ENV_PREFIX + "URL")
    if url:
        connection = dict(settings.schema_registry.connection) | {"url": url}
        registry = replace(settings.schema_registry, connection=tuple(connection.items()))
        settings = replace(settings, schema_registry=registry)
    return settings


def _origin(options: ConnectionOptions) -> str:
    """The cluster as the files' comments name it: the bootstrap servers, if given."""
    servers = options.bootstrap_servers or os.environ.get("KTB_BOOTSTRAP_SERVERS")
    return f"`{servers}`" if servers else "the cluster"


def run(
    request: ExportRequest, options: ConnectionOptions, settings_file: Path | None = None
) -> int:
    """Export and print the summary; warnings go to stderr and the rest is still written."""
    from ktb_action.commands.options import open_servers  # noqa: PLC0415
    from ktb_action.export.run import run_export  # noqa: PLC0415 (loads the Kafka client)
    from ktb_action.kinds.exporters import EXPORTERS  # noqa: PLC0415

    servers = open_servers(options, Path("."), write=False, settings_file=settings_file)
    try:
        with progress_display(quiet=False) as shown:
            step = counted_steps(shown, len(EXPORTERS) + 1)
            result = run_export(request, EXPORTERS, servers, step)
    finally:
        servers.close()
    sys.stdout.write(summary(result, request.out))
    for warning in result.warnings:
        sys.stderr.write(f"warning: {escape_text(warning)}\n")
    return EXIT_OK


def counted_steps(shown: Progress | None, total: int) -> Callable[[str], None]:
    """The export's named steps as counts of one operation on the command's progress
    display (a bar on a terminal, plain lines in CI and logs, see `render.progress`)."""
    done = 0

    def step(what: str) -> None:
        nonlocal done
        done += 1
        if shown is not None:
            shown.update(f"export {what}", done, total)

    return step


def summary(result: ExportResult, out: Path) -> str:
    """What was written, what was inferred, the bindings no role fits, the subjects not
    written and the connector secrets to supply."""
    grants = result.grants
    lines = [
        f"Exported {result.topics} topics, {grants.roles} roles, {result.users} SCRAM users, "
        f"{result.quotas} quotas, {result.schemas.subjects} subjects and "
        f"{len(result.connectors.artefacts)} connectors to `{out}` ({len(result.files)} files).",
        *(f"  {note}" for note in result.layout.notes),
    ]
    if result.schemas.left_out:
        lines.append(f"{len(result.schemas.left_out)} subjects are not exported:")
        lines += [f"  `{subject}`: {why}" for subject, why in result.schemas.left_out]
    if result.connectors.withheld:
        lines.append(
            "Connector secrets are not exported; each is a `${env:…}` reference to Connect's "
            "environment config provider: set the variable on the Connect workers (or write "
            "your own provider's reference) before applying:"
        )
        lines += [f"  `{w.connector}` `{w.key}`: {w.variable}" for w in result.connectors.withheld]
    if grants.unmatched:
        lines.append(
            f"{len(grants.unmatched)} ACL entries fit no JulieOps role; they are written "
            "under `platform.kafka.acls`:"
        )
        lines += [
            f"  {e.principal} {'/'.join(e.operations)} on "
            f"{e.resource_type}:{e.pattern_type}:{e.resource_name}"
            for e in grants.unmatched
        ]
    return "".join(f"{escape_text(line)}\n" for line in lines)
