"""The lines under a topic change in a rendered plan."""

from __future__ import annotations

import json

from ktb_action.core.plan import Change, Verb
from ktb_action.kinds.topics.diff import changed_configs
from ktb_action.kinds.topics.values import TopicSpec

_BROKER_DEFAULT = "(broker default)"


def describe_topic(change: Change) -> list[str]:
    """A create lists the topic's sizes and configs; an update each value that changes."""
    before, after = change.before, change.after
    if change.verb is Verb.CREATE and isinstance(after, TopicSpec):
        return [
            f"partitions: {_count(after.partitions)}",
            f"replication_factor: {_count(after.replication_factor)}",
            *(f"{k}: {_quote(v)}" for k, v in after.configs),
        ]
    if not (isinstance(before, TopicSpec) and isinstance(after, TopicSpec)):
        return []
    lines = [
        _value_change(key, old, new)
        for key, old, new in (
            ("partitions", before.partitions, after.partitions),
            ("replication_factor", before.replication_factor, after.replication_factor),
        )
        if old != new
    ]
    old_configs = before.config_map
    for key, value in changed_configs(before, after).items():
        lines.append(_value_change(key, old_configs.get(key), value))
    return lines


def _value_change(key: str, before: str | int | None, after: str | int | None) -> str:
    if before is None:
        return f"+ {key}: {_quote(after)}"
    if after is None:
        return f"- {key}: {_quote(before)} (back to the broker default)"
    return f"~ {key}: {_quote(before)} -> {_quote(after)}"


def _count(value: int | None) -> str:
    return _BROKER_DEFAULT if value is None else str(value)


def _quote(value: str | int | None) -> str:
    return json.dumps(value) if isinstance(value, str) else str(value)
