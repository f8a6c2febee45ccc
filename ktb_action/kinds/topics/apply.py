"""Apply's phases for topics: create, alter (configs, then added partitions), delete."""

from __future__ import annotations

from collections.abc import Sequence

from ktb_action.core.kind import Results
from ktb_action.core.plan import Change
from ktb_action.kinds.topics.diff import changed_configs
from ktb_action.kinds.topics.values import TopicSpec
from ktb_action.servers import Servers


def create_topics(servers: Servers, changes: Sequence[Change]) -> Results:
    """Create every topic in batched requests."""
    return servers.writer().create_topics([_value(c.after) for c in changes])


def alter_topics(servers: Servers, changes: Sequence[Change]) -> Results:
    """Set and remove configs, then add partitions to the topics whose configs did not fail:
    a change is made whole or fails at its first step."""
    writer = servers.writer()
    pairs = [(_value(c.before), _value(c.after)) for c in changes]
    configs = {after.name: changed_configs(before, after) for before, after in pairs}
    updates = {name: keys for name, keys in configs.items() if keys}
    results: Results = writer.alter_topic_configs(updates) if updates else {}
    totals = {
        after.name: after.partitions
        for before, after in pairs
        if after.partitions is not None
        and after.partitions != before.partitions
        and results.get(after.name) is None
    }
    if totals:
        results.update(writer.create_partitions(totals))
    return results


def delete_topics(servers: Servers, changes: Sequence[Change]) -> Results:
    """Delete every topic in batched requests."""
    return servers.writer().delete_topics([c.name for c in changes])


def _value(value: object) -> TopicSpec:
    if not isinstance(value, TopicSpec):
        raise TypeError(f"a topic change holds {type(value).__name__}, not a topic")
    return value
