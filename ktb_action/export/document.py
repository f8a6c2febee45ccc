"""The exported topology as YAML documents (ruamel.yaml nodes with comments). Pure.

Keys are in the order the examples and JulieOps' docs write them, entries sorted by name, and
no value depends on when the export ran: an unchanged cluster gives the same files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ktb_action.export.connectors import PlacedConnectors, env_variable
from ktb_action.export.layout import OTHER_CONTEXT, Layout
from ktb_action.export.roles import Grants
from ktb_action.export.schemas import PlacedSchemas, SchemaEntry, SchemaPart
from ktb_action.kinds.acls import mapping
from ktb_action.kinds.quotas.kind import QuotaSpec
from ktb_action.kinds.quotas.values import CLIENT_ID, USER
from ktb_action.kinds.topics.values import TopicSpec
from ktb_action.kinds.users.values import DEFAULT_ITERATIONS, DEFAULT_MECHANISM, UserSpec
from ktb_action.topology.model import AclEntry


def _q(text: str) -> DoubleQuotedScalarString:
    quoted: DoubleQuotedScalarString = DoubleQuotedScalarString(text)
    return quoted


def _map(*items: tuple[str, Any]) -> CommentedMap:
    """A mapping of the items whose value is not None, in the order given."""
    return CommentedMap((key, value) for key, value in items if value is not None)


def _seq(items: Sequence[Any]) -> CommentedSeq:
    return CommentedSeq(items)


def _flow(items: Sequence[Any]) -> CommentedSeq:
    """A short list on one line (`[READ, WRITE]`), as people write operations."""
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def password_variable(user: str) -> str:
    """The environment variable an exported user's password reference names."""
    return env_variable("KAFKA", user, "PASSWORD")


def context_documents(
    layout: Layout, grants: Grants, schemas: PlacedSchemas, origin: str
) -> dict[str, CommentedMap]:
    """One document per context, by context name."""
    documents: dict[str, CommentedMap] = {}
    for context, projects in layout.projects.items():
        doc = _map(("context", _q(context)))
        doc["projects"] = _seq(
            [_project(name, topics, grants, schemas) for name, topics in sorted(projects.items())]
        )
        doc.yaml_set_start_comment(
            f"Exported by `ktb export` from {origin}: topics named `{context}{layout.separator}"
            f"<project>{layout.separator}<topic>`,\nwith the configs set on each topic "
            "(configs equal to the broker's defaults are not written)."
        )
        documents[context] = doc
    return documents


def _project(
    name: str, topics: Mapping[str, TopicSpec], grants: Grants, schemas: PlacedSchemas
) -> CommentedMap:
    return _map(
        ("name", _q(name)),
        (
            "topics",
            _seq(
                [
                    _topic(short, spec, grants, schemas.entries.get(spec.name, ()))
                    for short, spec in sorted(topics.items())
                ]
            ),
        ),
    )


def _topic(
    short: str, spec: TopicSpec, grants: Grants, schemas: Sequence[SchemaEntry] = ()
) -> CommentedMap:
    consumers = grants.consumers.get(spec.name, [])
    producers = grants.producers.get(spec.name, [])
    return _map(
        ("name", _q(short)),
        ("partitions", spec.partitions),
        ("replication.factor", spec.replication_factor),
        ("config", _map(*((k, _q(v)) for k, v in spec.configs)) if spec.configs else None),
        ("schemas", _schemas(schemas) if schemas else None),
        (
            "consumers",
            _seq(
                [
                    _map(("principal", _q(c.principal)), ("group", _q(c.group or "*")))
                    for c in consumers
                ]
            )
            if consumers
            else None,
        ),
        (
            "producers",
            _seq(
                [
                    _map(
                        ("principal", _q(p.principal)),
                        ("transactionId", _q(p.transaction_id) if p.transaction_id else None),
                        ("idempotence", True if p.idempotence else None),
                    )
                    for p in producers
                ]
            )
            if producers
            else None,
        ),
    )


def _schemas(entries: Sequence[SchemaEntry]) -> CommentedMap | CommentedSeq:
    """A topic's `schemas:`: one entry as a mapping, as JulieOps' examples write it."""
    written = [
        _map(
            *(item for part in entry.parts for item in _schema_part(part)),
            ("value.format", _q(entry.schema_type) if entry.schema_type != "AVRO" else None),
        )
        for entry in entries
    ]
    return written[0] if len(written) == 1 else _seq(written)


def _schema_part(part: SchemaPart) -> list[tuple[str, Any]]:
    """`key.*` or `value.*`: the file, the subject's own level, the pinned references."""
    references = [
        _map(("name", _q(r.name)), ("subject", _q(r.subject)), ("version", r.version))
        for r in part.references
    ]
    return [
        (f"{part.part}.schema.file", _q(part.file)),
        (f"{part.part}.compatibility", _q(part.level) if part.level else None),
        (f"{part.part}.references", _seq(references) if references else None),
    ]


def platform_document(
    layout: Layout,
    grants: Grants,
    users: Mapping[str, UserSpec],
    quotas: Mapping[str, QuotaSpec],
    *,
    connectors: PlacedConnectors,
    origin: str,
) -> CommentedMap:
    """Special topics, applications and connectors, platform components, SCRAM users,
    quotas and the bindings no role fits."""
    doc = _map(("context", _q(OTHER_CONTEXT)))
    doc.yaml_set_start_comment(
        f"Exported by `ktb export` from {origin}: what belongs to no project of the other files."
    )
    if grants.streams or grants.connectors or connectors.artefacts:
        doc["projects"] = _seq([_applications(grants, connectors)])
    if layout.special:
        doc["special_topics"] = _seq(
            [_topic(name, spec, grants) for name, spec in sorted(layout.special.items())]
        )
    platform = _platform(grants, users, quotas)
    if platform:
        doc["platform"] = platform
    return doc


