"""Located YAML trees -> the typed model, one `Topology` per context.

Files with the same `context` merge into one topology, as JulieOps merges a directory: their
projects are added up and their headers (`source`, `env` …) are united in first-seen order.
The schema check has already reported every value of the wrong shape, so anything that is not
what we expect is skipped here, never trusted and never a crash. What only the builder can see
(a project declared twice, a plan that does not exist, `partitions` given two ways) is reported
here with the place it was written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ktb_action.diagnostics import Diagnostic, Severity, Span, did_you_mean, location
from ktb_action.settings import Settings
from ktb_action.topology.acl_entries import acl_entries
from ktb_action.topology.located import Document, LMap, LSeq, scalar_text
from ktb_action.topology.model import (
    QUOTA_RATES,
    Artefact,
    ConnectWorker,
    Consumer,
    ControlCenterInstance,
    Ksql,
    KsqlAccess,
    KsqlServerInstance,
    Metadata,
    PasswordRef,
    Platform,
    Producer,
    Project,
    Quota,
    RoleBinding,
    SchemaAccess,
    SchemaRegistryInstance,
    ScramUser,
    StreamsApp,
    Topic,
    TopicRefs,
    TopicSchema,
    Topology,
)
from ktb_action.topology.plans import Plans, read_plans
from ktb_action.topology.roles import Roles, read_roles

TOPOLOGY_KEYS = frozenset({"context", "projects", "platform", "special_topics"})
"""Top-level keys with a meaning; every other top-level key is a header (a name part)."""

PROJECT_KEYS = (
    "name",
    "topics",
    "consumers",
    "producers",
    "streams",
    "connectors",
    "schemas",
    "ksql",
    "rbac",
)
# JulieOps' old ZooKeeper ACL list: still in many repositories, always empty, never used.
_LEGACY_PROJECT_KEYS = frozenset({"zookeepers"})

PARTITIONS = "num.partitions"
REPLICATION = "replication.factor"
_INTEGER = re.compile(r"^\s*[+-]?\d+\s*$")


def build_topologies(
    documents: Sequence[Document], settings: Settings, root: Path
) -> tuple[list[Topology], list[Diagnostic]]:
    """Build one `Topology` per context (in first-seen order) from parsed topology documents.

    Reads the plans and roles files named in `settings` (relative to `root`).
    """
    plans, diagnostics = read_plans(settings.plans_file, root)
    roles, role_diagnostics = read_roles(settings.roles_file, root)
    builder = _Builder(plans, roles, diagnostics + role_diagnostics)
    for document in documents:
        if isinstance(document.root, LMap):
            builder.add(document.root, document.file)
    return [context.topology() for context in builder.contexts.values()], builder.diagnostics


@dataclass
class _Context:
    """What the files of one context add up to, while they are being read."""

    name: str
    span: Span
    first_file: str
    headers: dict[str, str] = field(default_factory=dict)
    header_spans: dict[str, Span] = field(default_factory=dict)
    headers_seen: bool = False
    projects: list[Project] = field(default_factory=list)
    special_topics: list[Topic] = field(default_factory=list)
    platforms: list[Platform] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def topology(self) -> Topology:
        return Topology(
            context=self.name,
            headers=tuple(self.headers.items()),
            projects=tuple(self.projects),
            special_topics=tuple(self.special_topics),
            platform=_merge_platforms(self.platforms),
            files=tuple(self.files),
            span=self.span,
        )


class _Builder:
    """Turns located trees into model values, collecting diagnostics on the way."""

    def __init__(self, plans: Plans, roles: Roles, diagnostics: list[Diagnostic]) -> None:
        self.plans = plans
        self.roles = roles
        self.diagnostics = diagnostics
        self.contexts: dict[str, _Context] = {}

    def report(
        self, rule: str, message: str, span: Span, hint: str | None = None, *, warn: bool = False
    ) -> None:
        severity = Severity.WARNING if warn else Severity.ERROR
        self.diagnostics.append(Diagnostic(rule, severity, message, span, hint))

    # -- topology --------------------------------------------------------------------------

    def add(self, node: LMap, file: str) -> None:
        name = scalar_text(node.get("context"))
        if name is None:
            return  # the schema check reports the missing `context`
        context = self.contexts.get(name)
        if context is None:
            context = _Context(name, node.value_span("context"), file)
            self.contexts[name] = context
        if file not in context.files:
            context.files.append(file)
        self._merge_headers(context, node, file)
        known = {project.name.lower(): project for project in context.projects}
        for item in _maps(node.get("projects")):
            project = self._project(item)
            if project is None:
                continue
            first = known.get(project.name.lower())
            if first is not None and first.span is not None and project.span is not None:
                self.report(
                    "project-duplicate",
                    f"project `{project.name}` is already declared in context `{name}` "
                    f"at {location(first.span)}",
                    project.span,
                    "give the project another name, or move its topics and principals "
                    "into the first declaration",
                )
                continue
            known[project.name.lower()] = project
            context.projects.append(project)
        context.special_topics.extend(
            topic for item in _maps(node.get("special_topics")) if (topic := self._topic(item))
        )
        platform = node.get("platform")
        if isinstance(platform, LMap):
            context.platforms.append(self._platform(platform))

    def _merge_headers(self, context: _Context, node: LMap, file: str) -> None:
        headers = {
            key: text
            for key, value in node.items()
            if key not in TOPOLOGY_KEYS and (text := scalar_text(value)) is not None
        }
        if not context.headers_seen:
            context.headers_seen = True
            context.headers.update(headers)
            context.header_spans.update({key: node.value_span(key) for key in headers})
            return
        for key, value in headers.items():
            known = context.headers.get(key)
            if known is not None and known != value:
                self.report(
                    "context-header-conflict",
                    f"header `{key}` of context `{context.name}` is `{value}` here but "
                    f"`{known}` at {location(context.header_spans[key])}",
                    node.value_span(key),
                    "every file of a context must give a header the same value",
                )
        missing = [key for key in context.headers if key not in headers]
        added = [key for key in headers if key not in context.headers]
        if missing or added:
            names = ", ".join(f"`{key}`" for key in (*missing, *added))
            self.report(
                "context-headers-differ",
                f"headers of context `{context.name}` differ from {context.first_file}: {names}",
                node.value_span("context"),
                "all files of a context share its headers in topic names (as in JulieOps); "
                "write the same headers in each file",
                warn=True,
            )
        for key in added:
            context.headers[key] = headers[key]
            context.header_spans[key] = node.value_span(key)

    # -- projects --------------------------------------------------------------------------

    def _project(self, node: LMap) -> Project | None:
        name = scalar_text(node.get("name"))
        if name is None:
            return None
        connectors = node.get("connectors")
        workers = connectors.get("access_control") if isinstance(connectors, LMap) else connectors
        artefacts: Any = None
        if isinstance(connectors, LMap):
            artefacts = connectors.get("artefacts", connectors.get("artifacts"))
        return Project(
            name=name,
            topics=tuple(
                topic for item in _maps(node.get("topics")) if (topic := self._topic(item))
            ),
            consumers=_consumers(node.get("consumers")),
            producers=_producers(node.get("producers")),
            streams=tuple(_streams_app(*entry) for entry in _principals(node.get("streams"))),
            connectors=tuple(_worker(*entry) for entry in _principals(workers)),
            connector_artefacts=_artefacts(artefacts),
            schemas=tuple(_schema_access(*entry) for entry in _principals(node.get("schemas"))),
            ksql=_ksql(node.get("ksql")),
            rbac=_role_bindings(node.get("rbac")),
            custom_roles=self._custom_roles(node),
            span=node.value_span("name"),
        )

    def _custom_roles(self, node: LMap) -> tuple[tuple[str, tuple[str, ...]], ...]:
        found: list[tuple[str, tuple[str, ...]]] = []
        for key, value in node.items():
            if key in PROJECT_KEYS or key in _LEGACY_PROJECT_KEYS:
                continue
            if key in self.roles.roles:
                principals = tuple(principal for _, principal in _principals(value))
                found.append((key, principals))
                continue
            self._unknown_project_key(key, node.key_span(key))
        return tuple(found)

    def _unknown_project_key(self, key: str, span: Span) -> None:
        if self.roles.file is None:
            hint = (
                did_you_mean(key, PROJECT_KEYS)
                or "a custom role key needs a roles file: set `roles_file` in ktb.yaml "
                "(JulieOps `julie.roles`)"
            )
        else:
            hint = did_you_mean(key, [*PROJECT_KEYS, *self.roles.roles]) or (
                f"define a role `{key}` in {self.roles.file}"
            )
        self.report("project-unknown-key", f"unknown project key `{key}`", span, hint)

    # -- topics ----------------------------------------------------------------------------

    def _topic(self, node: LMap) -> Topic | None:
        name = scalar_text(node.get("name"))
        if name is None:
            return None
        plan = scalar_text(node.get("plan"))
        entries = self._plan_config(plan, node.value_span("plan")) if plan else {}
        config = node.get("config")
        if isinstance(config, LMap):
            for key, value in config.items():
                text = scalar_text(value)
                if text is not None:
                    entries[key] = (text, config.key_span(key))
        partitions, partitions_span = self._count(
            entries.pop(PARTITIONS, None), node, "partitions", "topic-partitions-conflict"
        )
        replication, replication_span = self._count(
            entries.pop(REPLICATION, None), node, REPLICATION, "topic-replication-conflict"
        )
        # The counts leave `config`, but their spans stay so rules can point at them.
        counted = ((PARTITIONS, partitions_span), (REPLICATION, replication_span))
        spans = [(key, span) for key, (_, span) in entries.items()]
        spans += [(key, span) for key, span in counted if span is not None]
        return Topic(
            name=name,
            partitions=partitions,
            replication_factor=replication,
            config=tuple((key, text) for key, (text, _) in entries.items()),
            data_type=scalar_text(node.get("dataType")),
            plan=plan,
            schemas=_topic_schemas(node.get("schemas")),
            subject_name_strategy=scalar_text(node.get("subject.name.strategy")),
            consumers=_consumers(node.get("consumers")),
            producers=_producers(node.get("producers")),
            metadata=_metadata(node.get("metadata")),
            span=node.value_span("name"),
            config_spans=tuple(spans),
        )

    def _plan_config(self, name: str, span: Span) -> dict[str, tuple[str, Span]]:
        plan = self.plans.plans.get(name)
        if plan is not None:
            spans = dict(plan.config_spans)
            return {key: (value, spans[key]) for key, value in plan.config}
        if self.plans.file is None:
            hint = "set `plans_file` in ktb.yaml (JulieOps `--plans`) to the file defining it"
        else:
            known = ", ".join(f"`{p}`" for p in self.plans.plans) or "none"
            hint = did_you_mean(name, self.plans.plans) or f"plans in {self.plans.file}: {known}"
        self.report("plan-unknown", f"unknown plan `{name}`", span, hint)
        return {}

    def _count(
        self, from_config: tuple[str, Span] | None, node: LMap, own_key: str, rule: str
    ) -> tuple[int | None, Span | None]:
        """A partition count or replication factor and where it is written: the topic's own
        key wins over `config:` (and differing values are reported as `rule`)."""
        config_key = PARTITIONS if rule == "topic-partitions-conflict" else REPLICATION
        own_text = scalar_text(node.get(own_key))
        own = (own_text, node.value_span(own_key)) if own_text is not None else None
        own_value = self._integer(own_key, own)
        config_value = self._integer(config_key, from_config)
        if own is None:
            return config_value, from_config[1] if from_config else None
        differ = None not in (own_value, config_value) and own_value != config_value
        if from_config is not None and differ:
            self.report(
                rule,
                f"`{own_key}` is {own_value} but `config.{config_key}` is {config_value} "
                f"at {location(from_config[1])}",
                own[1],
                f"keep only one of `{own_key}` and `config.{config_key}`",
            )
        return own_value, own[1]

    def _integer(self, key: str, entry: tuple[str, Span] | None) -> int | None:
        if entry is None:
            return None
        text, span = entry
        if _INTEGER.match(text):
            return int(text)
        self.report(
            "topic-config-value",
            f"`{key}` must be an integer, found `{text}`",
            span,
            "write a whole number, e.g. `3`",
        )
        return None

    # -- platform --------------------------------------------------------------------------

    def _platform(self, node: LMap) -> Platform:
        kafka = _map(node.get("kafka"))
        return Platform(
            schema_registry=tuple(
                SchemaRegistryInstance(
                    principal,
                    topic=scalar_text(item.get("topic")),
                    group=scalar_text(item.get("group")),
                    span=item.value_span("principal"),
                )
                for item, principal in _instances(node.get("schema_registry"))
            ),
            control_center=tuple(
                ControlCenterInstance(principal, app_id, span=item.value_span("principal"))
                for item, principal in _instances(node.get("control_center"))
                if (app_id := scalar_text(item.get("appId"))) is not None
            ),
            ksql=tuple(
                KsqlServerInstance(
                    principal,
                    ksql_id,
                    owner=scalar_text(item.get("owner")),
                    span=item.value_span("principal"),
                )
                for item, principal in _instances(node.get("ksql"))
                if (ksql_id := scalar_text(item.get("ksqlDbId"))) is not None
            ),
            quotas=tuple(_quota(item) for item in _maps(kafka.get("quotas"))),
            users=tuple(_scram_user(*entry) for entry in _principals(kafka.get("users"))),
            acls=acl_entries(kafka.get("acls")),
            rbac=tuple(
                (component, bindings)
                for component, value in node.items()
                if (bindings := _role_bindings(_map(value).get("rbac")))
            ),
        )


# -- small pure helpers --------------------------------------------------------------------


def _map(value: Any) -> LMap | dict[str, Any]:
    return value if isinstance(value, LMap) else {}


def _maps(value: Any) -> Iterator[LMap]:
    """The mappings in a sequence (anything else has been reported by the schema check)."""
    if isinstance(value, LSeq):
        yield from (item for item in value if isinstance(item, LMap))


def _principals(value: Any) -> Iterator[tuple[LMap, str]]:
    """The mappings in a sequence that name a `principal`, each with it."""
    for item in _maps(value):
        principal = scalar_text(item.get("principal"))
        if principal is not None:
            yield item, principal


def _instances(component: Any) -> Iterator[tuple[LMap, str]]:
    return _principals(_map(component).get("instances"))


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, LSeq):
        return ()
    return tuple(text for item in value if (text := scalar_text(item)) is not None)


def _flag(value: Any) -> bool:
    return scalar_text(value) == "true"


def _metadata(value: Any) -> Metadata:
    if not isinstance(value, LMap):
        return ()
    return tuple((key, text) for key, item in value.items() if (text := scalar_text(item)))


def _topic_refs(value: Any) -> TopicRefs:
    node = _map(value)
    return TopicRefs(read=_strings(node.get("read")), write=_strings(node.get("write")))


def _consumers(value: Any) -> tuple[Consumer, ...]:
    return tuple(
        Consumer(
            principal,
            group=scalar_text(item.get("group")),
            metadata=_metadata(item.get("metadata")),
            span=item.value_span("principal"),
        )
        for item, principal in _principals(value)
    )


def _producers(value: Any) -> tuple[Producer, ...]:
    return tuple(
        Producer(
            principal,
            transaction_id=scalar_text(item.get("transactionId")),
            idempotence=_flag(item.get("idempotence")),
            metadata=_metadata(item.get("metadata")),
            span=item.value_span("principal"),
        )
        for item, principal in _principals(value)
    )


def _streams_app(item: LMap, principal: str) -> StreamsApp:
    return StreamsApp(
        principal,
        topics=_topic_refs(item.get("topics")),
        application_id=scalar_text(item.get("applicationId")),
        exactly_once=_flag(item.get("exactlyOnce")),
        metadata=_metadata(item.get("metadata")),
        span=item.value_span("principal"),
    )


def _worker(item: LMap, principal: str) -> ConnectWorker:
    return ConnectWorker(
        principal,
        topics=_topic_refs(item.get("topics")),
        group=scalar_text(item.get("group")),
        status_topic=scalar_text(item.get("status_topic")),
        offset_topic=scalar_text(item.get("offset_topic")),
        configs_topic=scalar_text(item.get("configs_topic")),
        cluster_id=scalar_text(item.get("cluster_id")),
        connectors=_strings(item.get("connectors")),
        metadata=_metadata(item.get("metadata")),
        span=item.value_span("principal"),
    )


def _artefacts(value: Any) -> tuple[Artefact, ...]:
    return tuple(
        Artefact(
            path,
            name=scalar_text(item.get("name")),
            server=scalar_text(item.get("server")),
            span=item.value_span("path"),
        )
        for item in _maps(value)
        if (path := scalar_text(item.get("path"))) is not None
    )


def _schema_access(item: LMap, principal: str) -> SchemaAccess:
    return SchemaAccess(
        principal,
        subjects=_strings(item.get("subjects")),
        role=scalar_text(item.get("role")),
        prefixed=_flag(item.get("prefixed")),
        span=item.value_span("principal"),
    )


def _ksql(value: Any) -> Ksql:
    if isinstance(value, LSeq):
        return Ksql(access_control=_ksql_access(value))
    node = _map(value)
    artefacts = _map(node.get("artefacts"))
    return Ksql(
        streams=_artefacts(artefacts.get("streams")),
        tables=_artefacts(artefacts.get("tables")),
        access_control=_ksql_access(node.get("access_control")),
    )


def _ksql_access(value: Any) -> tuple[KsqlAccess, ...]:
    return tuple(
        KsqlAccess(
            principal,
            topics=_topic_refs(item.get("topics")),
            span=item.value_span("principal"),
        )
        for item, principal in _principals(value)
    )


def _role_bindings(value: Any) -> tuple[RoleBinding, ...]:
    """`{Role: [{principal}]}`, or a list of such mappings (the project `rbac:` form)."""
    groups = list(_maps(value)) if isinstance(value, LSeq) else [value]
    return tuple(
        RoleBinding(role, principal, span=item.value_span("principal"))
        for group in groups
        if isinstance(group, LMap)
        for role, principals in group.items()
        for item, principal in _principals(principals)
    )


def _topic_schemas(value: Any) -> tuple[TopicSchema, ...]:
    entries = [value] if isinstance(value, LMap) else list(_maps(value))
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
        )
        for item in entries
    )


def _number(value: Any) -> float | None:
    text = scalar_text(value)
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


_QUOTA_ENTITY_KEYS = ("principal", "client_id", "default_user", "default_client_id")


def _quota(item: LMap) -> Quota:
    rates = {key: _number(item.get(key)) for key in QUOTA_RATES}
    named = [key for key in _QUOTA_ENTITY_KEYS if key in item]
    return Quota(
        principal=scalar_text(item.get("principal")),
        client_id=scalar_text(item.get("client_id")),
        default_user=_flag(item.get("default_user")),
        default_client_id=_flag(item.get("default_client_id")),
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
        entries = [(scalar_text(m), mechanism.item_span(i)) for i, m in enumerate(mechanism)]
    else:
        entries = [(scalar_text(mechanism), item.value_span("mechanism"))]
    mechanisms = [(text, span) for text, span in entries if text is not None]
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


def _merge_platforms(platforms: Sequence[Platform]) -> Platform:
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
