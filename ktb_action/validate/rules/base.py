"""What every rule is made of: its id and default severity, and what its check reads."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ktb_action.diagnostics import Diagnostic, Severity, Span
from ktb_action.settings import Settings
from ktb_action.topology.build import PARTITIONS, REPLICATION
from ktb_action.topology.model import Project, Topic, Topology
from ktb_action.topology.naming import NamingFormatError, topic_full_name


@dataclass(frozen=True, slots=True)
class NamedTopic:
    """A topic with the project it belongs to (None for special topics) and its Kafka name."""

    topology: Topology
    project: Project | None
    topic: Topic
    full_name: str


@dataclass(frozen=True)
class RuleContext:
    """Everything a check may read; built once per run."""

    topologies: Sequence[Topology]
    settings: Settings
    root: Path
    topics: tuple[NamedTopic, ...] = field(default=())
    """Every topic whose full name could be composed (see `naming-format-invalid`)."""

    def params(self, rule_id: str) -> dict[str, Any]:
        """The parameters the settings give a rule (empty if none)."""
        setting = self.settings.rules.get(rule_id)
        return setting.params if setting is not None else {}

    def settings_span(self, key: str) -> Span | None:
        """Where a settings key was written, for findings about the settings themselves."""
        return self.settings.key_spans.get(key)


Check = Callable[[RuleContext, "Rule"], Iterable[Diagnostic]]


@dataclass(frozen=True)
class Rule:
    """A rule: stable id, default severity, one-line summary, and its check.

    `check` is None for rules reported while files are loaded or the model is built; they are
    listed here so that settings and docs know every id.
    """

    id: str
    severity: Severity
    summary: str
    check: Check | None = None
    default_enabled: bool = True
    """False for opt-in rules (the JulieOps validations): they run only when configured."""

    def at(
        self,
        message: str,
        span: Span | None,
        hint: str | None = None,
        severity: Severity | None = None,
    ) -> Diagnostic:
        """A finding of this rule at its default severity (or the one given)."""
        return Diagnostic(self.id, severity or self.severity, message, span, hint)


def named_topics(topologies: Sequence[Topology], settings: Settings) -> tuple[NamedTopic, ...]:
    """Every topic with its full name, skipping those a broken naming template cannot name."""
    found: list[NamedTopic] = []
    for topology, project, topic in all_topics(topologies):
        try:
            full = topic_full_name(topology, project, topic, settings.naming)
        except NamingFormatError:
            continue
        found.append(NamedTopic(topology, project, topic, full))
    return tuple(found)


def all_topics(
    topologies: Sequence[Topology],
) -> Iterator[tuple[Topology, Project | None, Topic]]:
    """Every topic of every project, then the special topics, in file order."""
    for topology in topologies:
        for project in topology.projects:
            for topic in project.topics:
                yield topology, project, topic
        for topic in topology.special_topics:
            yield topology, None, topic


def config_span(topic: Topic, key: str) -> Span | None:
    """Where a topic's config key is written (the topic's name if not found)."""
    return dict(topic.config_spans).get(key, topic.span)


@dataclass(frozen=True)
class TopicCount:
    """A count every topic may set (partitions, replication factor), as rules compare it."""

    name: str
    key: str
    """The config key its span is recorded under."""
    read: Callable[[Topic], int | None]
    phrase: str
    """What a topic `has`, with `{}` for the count."""

    def outside(
        self, ctx: RuleContext, allowed: Callable[[int], bool]
    ) -> Iterator[tuple[str, Span | None]]:
        """`topic `…` has …` and where, for each topic whose count is set and not `allowed`."""
        for named in ctx.topics:
            count = self.read(named.topic)
            if count is not None and not allowed(count):
                message = f"topic `{named.full_name}` has {self.phrase.format(count)}"
                yield message, config_span(named.topic, self.key)


PARTITION_COUNT = TopicCount("partition count", PARTITIONS, lambda t: t.partitions, "{} partitions")
REPLICATION_FACTOR = TopicCount(
    "replication factor",
    REPLICATION,
    lambda t: t.replication_factor,
    "a replication factor of {}",
)


def min_insync_above(ctx: RuleContext, spare: int) -> Iterator[tuple[str, int, Span | None]]:
    """`min.insync.replicas` as written, the replication factor and where, for each topic
    whose `min.insync.replicas` leaves fewer than `spare` replicas that may be down."""
    for named in ctx.topics:
        factor = named.topic.replication_factor
        value = dict(named.topic.config).get("min.insync.replicas", "").strip()
        if factor is not None and value.isdigit() and int(value) > factor - spare:
            yield value, factor, config_span(named.topic, "min.insync.replicas")
