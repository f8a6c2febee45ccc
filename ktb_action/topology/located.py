"""Parsed YAML/JSON data that remembers where every key and value was written.

`LMap` and `LSeq` are a `dict` and a `list`, so jsonschema and plain code read them as
ordinary data; the spans ride along for diagnostics. Scalars stay plain Python values: their
spans are kept by the container that holds them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ktb_action.diagnostics import Span


class LMap(dict[str, Any]):
    """A mapping with the span of itself, of each key and of each value."""

    __slots__ = ("key_spans", "span", "value_spans")

    def __init__(self, span: Span) -> None:
        super().__init__()
        self.span = span
        self.key_spans: dict[str, Span] = {}
        self.value_spans: dict[str, Span] = {}

    def key_span(self, key: str) -> Span:
        """Where `key` is written (the mapping's own span if it is absent)."""
        return self.key_spans.get(key, self.span)

    def value_span(self, key: str) -> Span:
        """Where the value of `key` is written (the mapping's own span if it is absent)."""
        return self.value_spans.get(key, self.span)


class LSeq(list[Any]):
    """A sequence with the span of itself and of each item."""

    __slots__ = ("item_spans", "span")

    def __init__(self, span: Span) -> None:
        super().__init__()
        self.span = span
        self.item_spans: list[Span] = []

    def item_span(self, index: int) -> Span:
        """Where item `index` is written (the sequence's own span if out of range)."""
        if 0 <= index < len(self.item_spans):
            return self.item_spans[index]
        return self.span


def span_at(root: Any, path: Sequence[str | int], *, key: bool = False) -> Span | None:
    """The span of the value at `path` below `root` (of its key, with `key=True`).

    Walks as far as the path exists and returns the deepest span found, so a path into a
    missing key still points at the mapping that lacks it.
    """
    node = root
    found: Span | None = getattr(root, "span", None)
    for i, step in enumerate(path):
        last = i == len(path) - 1
        if isinstance(node, LMap) and isinstance(step, str) and step in node:
            found = node.key_span(step) if (key and last) else node.value_span(step)
            node = node[step]
        elif isinstance(node, LSeq) and isinstance(step, int) and 0 <= step < len(node):
            found = node.item_span(step)
            node = node[step]
        else:
            break
    return found


class Document:
    """One parsed YAML/JSON document of a topology (or plans/roles) file."""

    __slots__ = ("file", "index", "root")

    def __init__(self, file: str, root: Any, index: int = 0) -> None:
        self.file = file
        """Path relative to the repository root, with `/` separators."""
        self.root = root
        """Usually an `LMap`; anything else is reported by the schema check."""
        self.index = index
        """Position of the document in a multi-document YAML file."""


def scalar_text(value: Any) -> str | None:
    """A YAML scalar as the text Kafka and JulieOps take (`true`, `1`, `0.5`); None for
    null, mappings and sequences.

    YAML lets `retention.ms: 1000` and `retention.ms: "1000"` mean the same to a reader, so
    both become `1000`; booleans are lowercase as in Java.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value)
    return None
