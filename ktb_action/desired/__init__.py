"""Compile topologies into the desired cluster state: topics and ACL bindings.

Pure: the same topologies and settings always give the same `Desired`. The ACL rules are
JulieOps' (see docs/acl-mapping.md); topic names come from `ktb_action.topology.naming`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ktb_action.desired import acls
from ktb_action.desired.topics import topic_spec
from ktb_action.resources import AclBinding, ClusterState, PatternType, TopicSpec
from ktb_action.settings import Settings
from ktb_action.topology.model import Project, Topic, TopicRefs, Topology
from ktb_action.topology.naming import context_prefix, project_prefix, topic_full_name


@dataclass(frozen=True)
class Desired:
    """The desired state, and which project declares each resource (for grouping plans)."""

    state: ClusterState
    topic_projects: Mapping[str, str]
    """Full topic name -> project name (special topics have none)."""
    acl_projects: Mapping[AclBinding, str]
    """Binding -> the first project that declares it (platform bindings have none)."""
    contexts: tuple[str, ...]
    """The context prefixes of the topologies compiled."""


class _Builder:
    """Collects topics and bindings in declaration order, first declaration wins."""

    def __init__(self) -> None:
        self.topics: dict[str, TopicSpec] = {}
        self.topic_projects: dict[str, str] = {}
        self.bindings: dict[AclBinding, None] = {}
        self.acl_projects: dict[AclBinding, str] = {}

    def add_topic(self, spec: TopicSpec, project: str | None) -> None:
        if spec.name in self.topics:
            return
        self.topics[spec.name] = spec
        if project is not None:
            self.topic_projects[spec.name] = project

    def add_bindings(self, bindings: Iterable[AclBinding], project: str | None) -> None:
        for binding in bindings:
            if binding in self.bindings:
                continue
            self.bindings[binding] = None
            if project is not None:
                self.acl_projects[binding] = project


def desired_state(topologies: Sequence[Topology], settings: Settings) -> Desired:
    """Every topic and ACL binding the topologies declare, with full names."""
    builder = _Builder()
    for topology in topologies:
        for project in topology.projects:
            _add_project(builder, topology, project, settings)
        for topic in topology.special_topics:
            # JulieOps uses special topics' names as written, outside any project prefix.
            builder.add_topic(topic_spec(topic, topic.name), None)
            builder.add_bindings(_topic_level_bindings(topic, topic.name), None)
        builder.add_bindings(_platform_bindings(topology), None)
    state = ClusterState(
        topics=tuple(sorted(builder.topics.values(), key=lambda t: t.name)),
        acls=tuple(sorted(builder.bindings)),
    )
    contexts = tuple(dict.fromkeys(context_prefix(t, settings.naming) for t in topologies))
    return Desired(state, builder.topic_projects, builder.acl_projects, contexts)


def acl_prefix(topology: Topology, project: Project, settings: Settings) -> str:
    """The prefix of a project's PREFIXED bindings, ending with the separator as JulieOps'
    `namePrefix()` does: `ctx.projectA.` must not also grant `ctx.projectAB.…`. A custom
    `project_prefix_format` is used exactly as rendered."""
    prefix = project_prefix(topology, project, settings.naming)
    if settings.naming.project_prefix_format is None:
        prefix += settings.naming.separator
    return prefix


def _add_project(
    builder: _Builder, topology: Topology, project: Project, settings: Settings
) -> None:
    naming = settings.naming
    full = {t.name: topic_full_name(topology, project, t, naming) for t in project.topics}
    prefix = acl_prefix(topology, project, settings)
    name = project.name
    for topic in project.topics:
        builder.add_topic(topic_spec(topic, full[topic.name]), name)

    if settings.acls_optimized:
        for consumer in project.consumers:
            builder.add_bindings(acls.consumer(consumer, prefix, PatternType.PREFIXED), name)
        for producer in project.producers:
            builder.add_bindings(acls.producer(producer, prefix, PatternType.PREFIXED), name)
    for topic in project.topics:
        builder.add_bindings(_topic_level_bindings(topic, full[topic.name]), name)
        if not settings.acls_optimized:
            for consumer in project.consumers:
                builder.add_bindings(
                    acls.consumer(consumer, full[topic.name], PatternType.LITERAL), name
                )
            for producer in project.producers:
                builder.add_bindings(
                    acls.producer(producer, full[topic.name], PatternType.LITERAL), name
                )

    for app in project.streams:
        read, write = _resolve(app.topics, full)
        builder.add_bindings(
            acls.streams(
                app.principal,
                app.application_id or prefix,
                read,
                write,
                exactly_once=app.exactly_once,
                source=app.span,
            ),
            name,
        )
    for worker in project.connectors:
        read, write = _resolve(worker.topics, full)
        builder.add_bindings(
            acls.connect(
                worker, read, write, allow_topic_create=settings.connector_allow_topic_create
            ),
            name,
        )
    for access in project.ksql.access_control:
        read, write = _resolve(access.topics, full)
        builder.add_bindings(
            acls.ksql_app(access.principal, prefix, read, write, access.span), name
        )


def _topic_level_bindings(topic: Topic, full_name: str) -> list[AclBinding]:
    bindings: list[AclBinding] = []
    for consumer in topic.consumers:
        bindings += acls.consumer(consumer, full_name, PatternType.LITERAL)
    for producer in topic.producers:
        bindings += acls.producer(producer, full_name, PatternType.LITERAL)
    return bindings


def _resolve(refs: TopicRefs, full: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """Topic references: a project topic's short name means that topic; anything else (a full
    name, another project's topic) is used as written, as JulieOps does."""
    return [full.get(r, r) for r in refs.read], [full.get(w, w) for w in refs.write]


def _platform_bindings(topology: Topology) -> list[AclBinding]:
    platform = topology.platform
    bindings: list[AclBinding] = []
    for registry in platform.schema_registry:
        bindings += acls.schema_registry(registry)
    for center in platform.control_center:
        bindings += acls.control_center(center)
    for server in platform.ksql:
        bindings += acls.ksql_server(server)
    return bindings
