"""The topics kind: what the core needs of topics, behind `ResourceKind`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ktb_action.core.kind import Declared, Phase
from ktb_action.core.plan import Change, Verb
from ktb_action.core.scope import Scope
from ktb_action.diagnostics import Diagnostic, Severity
from ktb_action.kinds.topics import apply
from ktb_action.kinds.topics.compile import compile_topics
from ktb_action.kinds.topics.diff import KIND, impossible_changes, owns_topic, topic_diff
from ktb_action.kinds.topics.render import describe_topic
from ktb_action.kinds.topics.values import TopicSpec, decode_topic, encode_topic
from ktb_action.servers import Servers
from ktb_action.settings import Settings
from ktb_action.topology.model import Topology
from ktb_action.validate.configure import apply_rule_settings


class TopicKind:
    """Topics: created first, deleted last, so that every other kind finds them."""

    name = KIND
    plural = "topics"
    delete_setting = "topics"
    phases = (
        Phase(10, frozenset({Verb.CREATE}), apply.create_topics),
        Phase(20, frozenset({Verb.UPDATE}), apply.alter_topics),
        Phase(90, frozenset({Verb.DELETE}), apply.delete_topics),
    )

    def compile(
        self, topologies: Sequence[Topology], settings: Settings
    ) -> dict[str, Declared[TopicSpec]]:
        """See `ResourceKind.compile`."""
        return compile_topics(topologies, settings)

    def read(
        self, servers: Servers, desired: Mapping[str, Declared[TopicSpec]], scope: Scope
    ) -> dict[str, TopicSpec]:
        """Declared topics and those in scope, with the configs set on them."""
        topics = servers.kafka.read_topics(lambda n: n in desired or owns_topic(n, scope))
        return {t.name: t for t in topics}

    def diff(
        self, name: str, want: Declared[TopicSpec], have: TopicSpec | None, scope: Scope
    ) -> Change | None:
        """See `ResourceKind.diff`."""
        return topic_diff(name, want, have, scope)

    def check(
        self,
        topologies: Sequence[Topology],
        settings: Settings,
        servers: Servers,
        desired: Mapping[str, Declared[TopicSpec]],
        actual: Mapping[str, TopicSpec],
    ) -> list[Diagnostic]:
        """Fewer partitions or another replication factor than the topic has: an error at
        the count in the file (the plan leaves the count as it is), or with the rule lowered
        to a warning, that one count skipped as JulieOps skips it."""
        found = []
        for name, declared in desired.items():
            have = actual.get(name)
            if have is None:
                continue
            spans = dict(declared.value.config_sources)
            found += [
                Diagnostic(rule, Severity.ERROR, message, spans.get(key, declared.source), hint)
                for rule, key, message, hint in impossible_changes(declared.value, have)
            ]
        return apply_rule_settings(found, settings)

    def owned(
        self, desired: Mapping[str, Declared[TopicSpec]], scope: Scope
    ) -> Callable[[str, TopicSpec], bool]:
        """Topics under the managed prefixes, never internal ones."""
        return lambda name, _: owns_topic(name, scope)

    def settle(self, servers: Servers) -> None:
        """See `ResourceKind.settle`."""
        servers.writer().wait_until_visible()

    def encode(self, value: TopicSpec) -> dict[str, Any]:
        """See `ResourceKind.encode`."""
        return encode_topic(value)

    def decode(self, data: Mapping[str, Any], name: str) -> TopicSpec:
        """See `ResourceKind.decode`."""
        return decode_topic(data, name)

    def describe(self, change: Change) -> list[str]:
        """See `ResourceKind.describe`."""
        return describe_topic(change)


TOPICS = TopicKind()
