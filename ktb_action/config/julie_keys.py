"""JulieOps' own configuration keys, as its `reference.conf` and `Constants` name them (at the
commit of the compatibility corpus), for the `.properties` reader: which are lists, and why
each key ktb does not map is not implemented (the warning's hint)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ktb_action.diagnostics import Diagnostic, Severity, Span, did_you_mean

Written = str | tuple[str, ...]
"""A property's value: its text, or the items of an indexed list (`key.0`, `key.1` …)."""

LIST_KEYS = frozenset(
    {
        "topology.validations",
        "topology.topic.managed.prefixes",
        "topology.group.managed.prefixes",
        "topology.service.accounts.managed.prefixes",
        "topology.subject.managed.prefixes",
        "topology.dlq.topics.allow.list",
        "topology.dlq.topics.deny.list",
        "topology.builder.mds.valid.cluster.ids",
        "kafka.internal.topic.prefixes",
        "platform.servers.connect",
        "platform.servers.basic.auth",
    }
)
"""The keys JulieOps reads with `getStringList`: written `key.0=…`, `key.1=…` as Typesafe
config reads lists from a `.properties` file."""

DLQ_GENERATE = "topology.dlq.topics.generate"

_RBAC = "ktb writes Kafka ACLs (JulieOps' default SimpleAclsProvider), not Confluent RBAC"
_STATE = (
    "ktb keeps its state in `ownership.state_topic` or `ownership.state_file`, and reads "
    "JulieOps' `.cluster-state` with `ownership.julie_state_file` (docs/ownership.md)"
)
_CLUSTER = "ktb always compares with what the cluster holds: nothing to set"
_CCLOUD = "ktb does not call the Confluent Cloud API; principals are used as written"
_DLQ = (
    "ktb does not generate DLQ topics: declare them as topics of the project "
    f"(see `{DLQ_GENERATE}` in docs/settings.md)"
)
_OWNED = "ktb revokes only bindings it owns (docs/ownership.md): no principal needs excluding"
_KSQL = "ktb does not deploy ksqlDB artefacts; it grants their ACLs (docs/acl-mapping.md)"

UNIMPLEMENTED: dict[str, str] = {
    "topology.file.type": "ktb reads `.yaml`, `.yml` and `.json` descriptors by their extension",
    "topology.features.experimental": "ktb has no experimental features to switch on",
    "topology.translation.principal.enabled": _CCLOUD,
    "topology.builder.access.control.class": _RBAC,
    "topology.builder.mds.": _RBAC,
    "topology.builder.state.processor.class": _STATE,
    "topology.builder.redis.": _STATE,
    "topology.builder.ccloud.": _CCLOUD,
    "topology.builder.internal.principal": _OWNED,
    "julie.internal.principal": _OWNED,
    "topology.subject.managed.prefixes": (
        "JulieOps filters only RBAC subject bindings with it, and ktb binds no RBAC roles; "
        "ktb manages the subjects named after the topics it manages (docs/schema-registry.md)"
    ),
    "topology.topic.dlq.prefix.format": _DLQ,
    "topology.topic.dlq.label": _DLQ,
    "topology.dlq.topics.allow.list": _DLQ,
    "topology.dlq.topics.deny.list": _DLQ,
    "topology.state.cluster.enabled": _CLUSTER,
    "topology.state.topics.cluster.enabled": _CLUSTER,
    "julie.verify.remote.state": _CLUSTER,
    "julie.s3.": _STATE,
    "julie.gcp.": _STATE,
    "julie.kafka.": _STATE,
    "julie.instance.id": _STATE,
    "julie.multiple.context.per.dir.enabled": (
        "ktb always reads the contexts of a directory apart, each in its own scope"
    ),
    "julie.enable.principal.management": (
        "ktb manages SCRAM users declared under `users:`, not Confluent Cloud service accounts"
    ),
    "julie.audit.": "set `audit.topic` for ktb's audit trail (docs/audit.md)",
    "julie.debug.mode": "run ktb with `--debug`",
    "julie.http.retry.": "ktb's HTTP clients retry on their own: nothing to set",
    "allow.delete.artefacts.ksql": _KSQL,
    "platform.server.ksql.": _KSQL,
    "platform.servers.basic.auth": (
        "give each Connect cluster's credentials in `KTB_CONNECT_<LABEL>_USERNAME` and "
        "`_PASSWORD` (docs/connectors.md)"
    ),
    "ccloud.": _CCLOUD,
    "streams.warn-if.read-only": "ktb does not warn about read-only streams applications",
    DLQ_GENERATE: _DLQ,
}
"""JulieOps keys (or key families, ending in `.`) ktb does not implement, with the hint its
warning gives; `.properties` keys with these beginnings are JulieOps' too."""

