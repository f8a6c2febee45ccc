"""The topology descriptor (JulieOps format) as typed, frozen values.

The loader builds these from located YAML nodes; everything downstream (validation rules,
the desired-state compiler) reads only these types. Each entity keeps the `Span` it came
from so that a diagnostic or a plan action can point at the file, line and column.
Names here are the *short* names written in the file; full topic names are composed by
`ktb_action.topology.naming`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ktb_action.diagnostics import Span

Metadata = tuple[tuple[str, str], ...]
"""Free-form `metadata:` entries, in file order (documentation only; never sent to Kafka)."""


@dataclass(frozen=True, slots=True)
class Consumer:
    """A principal that reads topics; `group` defaults to all groups (`*`)."""

    principal: str
    group: str | None = None
    metadata: Metadata = ()
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Producer:
    """A principal that writes topics, optionally transactional or idempotent."""

    principal: str
    transaction_id: str | None = None
    idempotence: bool = False
    metadata: Metadata = ()
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class TopicRefs:
    """Topic names an application reads and writes, as written under `topics:` (JulieOps
    grants on them exactly so: they are full names)."""

    read: tuple[str, ...] = ()
    write: tuple[str, ...] = ()
    spans: tuple[Span, ...] = field(default=(), compare=False)
    """Where each name is written: the `read` names' spans, then the `write` names'."""


@dataclass(frozen=True, slots=True)
class StreamsApp:
    """A Kafka Streams application; its internal topics live under `application_id`."""

    principal: str
    topics: TopicRefs = field(default_factory=TopicRefs)
    application_id: str | None = None
    exactly_once: bool = False
    metadata: Metadata = ()
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class ConnectWorker:
    """A Kafka Connect cluster principal with its internal topics and group."""

    principal: str
    topics: TopicRefs = field(default_factory=TopicRefs)
    group: str | None = None
    status_topic: str | None = None
    offset_topic: str | None = None
    configs_topic: str | None = None
    cluster_id: str | None = None
    connectors: tuple[str, ...] = ()
    metadata: Metadata = ()
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Artefact:
    """A file-backed artefact: a connector config or a ksqlDB statement."""

    path: str
    name: str | None = None
    server: str | None = None
    span: Span | None = None
    server_span: Span | None = field(default=None, compare=False)
    """Where the `server` label is written."""


@dataclass(frozen=True, slots=True)
class KsqlAccess:
    """A ksqlDB principal with the topics its queries read and write; its internal topics
    and groups live under `application_id` (the project prefix when None)."""

    principal: str
    topics: TopicRefs = field(default_factory=TopicRefs)
    application_id: str | None = None
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Ksql:
    """ksqlDB artefacts (streams, tables) and access control of one project."""

    streams: tuple[Artefact, ...] = ()
    tables: tuple[Artefact, ...] = ()
    access_control: tuple[KsqlAccess, ...] = ()


@dataclass(frozen=True, slots=True)
class SchemaAccess:
    """Schema Registry subjects a principal may use (RBAC)."""

    principal: str
    subjects: tuple[str, ...] = ()
    role: str | None = None
    prefixed: bool = False
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class RoleBinding:
    """An RBAC role given to a principal (Confluent Platform); kept, not applied by ktb."""

    role: str
    principal: str
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class SchemaReference:
    """A schema's reference to a subject's schema (ktb's `key.references` /
    `value.references`): the name the schema uses for it (an Avro named type's full name, a
    JSON Schema `$ref`, a Protobuf import path), the subject, and its version (None: the
    subject's latest)."""

    name: str
    subject: str
    version: int | None = None
    span: Span | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class TopicSchema:
    """Schema files of a topic's key and value."""

    key_file: str | None = None
    value_file: str | None = None
    key_record_type: str | None = None
    value_record_type: str | None = None
    value_format: str | None = None
    value_compatibility: str | None = None
    span: Span | None = None
    key_file_span: Span | None = None
    """Where `key.schema.file` is written (for a missing file)."""
    value_file_span: Span | None = None
    """Where `value.schema.file` is written (for a missing file)."""
    key_references: tuple[SchemaReference, ...] = ()
    value_references: tuple[SchemaReference, ...] = ()
    key_compatibility: str | None = None


@dataclass(frozen=True, slots=True)
class Topic:
    """A topic as declared in a project (or in `special_topics`).

    `partitions` and `replication_factor` come from `config` (`num.partitions`,
    `replication.factor`, as in JulieOps) or from the topic's own keys; `config` holds the
    remaining topic-level configs as strings, exactly as Kafka takes them.
    """

    name: str
    partitions: int | None = None
    replication_factor: int | None = None
    config: tuple[tuple[str, str], ...] = ()
    data_type: str | None = None
    plan: str | None = None
    schemas: tuple[TopicSchema, ...] = ()
    subject_name_strategy: str | None = None
    consumers: tuple[Consumer, ...] = ()
    producers: tuple[Producer, ...] = ()
    metadata: Metadata = ()
    span: Span | None = None
    """Where the topic's `name` value is written."""
    config_spans: tuple[tuple[str, Span], ...] = ()
    """Where each config key is written, for diagnostics and plan actions about one key."""


@dataclass(frozen=True, slots=True)
class Project:
    """A team's project: its topics and the principals that use them."""

    name: str
    topics: tuple[Topic, ...] = ()
    consumers: tuple[Consumer, ...] = ()
    producers: tuple[Producer, ...] = ()
    streams: tuple[StreamsApp, ...] = ()
    connectors: tuple[ConnectWorker, ...] = ()
    connector_artefacts: tuple[Artefact, ...] = ()
    schemas: tuple[SchemaAccess, ...] = ()
    ksql: Ksql = field(default_factory=Ksql)
    rbac: tuple[RoleBinding, ...] = ()
    role_acls: tuple[AclEntry, ...] = ()
    """The bindings of the custom role keys (roles file, JulieOps `julie.roles`), rendered."""
    span: Span | None = None
    """Where the project's `name` value is written."""


@dataclass(frozen=True, slots=True)
class SchemaRegistryInstance:
    """A Schema Registry server principal, its schemas topic, the consumer offsets topic it
    describes (`consumer_offsets_topic`, as JulieOps' model) and its group."""

    principal: str
    topic: str | None = None
    group: str | None = None
    span: Span | None = None
    consumer_offsets_topic: str | None = None


@dataclass(frozen=True, slots=True)
class ControlCenterInstance:
    """A Confluent Control Center principal and its application id."""

    principal: str
    app_id: str
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class KsqlServerInstance:
    """A ksqlDB server principal and its service id (internal topics and groups)."""

    principal: str
    ksql_db_id: str
    owner: str | None = None
    span: Span | None = None


QUOTA_RATES = (
    "producer_byte_rate",
    "consumer_byte_rate",
    "request_percentage",
    "controller_mutation_rate",
)
"""The rates a quota entry may set: Kafka's quota keys, and the names of `Quota`'s fields."""


@dataclass(frozen=True, slots=True)
class Quota:
    """Client quotas of one Kafka quota entity, as written under `platform.kafka.quotas`.

    JulieOps names only users (`principal: User:alice`). ktb also takes Kafka's other
    entities: `client_id` alone or with a user, and the defaults (`default_user`,
    `default_client_id`). Rates are kept as written; `ktb validate` checks them.
    """

    principal: str | None = None
    client_id: str | None = None
    default_user: bool = False
    default_client_id: bool = False
    producer_byte_rate: float | None = None
    consumer_byte_rate: float | None = None
    request_percentage: float | None = None
    controller_mutation_rate: float | None = None
    span: Span | None = None
    """Where the entry names its entity (`principal`, else `client_id`, else its first key)."""
    value_spans: tuple[tuple[str, Span], ...] = ()
    """Where each rate is written, for findings about one value."""


@dataclass(frozen=True, slots=True)
class PasswordRef:
    """Where a SCRAM user's password is read at apply time: `${env:NAME}` or `${file:path}`.

    Only the reference is in the model, never a password: a value that is not a reference is
    not kept (the `user-password-literal` rule reports where it is written).
    """

    source: str
    """`env` or `file`."""
    target: str
    """The variable name, or the file path as written."""
    base: str = ""
    """The directory of the topology file (relative to the repository root), which a
    relative `file` path is relative to."""

    def __str__(self) -> str:
        return f"${{{self.source}:{self.target}}}"


@dataclass(frozen=True, slots=True)
class ScramUser:
    """A SCRAM user ktb manages (`platform.kafka.users`, a ktb extension of the format).

    Values are kept as written; the `user-*` rules check them, the users kind compiles them.
    """

    principal: str
    mechanisms: tuple[str, ...] = ()
    """As written under `mechanism` (one name or a list); empty: the default mechanism."""
    iterations: str | None = None
    """As written; None: Kafka's minimum."""
    password: PasswordRef | None = None
    """None when the written value is not a reference (or is missing)."""
    password_version: str | None = None
    """The rotation token: changing it asks for the password to be set again."""
    span: Span | None = None
    """Where the `principal` value is written."""
    mechanism_spans: tuple[Span, ...] = ()
    """Where each of `mechanisms` is written."""
    iterations_span: Span | None = None
    password_span: Span | None = None
    """Where the `password` value is written (None when the key is missing)."""


@dataclass(frozen=True, slots=True)
class AclEntry:
    """Bindings written as Kafka has them (`platform.kafka.acls`, a ktb extension): what
    `ktb export` writes for bindings that fit no JulieOps role. Values are kept as written;
    the schema check names what is wrong with one."""

    principal: str
    resource_type: str
    resource_name: str
    pattern_type: str
    operations: tuple[str, ...]
    host: str = "*"
    span: Span | None = None
    permission: str = "ALLOW"


@dataclass(frozen=True, slots=True)
class Platform:
    """Platform components (`platform:`): their principals need ACLs too."""

    schema_registry: tuple[SchemaRegistryInstance, ...] = ()
    control_center: tuple[ControlCenterInstance, ...] = ()
    ksql: tuple[KsqlServerInstance, ...] = ()
    quotas: tuple[Quota, ...] = ()
    users: tuple[ScramUser, ...] = ()
    """SCRAM users (`platform.kafka.users`)."""
    acls: tuple[AclEntry, ...] = ()
    """Bindings outside the roles (`platform.kafka.acls`)."""
    rbac: tuple[tuple[str, tuple[RoleBinding, ...]], ...] = ()
    """RBAC bindings per component (`kafka`, `kafka_connect`, `schema_registry` …)."""


@dataclass(frozen=True, slots=True)
class Topology:
    """All projects of one context, possibly merged from several files."""

    context: str
    headers: tuple[tuple[str, str], ...] = ()
    """Custom top-level keys (`company`, `env`, `source` …) in file order: name parts."""
    projects: tuple[Project, ...] = ()
    special_topics: tuple[Topic, ...] = ()
    platform: Platform = field(default_factory=Platform)
    files: tuple[str, ...] = ()
    """The files this topology was read from (relative to the repository root)."""
    span: Span | None = None
    """Where `context` is written (in the first file)."""
