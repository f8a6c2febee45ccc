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
    subjects: bool = False
    """Schema Registry subjects ktb owns and no longer declares (a soft delete)."""
    connectors: bool = False

    def allows(self, setting: str) -> bool:
        """Whether the `allow_delete.<setting>` key is on (a kind's `delete_setting`)."""
        flags = {
            "topics": self.topics,
            "acls": self.acls,
            "users": self.users,
            "quotas": self.quotas,
            "subjects": self.subjects,
            "connectors": self.connectors,
        }
        return flags.get(setting, False)


@dataclass(frozen=True, slots=True)
class SchemaRegistrySettings:
    """Where the Schema Registry is (`schema_registry.*`, JulieOps `schema.registry.url` …);
    each value can be overridden by its `KTB_SCHEMA_REGISTRY_<KEY>` variable."""

    connection: tuple[tuple[str, str], ...] = ()
    """`url`, `user_info`, `bearer_token`, `ca_file`, `cert_file`, `key_file` as set."""
    allow_incompatible: bool = False
    """The override that lets apply register a schema the plan found incompatible."""


@dataclass(frozen=True, slots=True)
class ControlCenterTopics:
    """The topics Confluent Control Center uses (JulieOps `confluent.monitoring.topic`,
    `confluent.command.topic`, `confluent.metrics.topic`): its principals get them."""

    monitoring: str = "_confluent-monitoring"
    command: str = "_confluent-command"
    metrics: str = "_confluent-metrics"

    @property
    def names(self) -> tuple[str, str, str]:
        """The three names, in JulieOps' order."""
        return self.monitoring, self.command, self.metrics


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
    schema_registry: SchemaRegistrySettings = field(default_factory=SchemaRegistrySettings)
    topic_managed_prefixes: tuple[str, ...] = ()
    """Empty: the topology's own context prefix is the managed scope."""
    group_managed_prefixes: tuple[str, ...] = ()
    principal_managed_prefixes: tuple[str, ...] = ()
    internal_topic_prefixes: tuple[str, ...] = ("_",)
    """JulieOps `kafka.internal.topic.prefixes`: topics never owned, so never deleted (Kafka's
    own `__` topics never are, whatever this says)."""
    acls_optimized: bool = False
    """JulieOps `topology.acls.optimized`: PREFIXED ACLs on the project prefix."""
    connector_allow_topic_create: bool = True
    control_center_topics: ControlCenterTopics = field(default_factory=ControlCenterTopics)
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
    revoke_owned_bindings: bool = True
    """Revoke the bindings ktb created that no topology declares any more, even with
    `allow_delete.acls` off (JulieOps `.properties`: only with `allow.delete.bindings`)."""
    state_file: str | None = None
    """A file keeping the ownership state (local use, tests); it wins over `state_topic`."""
    state_topic: str | None = None
    """The compacted topic keeping the ownership state (docs/ownership.md); None: no state
    unless `state_file` names one."""
    julie_state_file: str | None = None
    """JulieOps' `.cluster-state` file: what it lists is owned until ktb first writes."""
    audit_topic: str | None = None
    """The topic every apply's audit record is written to (docs/audit.md); None: none."""
    state_in_ci: bool = True
    """`ktb ci` keeps the state and the audit trail in the cluster even when no store is
    named (`_ktb_state`, `_ktb_audit`); False: only what the settings name."""
    key_spans: dict[str, Span] = field(default_factory=dict)
    """Where each settings key was written (dotted path, e.g. `naming.topic_format` or
    `rules.julie-topic-name-regex`), so findings about settings can point at them."""
