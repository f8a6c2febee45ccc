"""Declared topics as `TopicSpec`s with their full names."""

from __future__ import annotations

from ktb_action.resources import TopicSpec
from ktb_action.topology.model import Topic

BROKER_DEFAULT = -1
"""Partitions or replication factor left to the broker (`num.partitions`,
`default.replication.factor`), as JulieOps does when the topology does not say; Kafka's
CreateTopics takes -1 for "use the default" (Kafka >= 2.4)."""


def topic_spec(topic: Topic, full_name: str) -> TopicSpec:
    """The topic as Kafka should have it; configs sorted so that equal topics compare equal."""
    return TopicSpec(
        name=full_name,
        partitions=topic.partitions if topic.partitions is not None else BROKER_DEFAULT,
        replication_factor=(
            topic.replication_factor if topic.replication_factor is not None else BROKER_DEFAULT
        ),
        configs=tuple(sorted(topic.config)),
        source=topic.span,
        config_sources=topic.config_spans,
    )
