"""Every plain settings key once: its `ktb.yaml` path, its JulieOps property, its type and
default. Both readers go through this table, and `build_settings` turns what they read into
`Settings`, so a key added here is read from both kinds of file alike."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from ktb_action.diagnostics import Span
from ktb_action.settings import (
    AllowDelete,
    ControlCenterTopics,
    Naming,
    RuleSetting,
    SchemaRegistrySettings,
    Settings,
)


class Type(Enum):
    """How a value is written and checked."""

    BOOL = "`true` or `false`"
    STRING = "a string"
    TEMPLATE = "a Jinja template"
    STRINGS = "a list of strings"
    POSITIVE_INT = "a positive integer"


@dataclass(frozen=True)
class Field:
    """One settings key."""

    path: str
    """Its dotted path in `ktb.yaml` (`allow_delete.topics`)."""
    type: Type
    default: Any
    julie: str | None = None
    """The JulieOps property it is read from in a `.properties` file, if any."""


CONTROL_CENTER_KEYS = ("monitoring", "command", "metrics")
"""`control_center.<key>_topic`, JulieOps `confluent.<key>.topic`: `ControlCenterTopics`."""

FIELDS = (
    Field("topology", Type.STRINGS, ()),
    Field("naming.separator", Type.STRING, ".", "topology.topic.prefix.separator"),
    Field("naming.topic_format", Type.TEMPLATE, None, "topology.topic.prefix.format"),
    Field("naming.project_format", Type.TEMPLATE, None, "topology.project.prefix.format"),
    Field("allow_delete.topics", Type.BOOL, False, "allow.delete.topics"),
    Field("allow_delete.acls", Type.BOOL, False, "allow.delete.bindings"),
    Field("allow_delete.users", Type.BOOL, False, "allow.delete.principals"),
    Field("allow_delete.quotas", Type.BOOL, False, "allow.delete.quotas"),
    Field("allow_delete.subjects", Type.BOOL, False),
    Field("schema_registry.url", Type.STRING, None, "schema.registry.url"),
    Field("schema_registry.user_info", Type.STRING, None, "schema.registry.basic.auth.user.info"),
    Field("schema_registry.bearer_token", Type.STRING, None, "schema.registry.bearer.auth.token"),
    Field(
        "schema_registry.bearer_auth_credentials_source",
        Type.STRING,
        None,
        "schema.registry.bearer.auth.credentials.source",
    ),
    Field("schema_registry.ca_file", Type.STRING, None, "schema.registry.ssl.ca.location"),
    Field(
        "schema_registry.cert_file", Type.STRING, None, "schema.registry.ssl.certificate.location"
    ),
    Field("schema_registry.key_file", Type.STRING, None, "schema.registry.ssl.key.location"),
    Field("schema_registry.allow_incompatible", Type.BOOL, False),
    Field("allow_delete.connectors", Type.BOOL, False, "allow.delete.artefacts.connect"),
    Field("managed_prefixes.topics", Type.STRINGS, (), "topology.topic.managed.prefixes"),
    Field("managed_prefixes.groups", Type.STRINGS, (), "topology.group.managed.prefixes"),
    Field(
        "managed_prefixes.principals",
        Type.STRINGS,
        (),
        "topology.service.accounts.managed.prefixes",
    ),
    Field(
        "internal_topic_prefixes",
        Type.STRINGS,
        Settings().internal_topic_prefixes,
        "kafka.internal.topic.prefixes",
    ),
    Field("ownership.revoke_bindings", Type.BOOL, True),
    Field("ownership.state_file", Type.STRING, None),
    Field("ownership.state_topic", Type.STRING, None),
    Field("ownership.julie_state_file", Type.STRING, None),
    Field("ownership.in_ci", Type.BOOL, True),
    Field("audit.topic", Type.STRING, None),
    Field("acls_optimized", Type.BOOL, False, "topology.acls.optimized"),
    Field(
        "connector_allow_topic_create",
        Type.BOOL,
        True,
        "topology.connector.allow.topic.create",
    ),
    Field("connect.clusters", Type.STRINGS, (), "platform.servers.connect"),
    *(
        Field(f"control_center.{key}_topic", Type.STRING, default, f"confluent.{key}.topic")
        for key, default in zip(CONTROL_CENTER_KEYS, ControlCenterTopics().names, strict=True)
    ),
    Field("plans_file", Type.STRING, None),
    Field("roles_file", Type.STRING, None, "julie.roles"),
    Field("limits.max_file_bytes", Type.POSITIVE_INT, Settings().max_file_bytes),
)
REGISTRY_KEYS = (
    "url",
    "user_info",
    "bearer_token",
    "bearer_auth_credentials_source",
    "ca_file",
    "cert_file",
    "key_file",
)
SECTION_KEYS = ("rules", "custom_rules")
"""Top-level `ktb.yaml` keys with a structure of their own, read apart from the table."""


def sections() -> dict[str, tuple[str, ...]]:
    """`ktb.yaml`'s top-level keys, each with its sub-keys (empty for a plain value)."""
    found: dict[str, list[str]] = {}
    for field in FIELDS:
        top, _, sub = field.path.partition(".")
        found.setdefault(top, [])
        if sub:
            found[top].append(sub)
    return {top: tuple(subs) for top, subs in found.items()} | dict.fromkeys(SECTION_KEYS, ())


