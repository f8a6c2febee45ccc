"""Declared topics with their full names: the topics kind's desired state. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from ktb_action.core.kind import Declared
from ktb_action.kinds.topics.values import TopicSpec
from ktb_action.settings import Settings
from ktb_action.topology.model import Topic, Topology
from ktb_action.topology.naming import topic_full_name


def compile_topics(
    topologies: Sequence[Topology], settings: Settings
) -> dict[str, Declared[TopicSpec]]:
    """Every project and special topic by full name, sorted; the first declaration wins."""
    found: dict[str, Declared[TopicSpec]] = {}
    for topology in topologies:
        for project in topology.projects:
            for topic in project.topics:
                name = topic_full_name(topology, project, topic, settings.naming)
                found.setdefault(name, Declared(topic_spec(topic, name), topic.span, project.name))
        for topic in topology.special_topics:
            # JulieOps uses special topics' names as written, outside any project prefix.
            found.setdefault(topic.name, Declared(topic_spec(topic, topic.name), topic.span))
    return dict(sorted(found.items()))


def topic_spec(topic: Topic, full_name: str) -> TopicSpec:
    """The topic as Kafka should have it; configs sorted so that equal topics compare equal."""
    return TopicSpec(
        name=full_name,
        partitions=topic.partitions,
        replication_factor=topic.replication_factor,
        configs=tuple(sorted(topic.config)),
        source=topic.span,
        config_sources=topic.config_spans,
    )
