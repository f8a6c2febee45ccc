"""Command-line options shared by several commands, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ktb_action.kafka.config import ConnectionOptions

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


def connection(bootstrap: str | None, client_config: Path | None, debug: bool) -> ConnectionOptions:
    """The connection options as one value, resolved later against files and environment."""
    return ConnectionOptions(bootstrap_servers=bootstrap, client_config=client_config, debug=debug)