SAME_AS_KTB: dict[str, str] = {
    "topology.builder.access.control.class": "com.purbon.kafka.topology.roles.SimpleAclsProvider",
    "topology.features.experimental": "false",
    "topology.translation.principal.enabled": "false",
    "topology.state.topics.cluster.enabled": "true",
    "julie.multiple.context.per.dir.enabled": "true",
    "julie.enable.principal.management": "false",
    "streams.warn-if.read-only": "false",
    DLQ_GENERATE: "false",
}
"""Unimplemented keys set to the value that asks for what ktb does anyway: no warning."""

JULIE_PREFIXES = (
    "topology.",
    "julie.",
    "allow.delete.",
    "validations.",
    "kafka.internal.",
    "platform.",
    "ccloud.",
    "streams.warn-if.",
    "projects.warn-if.",
)
"""Beginnings of JulieOps' own keys; anything else (client and platform connection settings)
belongs to other parts of a JulieOps config and is not ours to judge, unless named above."""


def _same_as_ktb(key: str, value: str) -> bool:
    return key in SAME_AS_KTB and SAME_AS_KTB[key].lower() == value.strip().lower()


def unimplemented_hint(key: str) -> str | None:
    """Why ktb does not implement JulieOps' `key`, if it is one of JulieOps' keys ktb knows."""
    if key in UNIMPLEMENTED:
        return UNIMPLEMENTED[key]
    families = [family for family in UNIMPLEMENTED if family.endswith(".")]
    found = max((f for f in families if key.startswith(f)), key=len, default=None)
    return UNIMPLEMENTED[found] if found else None


def shown(value: Written) -> str:
    """A property's value as written (an indexed list comma-joined)."""
    return value if isinstance(value, str) else ",".join(value)


def unimplemented(
    props: Mapping[str, Written], spans: Mapping[str, Span], known: Iterable[str]
) -> list[Diagnostic]:
    """A warning naming each JulieOps key ktb does not implement, with why (nothing is dropped
    silently), and an error for DLQ generation switched on: JulieOps would create topics no
    file declares, and ktb, not creating them, could delete those it created."""
    known = tuple(known)
    found = []
    for key, value in props.items():
        if key in known or _same_as_ktb(key, shown(value)):
            continue
        hint = unimplemented_hint(key)
        if key == DLQ_GENERATE:
            found.append(
                Diagnostic(
                    "settings-unsupported",
                    Severity.ERROR,
                    f"`{DLQ_GENERATE}` is `{shown(value)}`, but ktb does not generate DLQ topics",
                    spans[key],
                    "declare each DLQ topic in its project (JulieOps names it `<topic>.dlq`), "
                    f"then set `{DLQ_GENERATE}=false`",
                )
            )
        elif hint is not None or key.startswith(JULIE_PREFIXES):
            found.append(
                Diagnostic(
                    "settings-unknown-property",
                    Severity.WARNING,
                    f"JulieOps property `{key}` is not supported by ktb and is ignored",
                    spans[key],
                    hint
                    or did_you_mean(key, known)
                    or "see docs/settings.md for the properties ktb reads",
                )
            )
    return found
