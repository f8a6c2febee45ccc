"""Readers of one entry of a topology: a located node -> its model value. The schema check
has already reported values of the wrong shape, so these skip what they do not expect."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ktb_action.diagnostics import Span
from ktb_action.topology.located import LMap, LSeq, scalar_text
from ktb_action.topology.model import (
    Artefact,
    ConnectWorker,
    Consumer,
    Ksql,
    KsqlAccess,
    Metadata,
    Producer,
    RoleBinding,
    SchemaAccess,
    SchemaReference,
    StreamsApp,
    TopicRefs,
    TopicSchema,
)


def as_map(value: Any) -> LMap | dict[str, Any]:
    """A mapping node, or an empty mapping for anything else."""
    return value if isinstance(value, LMap) else {}


def maps(value: Any) -> Iterator[LMap]:
    """The mappings in a sequence (anything else has been reported by the schema check)."""
    if isinstance(value, LSeq):
        yield from (item for item in value if isinstance(item, LMap))


def principals(value: Any) -> Iterator[tuple[LMap, str]]:
    """The mappings in a sequence that name a `principal`, each with it."""
    for item in maps(value):
        principal = scalar_text(item.get("principal"))
        if principal is not None:
            yield item, principal


def instances(component: Any) -> Iterator[tuple[LMap, str]]:
    """Each platform component instance with its principal."""
    return principals(as_map(component).get("instances"))


def strings(value: Any) -> tuple[str, ...]:
    """A list of scalars, as strings (anything else: none)."""
    return located_strings(value)[0]


def flag(value: Any) -> bool:
    """`true` as written (anything else is false)."""
    return scalar_text(value) == "true"


def metadata(value: Any) -> Metadata:
    """Free-form `metadata:` entries as text, in file order."""
    if not isinstance(value, LMap):
        return ()
    return tuple((key, text) for key, item in value.items() if (text := scalar_text(item)))


def topic_refs(value: Any) -> TopicRefs:
    """The `topics: {read, write}` of an application, with where each name is written."""
    node = as_map(value)
    read, read_spans = located_strings(node.get("read"))
    write, write_spans = located_strings(node.get("write"))
    return TopicRefs(read=read, write=write, spans=read_spans + write_spans)


def located_strings(value: Any) -> tuple[tuple[str, ...], tuple[Span, ...]]:
    """The scalars of a list as strings, and where each is written."""
    if not isinstance(value, LSeq):
        return (), ()
    found = [
        (text, value.item_span(i))
        for i, item in enumerate(value)
        if (text := scalar_text(item)) is not None
    ]
    return tuple(text for text, _ in found), tuple(span for _, span in found)


def consumers(value: Any) -> tuple[Consumer, ...]:
    """Each consumer with its principal and group."""
    return tuple(
        Consumer(
            principal,
            group=scalar_text(item.get("group")),
            metadata=metadata(item.get("metadata")),
            span=item.value_span("principal"),
        )
        for item, principal in principals(value)
    )


def producers(value: Any) -> tuple[Producer, ...]:
    """Each producer with its principal, transactional id and idempotence."""
    return tuple(
        Producer(
            principal,
            transaction_id=scalar_text(item.get("transactionId")),
            idempotence=flag(item.get("idempotence")),
            metadata=metadata(item.get("metadata")),
            span=item.value_span("principal"),
        )
        for item, principal in principals(value)
    )


def streams_app(item: LMap, principal: str) -> StreamsApp:
    """A Kafka Streams application entry."""
    return StreamsApp(
        principal,
        topics=topic_refs(item.get("topics")),
        application_id=scalar_text(item.get("applicationId")),
        exactly_once=flag(item.get("exactlyOnce")),
        metadata=metadata(item.get("metadata")),
        span=item.value_span("principal"),
    )


def worker(item: LMap, principal: str) -> ConnectWorker:
    """A Kafka Connect worker entry, with its internal topics and group."""
    return ConnectWorker(
        principal,
        topics=topic_refs(item.get("topics")),
        group=scalar_text(item.get("group")),
        status_topic=scalar_text(item.get("status_topic")),
        offset_topic=scalar_text(item.get("offset_topic")),
        configs_topic=scalar_text(item.get("configs_topic")),
        cluster_id=scalar_text(item.get("cluster_id")),
        connectors=strings(item.get("connectors")),
        metadata=metadata(item.get("metadata")),
        span=item.value_span("principal"),
    )


def artefacts(value: Any) -> tuple[Artefact, ...]:
    """Connector or ksqlDB artefacts (`path`, `name`, `server`)."""
    return tuple(
        Artefact(
            path,
            name=scalar_text(item.get("name")),
            server=scalar_text(item.get("server")),
            span=item.value_span("path"),
            server_span=item.value_spans.get("server"),
        )
        for item in maps(value)
        if (path := scalar_text(item.get("path"))) is not None
    )


def schema_access(item: LMap, principal: str) -> SchemaAccess:
    """A principal's Schema Registry subjects."""
    return SchemaAccess(
        principal,
        subjects=strings(item.get("subjects")),
        role=scalar_text(item.get("role")),
        prefixed=flag(item.get("prefixed")),
        span=item.value_span("principal"),
    )


