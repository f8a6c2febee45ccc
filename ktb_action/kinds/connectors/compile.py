"""The connectors the topologies declare: each artefact's JSON file read through the
topology loader (which keeps every key's position), its Connect cluster found by label."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from ktb_action.core.kind import Declared
from ktb_action.diagnostics import Diagnostic, Severity, Span
from ktb_action.kinds.connectors.values import STATES, ConnectorSpec
from ktb_action.settings import Settings
from ktb_action.topology.load import load_text
from ktb_action.topology.located import LMap, scalar_text
from ktb_action.topology.model import Artefact, Topology

RULES = {
    "connector-file": "a connector artefact's file is missing or not a connector config",
    "connector-cluster": "a connector names a Connect cluster the settings do not define",
    "connector-config-invalid": "the Connect cluster's validator rejects a connector's config",
    "connect-unreachable": "a Connect cluster did not answer while planning",
}


def clusters(settings: Settings) -> dict[str, str]:
    """Connect cluster URLs by label, from `connect.clusters` (`label:url` entries, as
    JulieOps writes `platform.servers.connect`)."""
    found = {}
    for entry in settings.connect_clusters:
        label, _, url = entry.partition(":")
        found[label.strip()] = url.strip()
    return found


def compile_connectors(
    topologies: Sequence[Topology], settings: Settings
) -> tuple[dict[str, Declared[ConnectorSpec]], list[Diagnostic]]:
    """Every declared connector by address, and what is wrong with the others."""
    urls = clusters(settings)
    declared: dict[str, Declared[ConnectorSpec]] = {}
    problems: list[Diagnostic] = []
    for topology in topologies:
        for project in topology.projects:
            for artefact in project.connector_artefacts:
                spec = _connector(artefact, urls, settings.root, problems)
                if spec is not None:
                    declared[spec.address] = Declared(spec, artefact.span, project.name)
    return declared, problems


def _connector(
    artefact: Artefact, urls: dict[str, str], root: str, problems: list[Diagnostic]
) -> ConnectorSpec | None:
    def problem(rule: str, message: str, hint: str, span: Span | None = artefact.span) -> None:
        problems.append(Diagnostic(rule, Severity.ERROR, message, span, hint))

    label = artefact.server or (next(iter(urls)) if len(urls) == 1 else None)
    if label is None or label not in urls:
        problem(
            "connector-cluster",
            f"connector artefact `{artefact.path}` names no known Connect cluster"
            + (f" (`{artefact.server}`)" if artefact.server else ""),
            "add `label:url` to `connect.clusters` in the settings and name the label "
            "in the artefact's `server`",
        )
        return None
    file = _file_of(artefact)
    try:
        text = (Path(root) / file).read_bytes()
    except OSError as error:
        problem("connector-file", f"cannot read `{file}`: {error.strerror}", "fix `path`")
        return None
    documents, found = load_text(text, file)
    problems.extend(found)
    top = documents[0].root if documents else None
    config = top.get("config") if isinstance(top, LMap) else None
    if not isinstance(top, LMap) or not isinstance(config, LMap):
        if not found:
            problem(
                "connector-file",
                f"`{file}` has no `config` object",
                'write `{"name": …, "config": {"connector.class": …}}`',
                Span.point(file),
            )
        return None
    name = artefact.name or scalar_text(top.get("name"))
    state = scalar_text(top.get("state")) or "running"
    if name is None or state not in STATES:
        problem(
            "connector-file",
            f"`{file}` needs a `name` and a `state` among {', '.join(STATES)}",
            "set `name` (or the artefact's `name`) and `state`",
            Span.point(file),
        )
        return None
    values = {key: scalar_text(value) or "" for key, value in config.items()}
    return ConnectorSpec(
        label,
        name,
        {**values, "name": name},
        state,
        {key: config.key_span(key) for key in config},
        urls[label],
    )


def _file_of(artefact: Artefact) -> str:
    """The artefact's path, relative to the topology file that names it."""
    if artefact.span is None:
        return artefact.path
    return str(PurePosixPath(artefact.span.file).parent / artefact.path)
