"""Which context and project each exported topic goes to, from its name. Pure.

JulieOps names a project topic `<context><sep><project><sep><topic>`; a name with fewer parts
is a special topic (its name used as written), so every layout gives back the same names.
"""

from __future__ import annotations

import fnmatch
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ktb_action.kinds.topics.values import TopicSpec

OTHER_CONTEXT = "platform"
"""The context of the file holding special topics, platform components and SCRAM users."""
CONNECT_TOPICS = frozenset({"connect-configs", "connect-offsets", "connect-status"})
STREAMS_SUFFIXES = ("-changelog", "-repartition")


def is_internal(name: str) -> bool:
    """Kafka's (`__*`), Confluent's and Schema Registry's (`_*`), Connect's default and Kafka
    Streams' internal topics: created and owned by their servers, not by a topology."""
    return name.startswith("_") or name in CONNECT_TOPICS or name.endswith(STREAMS_SUFFIXES)


@dataclass(frozen=True)
class TopicFilter:
    """`--include` / `--exclude` glob patterns; internal topics only when asked for."""

    include: Sequence[str] = ()
    exclude: Sequence[str] = ()
    internal: bool = False

    def wants(self, name: str) -> bool:
        """Whether the topic is exported."""
        if not self.internal and is_internal(name):
            return False
        return self.matches(name)

    def matches(self, name: str) -> bool:
        """Whether `name` is included and not excluded (connectors are selected so too)."""
        if self.include and not any(fnmatch.fnmatchcase(name, p) for p in self.include):
            return False
        return not any(fnmatch.fnmatchcase(name, p) for p in self.exclude)


@dataclass
class Layout:
    """Topics by context, project and short name; the rest as special topics."""

    separator: str
    projects: dict[str, dict[str, dict[str, TopicSpec]]] = field(default_factory=dict)
    special: dict[str, TopicSpec] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    """What was inferred, for the summary."""


def lay_out(topics: Iterable[TopicSpec], separator: str, context: str | None) -> Layout:
    """Group by the first two name parts (the context given, or inferred from the names)."""
    layout = Layout(separator)
    grouped: dict[str, dict[str, dict[str, TopicSpec]]] = defaultdict(lambda: defaultdict(dict))
    for topic in sorted(topics, key=lambda t: t.name):
        parts = topic.name.split(separator, 2)
        if len(parts) == 3 and all(parts) and context in (None, parts[0]):
            grouped[parts[0]][parts[1]][parts[2]] = topic
        else:
            layout.special[topic.name] = topic
    layout.projects = {c: dict(projects) for c, projects in sorted(grouped.items())}
    for name, projects in layout.projects.items():
        count = sum(map(len, projects.values()))
        how = "given by --context" if context else "inferred from the names' first part"
        layout.notes.append(
            f"context `{name}` ({how}): {count} topics in projects "
            + ", ".join(f"`{p}`" for p in sorted(projects))
        )
    if layout.special:
        layout.notes.append(
            f"{len(layout.special)} topics whose names have no `<context>{separator}<project>"
            f"{separator}` prefix: special topics of context `{OTHER_CONTEXT}`"
        )
    return layout