def ksql(value: Any) -> Ksql:
    """A project's ksqlDB artefacts and access control."""
    if isinstance(value, LSeq):
        return Ksql(access_control=ksql_access(value))
    node = as_map(value)
    found = as_map(node.get("artefacts"))
    return Ksql(
        streams=artefacts(found.get("streams")),
        tables=artefacts(found.get("tables")),
        access_control=ksql_access(node.get("access_control")),
    )


def ksql_access(value: Any) -> tuple[KsqlAccess, ...]:
    """ksqlDB principals with the topics their queries use."""
    return tuple(
        KsqlAccess(
            principal,
            topics=topic_refs(item.get("topics")),
            application_id=scalar_text(item.get("applicationId")),
            span=item.value_span("principal"),
        )
        for item, principal in principals(value)
    )


def role_bindings(value: Any) -> tuple[RoleBinding, ...]:
    """`{Role: [{principal}]}`, or a list of such mappings (the project `rbac:` form)."""
    groups = list(maps(value)) if isinstance(value, LSeq) else [value]
    return tuple(
        RoleBinding(role, principal, span=item.value_span("principal"))
        for group in groups
        if isinstance(group, LMap)
        for role, listed in group.items()
        for item, principal in principals(listed)
    )


def topic_schemas(value: Any) -> tuple[TopicSchema, ...]:
    """A topic's schema files (one entry or a list)."""
    entries = [value] if isinstance(value, LMap) else list(maps(value))
    return tuple(
        TopicSchema(
            key_file=scalar_text(item.get("key.schema.file")),
            value_file=scalar_text(item.get("value.schema.file")),
            key_record_type=scalar_text(item.get("key.record.type")),
            value_record_type=scalar_text(item.get("value.record.type")),
            value_format=scalar_text(item.get("value.format")),
            value_compatibility=scalar_text(item.get("value.compatibility")),
            span=item.span,
            key_file_span=item.value_spans.get("key.schema.file"),
            value_file_span=item.value_spans.get("value.schema.file"),
            key_references=schema_references(item.get("key.references")),
            value_references=schema_references(item.get("value.references")),
            key_compatibility=scalar_text(item.get("key.compatibility")),
        )
        for item in entries
    )


def schema_references(value: Any) -> tuple[SchemaReference, ...]:
    """`[{name, subject, version}]` (ktb's extension); entries without a name or a subject are
    left to the schema check."""
    found = []
    for item in maps(value):
        name, subject = scalar_text(item.get("name")), scalar_text(item.get("subject"))
        version = scalar_text(item.get("version"))
        if name is None or subject is None:
            continue
        pinned = int(version) if version is not None and version.isdigit() else None
        found.append(SchemaReference(name, subject, pinned, item.value_span("subject")))
    return tuple(found)


def number(value: Any) -> float | None:
    """A number written as a number or a quoted number; None for anything else."""
    text = scalar_text(value)
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


_QUOTA_ENTITY_KEYS = ("principal", "client_id", "default_user", "default_client_id")
