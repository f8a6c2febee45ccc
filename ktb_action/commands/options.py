"""Command-line options shared by several commands, declared once, and the request that
the topology options of `ktb plan` and `ktb apply` make."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ktb_action.diagnostics import Diagnostic, Severity
from ktb_action.errors import KtbError, UsageError
from ktb_action.kafka.config import ConnectionOptions

if TYPE_CHECKING:
    from ktb_action.connect.client import ConnectPort
    from ktb_action.kafka.quotas import QuotaPort
    from ktb_action.kafka.tokens import TokenSource
    from ktb_action.kinds.subjects.port import RegistryPort
    from ktb_action.pipeline import Loaded
    from ktb_action.servers import Servers
    from ktb_action.state.session import StateStore

SETTINGS_HELP = (
    "Settings file: ktb.yaml or JulieOps .properties (default: ktb.yaml in the root, if any)."
)
"""Also the help of `ktb ci --settings`, which reads its value from the CI's variables too."""

PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Topology files or directories (default: the settings' `topology` paths, "
        "else the root).",
        show_default=False,
    ),
]
SettingsOpt = Annotated[Path | None, typer.Option("--settings", help=SETTINGS_HELP)]
RootOpt = Annotated[
    Path, typer.Option("--root", help="Repository root: file names are shown relative to it.")
]
RecursiveOpt = Annotated[
    bool, typer.Option("--recursive", help="Also read topologies in subdirectories.")
]

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
RotateOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--rotate-password",
        help="Set this SCRAM user's password again from its reference (`User:<name>`; "
        "repeatable): Kafka returns no password, so a rotation is asked for.",
        show_default=False,
    ),
]
DebugOpt = Annotated[
    bool, typer.Option("--debug", help="Log admin requests (secrets are always redacted).")
]


def check_paths(root: Path, settings_file: Path | None, paths: Sequence[Path]) -> None:
    """The command line's paths exist: a missing one is a usage error (exit 2) in every
    command, before anything is read."""
    if not root.is_dir():
        raise UsageError(f"root `{root}` is not a directory", "pass an existing `--root`")
    if settings_file is not None and not settings_file.is_file():
        raise UsageError(
            f"settings file `{settings_file}` does not exist",
            "pass an existing ktb.yaml or JulieOps .properties file to `--settings`",
        )
    for path in paths:
        # `lexists`: a broken or looping link exists; the loader says what is wrong with it.
        if not os.path.lexists(path):
            raise UsageError(
                f"no such file or directory `{path}`", "check the path (relative to the cwd)"
            )


def connection(bootstrap: str | None, client_config: Path | None, debug: bool) -> ConnectionOptions:
    """The connection options as one value, resolved later against files and environment."""
    return ConnectionOptions(bootstrap_servers=bootstrap, client_config=client_config, debug=debug)


@dataclass(frozen=True)
class TopologyRequest:
    """Which topologies to read, with which settings, against which cluster."""

    paths: Sequence[Path]
    root: Path
    settings: Path | None
    recursive: bool
    connection: ConnectionOptions
    rotate_passwords: tuple[str, ...] = ()
    """`--rotate-password`: users whose SCRAM password this run sets again."""

    def load(self) -> Loaded | None:
        """The topologies, after printing findings; None when there are errors (no plan)."""
        # Imported here: `ktb plan` sends its first reads before it loads the reading side
        # of ktb (`load_with_servers`), so the cluster answers while these imports run.
        from ktb_action.pipeline import load_topologies  # noqa: PLC0415
        from ktb_action.render.diagnostics_text import render_text as render_diagnostics  # noqa: PLC0415

        check_paths(self.root, self.settings, self.paths)
        loaded = load_topologies(self.paths, self.root, self.settings, recursive=self.recursive)
        if loaded.diagnostics:
            sys.stderr.write(
                render_diagnostics(
                    loaded.diagnostics,
                    loaded.reading.sources,
                    files=len(loaded.reading.files),
                    color=sys.stderr.isatty(),
                )
            )
        if loaded.has_errors:
            return None
        settings = replace(loaded.settings, rotate_passwords=self.rotate_passwords)
        return replace(loaded, settings=settings)

    def report(self, loaded: Loaded, findings: Sequence[Diagnostic]) -> bool:
        """Print what planning found (a server's validator, a server that did not answer);
        whether any of it is an error, which stops an apply."""
        from ktb_action.render.diagnostics_text import render_text as render_diagnostics  # noqa: PLC0415

        if findings:
            # Findings about files the topologies only name (a schema, a connector's JSON)
            # quote their line too.
            sources = dict(loaded.reading.sources)
            for file in {d.span.file for d in findings if d.span is not None} - set(sources):
                sources[file] = _text_of(self.root / file)
            sys.stderr.write(
                render_diagnostics(
                    findings,
                    sources,
                    files=len(loaded.reading.files),
                    color=sys.stderr.isatty(),
                )
            )
        return any(d.severity is Severity.ERROR for d in findings)

    def servers(self, *, write: bool, prefetch: bool = False) -> Servers:
        """Ports to the servers of the connection options; write ports only if `write`;
        with `prefetch`, the reads every plan makes already sent (`EarlyReads`)."""
        return open_servers(
            self.connection, self.root, write=write, settings_file=self.settings, prefetch=prefetch
        )

    def load_with_servers(self, *, write: bool) -> tuple[Loaded, Servers] | None:
        """`load`, with the cluster reading meanwhile: the servers are opened and the reads
        every plan makes are sent before the files are loaded. As with `load` then
        `servers`, the files' errors come first: a failure to open the servers is raised
        only once the files have loaded without error."""
        try:
            servers: Servers | None = self.servers(write=write, prefetch=True)
        except KtbError as error:
            servers, opening = None, error
        try:
            loaded = self.load()
        except BaseException:
            if servers is not None:
                servers.close()
            raise
        if loaded is None:
            if servers is not None:
                servers.close()
            return None
        if servers is None:
            raise opening
        return loaded, servers


