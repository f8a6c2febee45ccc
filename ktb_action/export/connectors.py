"""Exported connectors as JulieOps connector artefacts: one JSON file per connector, and the
secrets it holds replaced by references. Pure.

A value Connect types `PASSWORD` (or, when the cluster cannot say, one whose key names a
secret) is never written: it becomes a `${env:…}` reference, Connect's environment config
provider, and the summary names the variable to set. A value that already is a
config-provider reference is no secret and is written as it is.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ktb_action.kinds.connectors.values import ConnectorSpec, is_reference, is_secret

CONNECTORS_DIR = "connectors"
"""Connector files, next to the topology files that name them."""
_ENV_UNSAFE = re.compile(r"[^A-Z0-9]+")
_FILE_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def env_variable(*words: str) -> str:
    """An environment variable's name made of `words` (`KAFKA`, a user, `PASSWORD` …)."""
    return "_".join(_ENV_UNSAFE.sub("_", word.upper()).strip("_") for word in words)


def file_part(name: str) -> str:
    """`name` as a file name: itself when it is a safe one, else its safe characters and a
    digest of it, so that two names never share a file (Connect allows any name)."""
    safe = _FILE_UNSAFE.sub("_", name)
    if safe == name and name.strip(".") != "":
        return name
    return f"{safe}-{hashlib.sha256(name.encode()).hexdigest()[:8]}"


@dataclass(frozen=True)
class ExportedArtefact:
    """A project's `connectors.artefacts` entry."""

    path: str
    """Relative to the topology files' directory."""
    server: str
    name: str


@dataclass(frozen=True)
class Withheld:
    """A secret the export replaced by a reference: where, and the variable to set."""

    connector: str
    key: str
    variable: str


@dataclass
class PlacedConnectors:
    """The artefacts, the connector files' texts by path, and the secrets withheld."""

    artefacts: list[ExportedArtefact] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    withheld: list[Withheld] = field(default_factory=list)


def place_connectors(connectors: Mapping[str, ConnectorSpec]) -> PlacedConnectors:
    """A file and an artefact per connector, in address order."""
    placed = PlacedConnectors()
    for address, spec in sorted(connectors.items()):
        config: dict[str, str] = {}
        # The class first, as people write a connector; then the keys in order.
        for key in sorted(spec.config, key=lambda k: (k != "connector.class", k)):
            value = spec.config[key]
            if key == "name":
                continue  # the file's `name` is the connector's
            if is_secret(key, spec.config_types) and not is_reference(value):
                variable = env_variable("CONNECT", spec.cluster, spec.name, key)
                placed.withheld.append(Withheld(address, key, variable))
                value = f"${{env:{variable}}}"
            config[key] = value
        body: dict[str, object] = {"name": spec.name}
        if spec.state != "running":
            body["state"] = spec.state
        body["config"] = config
        path = f"{CONNECTORS_DIR}/{file_part(spec.cluster)}/{file_part(spec.name)}.json"
        placed.files[path] = json.dumps(body, indent=2, ensure_ascii=False) + "\n"
        placed.artefacts.append(ExportedArtefact(path, spec.cluster, spec.name))
    return placed