def build_settings(
    values: Mapping[str, Any],
    *,
    rules: dict[str, RuleSetting],
    custom_rules: tuple[dict[str, Any], ...] = (),
    source: str | None,
    key_spans: dict[str, Span],
) -> Settings:
    """`Settings` from the values read by path (missing ones take the table's default)."""
    value = {field.path: values.get(field.path, field.default) for field in FIELDS}.__getitem__
    return Settings(
        naming=Naming(
            separator=value("naming.separator") or ".",
            topic_prefix_format=value("naming.topic_format"),
            project_prefix_format=value("naming.project_format"),
        ),
        allow_delete=AllowDelete(
            topics=value("allow_delete.topics"),
            acls=value("allow_delete.acls"),
            users=value("allow_delete.users"),
            quotas=value("allow_delete.quotas"),
            subjects=value("allow_delete.subjects"),
            connectors=value("allow_delete.connectors"),
        ),
        schema_registry=SchemaRegistrySettings(
            connection=tuple(
                (key, value(f"schema_registry.{key}"))
                for key in REGISTRY_KEYS
                if value(f"schema_registry.{key}")
            ),
            allow_incompatible=value("schema_registry.allow_incompatible"),
        ),
        topic_managed_prefixes=tuple(value("managed_prefixes.topics")),
        group_managed_prefixes=tuple(value("managed_prefixes.groups")),
        principal_managed_prefixes=tuple(value("managed_prefixes.principals")),
        internal_topic_prefixes=tuple(value("internal_topic_prefixes")),
        acls_optimized=value("acls_optimized"),
        connector_allow_topic_create=value("connector_allow_topic_create"),
        control_center_topics=ControlCenterTopics(
            *(value(f"control_center.{key}_topic") for key in CONTROL_CENTER_KEYS)
        ),
        connect_clusters=tuple(value("connect.clusters")),
        plans_file=value("plans_file"),
        roles_file=value("roles_file"),
        rules=rules,
        custom_rules=custom_rules,
        max_file_bytes=value("limits.max_file_bytes"),
        source=source,
        topology_paths=tuple(value("topology")),
        revoke_owned_bindings=value("ownership.revoke_bindings"),
        state_file=value("ownership.state_file"),
        state_topic=value("ownership.state_topic"),
        julie_state_file=value("ownership.julie_state_file"),
        state_in_ci=value("ownership.in_ci"),
        audit_topic=value("audit.topic"),
        key_spans=key_spans,
    )
