"""A topic's value, and its codec for plan files and fingerprints."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ktb_action.diagnostics import Span


@dataclass(frozen=True, slots=True)
class TopicSpec:
    """A topic with the configs that are explicitly set on it (strings, as Kafka has them).

    `partitions` / `replication_factor` None: left to the broker's default (`num.partitions`,
    `default.replication.factor`), as JulieOps does when the topology does not say; a topic
    read from Kafka always has both.
    """

    name: str
    partitions: int | None
    replication_factor: int | None
    configs: tuple[tuple[str, str], ...] = ()
    """Sorted by key; only configs set on the topic itself, never broker defaults."""
    source: Span | None = field(default=None, compare=False, hash=False)
    config_sources: tuple[tuple[str, Span], ...] = field(default=(), compare=False, hash=False)

    @property
    def config_map(self) -> dict[str, str]:
        """The configs as a dict, for lookups."""
        return dict(self.configs)


def encode_topic(topic: TopicSpec) -> dict[str, Any]:
    """`{partitions, replication_factor, configs}`; null counts mean the broker's default."""
    return {
        "partitions": topic.partitions,
        "replication_factor": topic.replication_factor,
        "configs": dict(topic.configs),
    }


def decode_topic(data: Mapping[str, Any], name: str) -> TopicSpec:
    """The topic `encode_topic` described; raises on any other shape."""
    configs = data["configs"]
    if not isinstance(configs, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in configs.items()
    ):
        raise TypeError(f"configs of topic `{name}` must map names to strings")
    return TopicSpec(
        name,
        _count(data["partitions"], "partitions"),
        _count(data["replication_factor"], "replication_factor"),
        tuple(sorted(configs.items())),
    )


def _count(value: Any, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"`{what}` must be a positive whole number or null, not {value!r}")
    return value
