"""JulieOps' role mapping applied to topologies: the ACL kind's desired bindings. Pure.

The mapping itself (which bindings each kind of principal gets) is `mapping`, one function per
row group of docs/acl-mapping.md; this module resolves the names it is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ktb_action.core.kind import Declared
from ktb_action.kinds.acls import mapping
from ktb_action.kinds.acls.values import AclBinding, PatternType, binding_order
from ktb_action.settings import Settings
from ktb_action.topology.model import Project, Topic, Topology
from ktb_action.topology.naming import project_acl_prefix, topic_full_name


class _Builder:
    """Collects bindings in declaration order; the first declaration names the project."""

    def __init__(self) -> None:
        self.bindings: dict[AclBinding, Declared[AclBinding]] = {}

    def add_bindings(self, bindings: Iterable[AclBinding], project: str | None) -> None:
        for binding in bindings:
            if binding not in self.bindings:
                self.bindings[binding] = Declared(binding, binding.source, project)


def compile_acls(
    topologies: Sequence[Topology], settings: Settings
) -> dict[str, Declared[AclBinding]]:
    """Every binding the topologies grant, by address, in binding order."""
    builder = _Builder()
    for topology in topologies:
        for project in topology.projects:
            _add_project(builder, topology, project, settings)
        for topic in topology.special_topics:
            builder.add_bindings(_topic_level_bindings(topic, topic.name), None)
        builder.add_bindings(_platform_bindings(topology, settings), None)
    return {b.address: builder.bindings[b] for b in sorted(builder.bindings, key=binding_order)}


def _add_project(
    builder: _Builder, topology: Topology, project: Project, settings: Settings
) -> None:
    full = {t.name: topic_full_name(topology, project, t, settings.naming) for t in project.topics}
    prefix = project_acl_prefix(topology, project, settings.naming)
    name = project.name

    if settings.acls_optimized:
        for consumer in project.consumers:
            builder.add_bindings(mapping.consumer(consumer, prefix, PatternType.PREFIXED), name)
        for producer in project.producers:
            builder.add_bindings(mapping.producer(producer, prefix, PatternType.PREFIXED), name)
    for topic in project.topics:
        builder.add_bindings(_topic_level_bindings(topic, full[topic.name]), name)
        if not settings.acls_optimized:
            for consumer in project.consumers:
                builder.add_bindings(
                    mapping.consumer(consumer, full[topic.name], PatternType.LITERAL), name
                )
            for producer in project.producers:
                builder.add_bindings(
                    mapping.producer(producer, full[topic.name], PatternType.LITERAL), name
                )

    # Topic references are granted as written, as JulieOps does; a project topic's short name
    # written there is a warning (`topic-ref-short-name`), never a rewrite.
    for app in project.streams:
        builder.add_bindings(
            mapping.streams(
                app.principal,
                app.application_id or prefix,
                app.topics.read,
                app.topics.write,
                exactly_once=app.exactly_once,
                source=app.span,
            ),
            name,
        )
    for worker in project.connectors:
        builder.add_bindings(
            mapping.connect(
                worker,
                worker.topics.read,
                worker.topics.write,
                allow_topic_create=settings.connector_allow_topic_create,
            ),
            name,
        )
    for access in project.ksql.access_control:
        builder.add_bindings(
            mapping.ksql_app(
                access.principal,
                access.application_id or prefix,
                access.topics.read,
                access.topics.write,
                access.span,
            ),
            name,
        )
    for entry in project.role_acls:
        builder.add_bindings(mapping.as_written(entry), name)


def _topic_level_bindings(topic: Topic, full_name: str) -> list[AclBinding]:
    bindings: list[AclBinding] = []
    for consumer in topic.consumers:
        bindings += mapping.consumer(consumer, full_name, PatternType.LITERAL)
    for producer in topic.producers:
        bindings += mapping.producer(producer, full_name, PatternType.LITERAL)
    return bindings


def _platform_bindings(topology: Topology, settings: Settings) -> list[AclBinding]:
    platform = topology.platform
    bindings: list[AclBinding] = []
    for registry in platform.schema_registry:
        bindings += mapping.schema_registry(registry)
    for center in platform.control_center:
        bindings += mapping.control_center(center, settings.control_center_topics.names)
    for server in platform.ksql:
        bindings += mapping.ksql_server(server)
    for entry in platform.acls:
        bindings += mapping.as_written(entry)
    return bindings
