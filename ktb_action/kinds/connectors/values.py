"""A connector's value, and how its config values are shown and stored without secrets."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from ktb_action.diagnostics import Span

STATES: Final = ("running", "paused", "stopped")
"""Run states a connector file may declare (`"state"`, default `running`)."""
CONNECT_STATES: Final = {"RUNNING": "running", "PAUSED": "paused", "STOPPED": "stopped"}
"""Connect's states that are a run state; others (`FAILED`, `UNASSIGNED`) count as running:
the connector is meant to run, and a config change or a restart is what mends it."""
ACTIONS: Final = {"running": "resume", "paused": "pause", "stopped": "stop"}
"""The REST action that puts a connector in each run state."""
MASK_PREFIX: Final = "ktb-secret:sha256:"
"""A secret value as plan files and fingerprints hold it: a digest, never the value."""
_SECRET_SUFFIXES: Final = (
    "password",
    "passphrase",
    "secret",
    "jaas.config",
    "ssl.keystore.key",
    "ssl.keystore.certificate.chain",
    "ssl.truststore.certificates",
)
"""Endings of the keys Kafka's clients and connectors type as PASSWORD (`ssl.key.password`,
`source.cluster.sasl.jaas.config`, `connection.password` …): the fallback for keys whose type
the cluster could not tell."""


@dataclass(frozen=True)
class ConnectorSpec:
    """One connector on one Connect cluster: its config and run state."""

    cluster: str
    """The Connect cluster's label (`platform.servers.connect`)."""
    name: str
    config: Mapping[str, str]
    state: str = "running"
    key_spans: Mapping[str, Span] = field(default_factory=dict, compare=False, repr=False)
    """Where each config key is written in the connector's file, for the validator's errors."""
    url: str = field(default="", compare=False)
    problem: str = field(default="", compare=False)
    """Why the cluster could not be read: nothing is known of this connector, so nothing
    changes."""
    config_types: Mapping[str, str] | None = field(default=None, compare=False, repr=False)
    """The type Connect gives each config key of the plugin (`PASSWORD`, `STRING` …), from
    the cluster; None when it could not say: then secrets are told by their key's name."""
    exists: bool = field(default=True, compare=False)
    """False for a declared connector the cluster lacks, read only for its plugin's types."""

    @property
    def address(self) -> str:
        """`<cluster label>/<connector name>`: names are unique per Connect cluster."""
        return f"{self.cluster}/{self.name}"

    @property
    def plugin(self) -> str:
        """The connector class, as the validator's URL takes it."""
        return self.config.get("connector.class", "")


def is_secret(key: str, types: Mapping[str, str] | None = None) -> bool:
    """Whether `key` holds a secret whose value is never shown: Connect types it `PASSWORD`
    in `types` (a client setting under a prefix, `source.cluster.ssl.key.password`, by the
    type of the setting it prefixes); by its name when `types` is None or knows no such key."""
    if types is not None:
        parts = key.split(".")
        for start in range(len(parts)):
            known = types.get(".".join(parts[start:]))
            if known is not None:
                return known == "PASSWORD"
    return key.lower().endswith(_SECRET_SUFFIXES)


def is_reference(value: str) -> bool:
    """Whether `value` is (or holds) a config-provider reference (`${file:/path:key}`),
    which Connect resolves and ktb never does."""
    return "${" in value


def shown(key: str, value: str, types: Mapping[str, str] | None = None) -> str:
    """The value as a plan shows it (a digest from a saved plan is a secret too); a secret
    key's reference as a reference, so that a literal secret replaced by one shows as such."""
    if value.startswith(MASK_PREFIX):
        return "(secret)"
    if is_reference(value):
        return "(config provider reference)"
    if is_secret(key, types):
        return "(secret)"
    return value


def stored(key: str, value: str, types: Mapping[str, str] | None = None) -> str:
    """The value as a plan file holds it: a secret literal as its digest."""
    if is_secret(key, types) and not is_reference(value) and not value.startswith(MASK_PREFIX):
        return MASK_PREFIX + hashlib.sha256(value.encode()).hexdigest()
    return value


def holds_masked(config: Mapping[str, str]) -> bool:
    """Whether a config came from a plan file and lacks a secret's value."""
    return any(value.startswith(MASK_PREFIX) for value in config.values())