def _applications(grants: Grants, connectors: PlacedConnectors) -> CommentedMap:
    project = _map(("name", _q("applications")))
    project.yaml_set_start_comment(
        "Streams apps, Connect workers and connectors: every topic they use is written in full.",
        indent=2,
    )
    if grants.streams:
        project["streams"] = _seq(
            [
                _map(
                    ("principal", _q(app.principal)),
                    ("applicationId", _q(app.application_id or "")),
                    ("exactlyOnce", True if app.exactly_once else None),
                    ("topics", _refs(app.topics.read, app.topics.write)),
                )
                for app in grants.streams
            ]
        )
    workers = (
        _seq(
            [
                _map(
                    ("principal", _q(w.principal)),
                    (
                        "group",
                        _q(w.group) if w.group and w.group != mapping.CONNECT_GROUP else None,
                    ),
                    ("status_topic", _q(w.status_topic or "")),
                    ("offset_topic", _q(w.offset_topic or "")),
                    ("configs_topic", _q(w.configs_topic or "")),
                    ("topics", _refs(w.topics.read, w.topics.write)),
                )
                for w in grants.connectors
            ]
        )
        if grants.connectors
        else None
    )
    if connectors.artefacts:
        # With artefacts, JulieOps writes the workers under `access_control`.
        artefacts = [
            _map(("path", _q(a.path)), ("server", _q(a.server)), ("name", _q(a.name)))
            for a in connectors.artefacts
        ]
        written = _map(("access_control", workers), ("artefacts", _seq(artefacts)))
        if connectors.withheld:
            written.yaml_set_comment_before_after_key(
                "artefacts",
                before="Secret values are not exported: the files hold `${env:…}` references "
                "instead\n(see the export's summary).",
                indent=4,
            )
        project["connectors"] = written
    elif workers is not None:
        project["connectors"] = workers
    return project


def _refs(read: Sequence[str], write: Sequence[str]) -> CommentedMap | None:
    refs = _map(
        ("read", _seq([_q(t) for t in read]) if read else None),
        ("write", _seq([_q(t) for t in write]) if write else None),
    )
    return refs or None


def _platform(
    grants: Grants, users: Mapping[str, UserSpec], quotas: Mapping[str, QuotaSpec]
) -> CommentedMap:
    kafka = _map(
        ("users", _seq([_user(u) for u in users.values()]) if users else None),
        ("quotas", _seq([_quota(q) for q in quotas.values()]) if quotas else None),
        ("acls", _seq([_acl(e) for e in grants.unmatched]) if grants.unmatched else None),
    )
    if grants.unmatched:
        kafka.yaml_set_comment_before_after_key(
            "acls",
            before="Bindings that fit no JulieOps role, as Kafka has them (a ktb extension).",
            indent=4,
        )
    components = {
        "schema_registry": [
            _map(
                ("principal", _q(r.principal)),
                ("topic", _q(r.topic or "")),
                ("group", _q(r.group or "")),
            )
            for r in grants.schema_registry
        ],
        "control_center": [
            _map(("principal", _q(c.principal)), ("appId", _q(c.app_id)))
            for c in grants.control_center
        ],
        "ksql": [
            _map(("principal", _q(k.principal)), ("ksqlDbId", _q(k.ksql_db_id)))
            for k in grants.ksql
        ],
    }
    return _map(
        ("kafka", kafka or None),
        *(
            (name, _map(("instances", _seq(instances))) if instances else None)
            for name, instances in components.items()
        ),
    )


def _user(user: UserSpec) -> CommentedMap:
    mechanisms = [str(c.mechanism) for c in user.credentials]
    iterations = {c.iterations for c in user.credentials}
    variable = password_variable(user.name)
    entry = _map(
        ("principal", _q(f"User:{user.name}")),
        (
            "mechanism",
            None
            if mechanisms == [str(DEFAULT_MECHANISM)]
            else (_q(mechanisms[0]) if len(mechanisms) == 1 else _seq([_q(m) for m in mechanisms])),
        ),
        ("iterations", next(iter(iterations)) if iterations != {DEFAULT_ITERATIONS} else None),
        ("password", _q(f"${{env:{variable}}}")),
    )
    entry.yaml_add_eol_comment(f"Kafka returns no password: set {variable} to apply", "password")
    return entry


def _quota(quota: QuotaSpec) -> CommentedMap:
    parts = dict(quota.entity.parts)
    user, client = parts.get(USER, ""), parts.get(CLIENT_ID, "")
    return _map(
        ("principal", _q(f"User:{user}") if user else None),
        ("default_user", True if USER in parts and user is None else None),
        ("client_id", _q(client) if client else None),
        ("default_client_id", True if CLIENT_ID in parts and client is None else None),
        *((key, int(v) if v.is_integer() else v) for key, v in sorted(quota.values.items())),
    )


def _acl(entry: AclEntry) -> CommentedMap:
    return _map(
        ("principal", _q(entry.principal)),
        ("resource_type", entry.resource_type),
        ("resource_name", _q(entry.resource_name)),
        ("pattern_type", entry.pattern_type),
        ("operations", _flow(list(entry.operations))),
        ("host", _q(entry.host) if entry.host != "*" else None),
    )
