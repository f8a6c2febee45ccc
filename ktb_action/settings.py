"""Run settings (`ktb.yaml`, or a JulieOps `.properties` file): naming, policy, validations.

Only the types live here; reading the files is `ktb_action.settings_load`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ktb_action.diagnostics import Severity, Span


@dataclass(frozen=True, slots=True)
class Naming:
    """How full topic names are composed (JulieOps `topology.*` keys)."""

    separator: str = "."
    topic_prefix_format: str | None = None
    """Jinja template, e.g. `{{context}}.{{source}}.{{project}}.{{topic}}` (sandboxed)."""
    project_prefix_format: str | None = None
    """Jinja template of the project prefix, used for ACL prefixes and ownership."""


@dataclass(frozen=True, slots=True)
class AllowDelete:
    """Which kinds of resources a run may delete. Everything is off by default."""

    topics: bool = False
    acls: bool = False
    users: bool = False
    quotas: bool = False
    connectors: bool = False

    def allows(self, setting: str) -> bool:
        """Whether the `allow_delete.<setting>` key is on (a kind's `delete_setting`)."""
        flags = {
            "topics": self.topics,
            "acls": self.acls,
            "users": self.users,
            "quotas": self.quotas,
            "connectors": self.connectors,
        }
        return flags.get(setting, False)


@dataclass(frozen=True, slots=True)
class RuleSetting:
    """A rule's configuration: on/off, severity override and parameters."""

    enabled: bool = True
    severity: Severity | None = None
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run is configured with, built once and passed down."""

    naming: Naming = field(default_factory=Naming)
    allow_delete: AllowDelete = field(default_factory=AllowDelete)
    topic_managed_prefixes: tuple[str, ...] = ()
    """Empty: the topology's own context prefix is the managed scope."""
    group_managed_prefixes: tuple[str, ...] = ()
    principal_managed_prefixes: tuple[str, ...] = ()
    acls_optimized: bool = False
    """JulieOps `topology.acls.optimized`: PREFIXED ACLs on the project prefix."""
    connector_allow_topic_create: bool = True
    root: str = "."
    """The repository root the run reads files below (connector artefacts' JSON files)."""
    connect_clusters: tuple[str, ...] = ()
    """Kafka Connect clusters as `label:url` (JulieOps `platform.servers.connect`)."""
    plans_file: str | None = None
    roles_file: str | None = None
    rules: dict[str, RuleSetting] = field(default_factory=dict)
    custom_rules: tuple[dict[str, Any], ...] = ()
    """Declarative rules as written in settings (validated when loaded)."""
    max_file_bytes: int = 5 * 1024 * 1024
    source: str | None = None
    """The settings file this came from, if any."""
    topology_paths: tuple[str, ...] = ()
    """Topology files or directories to read when the command line names none."""
    rotate_passwords: tuple[str, ...] = ()
    """Users (`User:<name>`) whose SCRAM password this run sets again from its reference
    (`--rotate-password`): Kafka returns no password, so a rotation is asked for."""
    key_spans: dict[str, Span] = field(default_factory=dict)
    """Where each settings key was written (dotted path, e.g. `naming.topic_format` or
    `rules.julie-topic-name-regex`), so findings about settings can point at them."""