def _text_of(path: Path) -> str:
    """A file's text for quoting a finding's line; empty when it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def open_servers(
    options: ConnectionOptions,
    root: Path,
    *,
    write: bool,
    settings_file: Path | None = None,
    prefetch: bool = False,
) -> Servers:
    """One Kafka session for the whole run, with a writer on it only when asked for; the
    client-quota and Schema Registry connections open only when a quota or a subject is
    compared; secret references are resolved from the environment and below `root`. With
    `prefetch`, the Kafka reads every plan makes are sent at once."""
    # Imported where Kafka is first needed, so that commands which never reach a cluster
    # (`ktb validate`) start without loading confluent_kafka.
    from ktb_action.kafka.admin import connect  # noqa: PLC0415
    from ktb_action.kafka.cluster_reads import EarlyReads  # noqa: PLC0415
    from ktb_action.kafka.config import resolve_client_config  # noqa: PLC0415
    from ktb_action.kafka.tokens import token_source  # noqa: PLC0415

    config = resolve_client_config(options, os.environ)
    # One token source for every client that cannot fetch its own (librdkafka can).
    tokens = token_source(config.as_dict())
    session = connect(config, debug=options.debug)
    # Sent before the rest of the Kafka adapter (and ktb's values) is imported: at 1,000
    # topics the configs read is what a plan waits for last. Nothing below can fail, so the
    # `Servers` returned is what ends them (`Servers.close`).
    early = EarlyReads(session) if prefetch else None

    from ktb_action.kafka.mechanisms import describe_mechanism  # noqa: PLC0415
    from ktb_action.kafka.read import KafkaReader  # noqa: PLC0415
    from ktb_action.kafka.records import publish_json  # noqa: PLC0415
    from ktb_action.kafka.write import KafkaWriter  # noqa: PLC0415
    from ktb_action.servers import SecretSources, Servers  # noqa: PLC0415

    debug = partial(_debug, options.debug)

    def open_quotas() -> QuotaPort:
        from ktb_action.kafka.quotas import open_quotas  # noqa: PLC0415 (kafka-python)

        debug("client quotas", describe_mechanism(config.as_dict()))
        return open_quotas(config, tokens=tokens)

    def open_state_topic(topic: str) -> StateStore:
        from ktb_action.kafka.state_topic import TopicStateStore  # noqa: PLC0415

        return TopicStateStore(session, config.as_dict(), topic)

    def open_connect(label: str, url: str) -> ConnectPort:
        from ktb_action.connect.client import ConnectPort  # noqa: PLC0415

        port = ConnectPort(label, url, os.environ, tokens)
        debug(f"Connect cluster `{label}`", port.authentication)
        return port

    return Servers(
        KafkaReader(session, early),
        KafkaWriter(session) if write else None,
        SecretSources(os.environ, root),
        open_quotas=open_quotas,
        open_state_topic=open_state_topic,
        publish_audit=partial(publish_json, session, config.as_dict()),
        open_registry=lambda: open_registry(settings_file, root, tokens, debug),
        open_connect=open_connect,
        end_reads=None if early is None else early.close,
    )


def _debug(enabled: bool, client: str, mechanism: str) -> None:
    """With `--debug`, how one client authenticates (a mechanism, never a secret)."""
    if enabled:
        print(f"debug: authentication ({client}): {mechanism}", file=sys.stderr)


def open_registry(
    settings_file: Path | None,
    root: Path,
    tokens: TokenSource | None,
    debug: Callable[[str, str], None],
) -> RegistryPort:
    """The Schema Registry of the settings (overridden by `KTB_SCHEMA_REGISTRY_*`); a
    bearer token inherited from the Kafka login comes from `tokens`."""
    from ktb_action.config.load import load_settings  # noqa: PLC0415
    from ktb_action.kinds.subjects.http import HttpRegistry, connection_from  # noqa: PLC0415

    settings, _ = load_settings(settings_file, root)
    connection = connection_from(dict(settings.schema_registry.connection), os.environ, tokens)
    if connection is None:
        raise UsageError(
            "subjects are declared but no Schema Registry is configured",
            hint="set `schema_registry.url` in the settings or KTB_SCHEMA_REGISTRY_URL",
        )
    debug("Schema Registry", connection.authentication)
    return HttpRegistry(connection)
