"""The topics kind's export: every topic with the configs set on it (`Exporter`)."""

from __future__ import annotations

from ktb_action.kinds.topics.diff import KIND
from ktb_action.kinds.topics.values import TopicSpec
from ktb_action.servers import Servers
from ktb_action.settings import Settings


class TopicExporter:
    """Topics with only the configs set on the topic: configs that come from the broker's
    defaults are not the topic's and are left out (one metadata request, and configs in
    batches, as a plan reads them)."""

    name = KIND
    plural = "topics"
    grant = "DESCRIBE and DESCRIBE_CONFIGS on the topics, and DESCRIBE on the cluster"

    def read_all(self, servers: Servers, settings: Settings) -> dict[str, TopicSpec]:
        """See `Exporter.read_all`."""
        return {t.name: t for t in servers.kafka.read_topics(lambda _: True)}


TOPIC_EXPORTER = TopicExporter()
