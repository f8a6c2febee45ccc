"""The configs of a topic ktb compares: those set on the topic itself."""

from __future__ import annotations

import pytest
from confluent_kafka.admin import ConfigEntry, ConfigSource

from ktb_action.kafka.cluster_reads import topic_configs


@pytest.mark.parametrize("source", [ConfigSource.DYNAMIC_TOPIC_CONFIG, 1], ids=["enum", "number"])
def test_only_configs_set_on_the_topic_with_a_value_are_kept_sorted_by_name(
    source: ConfigSource | int,
) -> None:
    entries = {
        "retention.ms": ConfigEntry("retention.ms", "1000", source),
        "cleanup.policy": ConfigEntry("cleanup.policy", "compact", source),
        "segment.bytes": ConfigEntry("segment.bytes", "1", ConfigSource.DEFAULT_CONFIG),
        "min.insync.replicas": ConfigEntry("min.insync.replicas", "2", 4),
        "ssl.password": ConfigEntry("ssl.password", None, source),
    }
    assert topic_configs(entries) == (("cleanup.policy", "compact"), ("retention.ms", "1000"))
