"""The `ktb` command line: argument parsing and dispatch only.

Each command's work is in `ktb_action.commands.<name>.run`, which returns an exit code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ktb_action import __version__
from ktb_action.errors import NotImplementedYetError, run_guarded
from ktb_action.kafka.config import ConnectionOptions

app = typer.Typer(
    name="ktb",
    help="GitOps for Apache Kafka: validate, plan and apply JulieOps-format topologies.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

BootstrapOpt = Annotated[
    str | None,
    typer.Option(
        "--bootstrap-servers",
        envvar="KTB_BOOTSTRAP_SERVERS",
        help="Kafka bootstrap servers, host:port[,host:port].",
        show_envvar=True,
    ),
]
ClientConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--client-config",
        envvar="KTB_CLIENT_CONFIG",
        help="Java-style client .properties file (security.protocol, sasl.*, ssl.*). "
        "KTB_KAFKA_<NAME> variables override it, e.g. KTB_KAFKA_SASL_PASSWORD.",
        show_envvar=True,
    ),
]
DebugOpt = Annotated[
    bool, typer.Option("--debug", help="Log admin requests (secrets are always redacted).")
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ktb {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """GitOps for Apache Kafka."""


def _connection(
    bootstrap: str | None, client_config: Path | None, debug: bool
) -> ConnectionOptions:
    return ConnectionOptions(bootstrap_servers=bootstrap, client_config=client_config, debug=debug)


def _not_implemented(command: str) -> int:
    raise NotImplementedYetError(command)


@app.command()
def validate() -> None:
    """Check topology files and report every problem with its file, line and column."""
    raise typer.Exit(run_guarded(lambda: _not_implemented("validate")))


@app.command()
def plan(
    bootstrap_servers: BootstrapOpt = None,
    client_config: ClientConfigOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Show what would change in Kafka to match the topology files."""
    _connection(bootstrap_servers, client_config, debug)
    raise typer.Exit(run_guarded(lambda: _not_implemented("plan")))


@app.command()
def apply(
    bootstrap_servers: BootstrapOpt = None,
    client_config: ClientConfigOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Recompute the plan, print it, and make the cluster match."""
    _connection(bootstrap_servers, client_config, debug)
    raise typer.Exit(run_guarded(lambda: _not_implemented("apply")))


@app.command()
def export(
    bootstrap_servers: BootstrapOpt = None,
    client_config: ClientConfigOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Write the cluster's topics and ACLs as a topology file."""
    _connection(bootstrap_servers, client_config, debug)
    raise typer.Exit(run_guarded(lambda: _not_implemented("export")))


@app.command()
def ci() -> None:
    """Run in CI: detect the platform and event, then validate, plan or apply."""
    raise typer.Exit(run_guarded(lambda: _not_implemented("ci")))


def main() -> None:
    """Console-script entry point."""
    app()
