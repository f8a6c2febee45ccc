"""The `platform:` section of a topology: component principals, client quotas, SCRAM users
and RBAC, and the platforms of several files merged into one."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Any

from ktb_action.topology import entries
from ktb_action.topology.acl_entries import acl_entries
from ktb_action.topology.located import LMap, LSeq, scalar_text
from ktb_action.topology.model import (
    QUOTA_RATES,
    ControlCenterInstance,
    KsqlServerInstance,
    PasswordRef,
    Platform,
    Quota,
    SchemaRegistryInstance,
    ScramUser,
)


def platform(node: LMap) -> Platform:
    """The `platform:` section: component principals, quotas, SCRAM users, RBAC."""
    kafka = entries.as_map(node.get("kafka"))
    return Platform(
        schema_registry=tuple(
            SchemaRegistryInstance(
                principal,
                topic=scalar_text(item.get("topic")),
                group=scalar_text(item.get("group")),
                span=item.value_span("principal"),
                consumer_offsets_topic=scalar_text(item.get("consumer_offsets_topic")),
            )
            for item, principal in entries.instances(node.get("schema_registry"))
        ),
        control_center=tuple(
            ControlCenterInstance(principal, app_id, span=item.value_span("principal"))
            for item, principal in entries.instances(node.get("control_center"))
            if (app_id := scalar_text(item.get("appId"))) is not None
        ),
        ksql=tuple(
            KsqlServerInstance(
                principal,
                ksql_id,
                owner=scalar_text(item.get("owner")),
                span=item.value_span("principal"),
            )
            for item, principal in entries.instances(node.get("ksql"))
            if (ksql_id := scalar_text(item.get("ksqlDbId"))) is not None
        ),
        quotas=tuple(_quota(item) for item in entries.maps(kafka.get("quotas"))),
        users=tuple(_scram_user(*entry) for entry in entries.principals(kafka.get("users"))),
        acls=acl_entries(kafka.get("acls")),
        rbac=tuple(
            (component, bindings)
            for component, value in node.items()
            if (bindings := entries.role_bindings(entries.as_map(value).get("rbac")))
        ),
    )


_QUOTA_ENTITY_KEYS = ("principal", "client_id", "default_user", "default_client_id")


def _quota(item: LMap) -> Quota:
    rates = {key: entries.number(item.get(key)) for key in QUOTA_RATES}
    named = [key for key in _QUOTA_ENTITY_KEYS if key in item]
    return Quota(
        principal=scalar_text(item.get("principal")),
        client_id=scalar_text(item.get("client_id")),
        default_user=entries.flag(item.get("default_user")),
        default_client_id=entries.flag(item.get("default_client_id")),
        producer_byte_rate=rates["producer_byte_rate"],
        consumer_byte_rate=rates["consumer_byte_rate"],
        request_percentage=rates["request_percentage"],
        controller_mutation_rate=rates["controller_mutation_rate"],
        span=item.value_span(named[0]) if named else item.key_span(next(iter(item), "")),
        value_spans=tuple((key, item.value_span(key)) for key in QUOTA_RATES if key in item),
    )


# The whole value is one reference: text around it would be a literal part of a password.
_PASSWORD_REF = re.compile(r"^\$\{(?:env:(?P<env>[A-Za-z_][A-Za-z0-9_]*)|file:(?P<file>[^}]+))\}$")


def _scram_user(item: LMap, principal: str) -> ScramUser:
    mechanism = item.get("mechanism")
    if isinstance(mechanism, LSeq):
        written = [(scalar_text(m), mechanism.item_span(i)) for i, m in enumerate(mechanism)]
    else:
        written = [(scalar_text(mechanism), item.value_span("mechanism"))]
    mechanisms = [(text, span) for text, span in written if text is not None]
    return ScramUser(
        principal,
        mechanisms=tuple(text for text, _ in mechanisms),
        iterations=scalar_text(item.get("iterations")),
        password=_password_ref(item.get("password"), item.span.file),
        password_version=scalar_text(item.get("password_version")),
        span=item.value_span("principal"),
        mechanism_spans=tuple(span for _, span in mechanisms),
        iterations_span=item.value_spans.get("iterations"),
        password_span=item.value_spans.get("password"),
    )


def _password_ref(value: Any, file: str) -> PasswordRef | None:
    """The reference written as a password; None for anything else, which is never kept."""
    match = _PASSWORD_REF.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    if match.group("env") is not None:
        return PasswordRef("env", match.group("env"))
    base = str(PurePosixPath(file).parent)
    return PasswordRef("file", match.group("file"), "" if base == "." else base)


def merge_platforms(platforms: Sequence[Platform]) -> Platform:
    """The platform sections of several files of one context, as one."""
    if len(platforms) == 1:
        return platforms[0]
    return Platform(
        schema_registry=tuple(i for p in platforms for i in p.schema_registry),
        control_center=tuple(i for p in platforms for i in p.control_center),
        ksql=tuple(i for p in platforms for i in p.ksql),
        quotas=tuple(i for p in platforms for i in p.quotas),
        users=tuple(i for p in platforms for i in p.users),
        acls=tuple(i for p in platforms for i in p.acls),
        rbac=tuple(i for p in platforms for i in p.rbac),
    )
