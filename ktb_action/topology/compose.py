"""Turn one YAML/JSON text into located documents (`LMap`/`LSeq` with spans).

We build the located tree straight from libyaml's parse events rather than from
`yaml.compose` nodes: one pass, no intermediate node graph, and the events carry what a
composer throws away — where each alias is written and each key — so duplicate keys, alias
bombs and non-string keys become diagnostics at the exact place. Scalars are resolved like
PyYAML's YAML 1.1 safe resolver (int, float, bool, null, else str); quoted scalars are always
strings, which is the common case in JulieOps files and the cheap path here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from ktb_action.diagnostics import Diagnostic, Severity, Span
from ktb_action.topology.located import Document, LMap, LSeq
from ktb_action.topology.scalars import resolve_plain
from ktb_action.topology.yaml_errors import LOADER, reader_diagnostic, syntax_diagnostic

MAX_ALIAS_EXPANSION = 100_000
"""Nodes that aliases may add to one document; a billion-laughs file goes far beyond it."""

_STR_TAGS = frozenset({"!", "tag:yaml.org,2002:str"})
# Tags a topology may carry: none, or ones that say what the node is anyway. Any other
# (`!!binary`, `!!python/…`, `!custom`) would give a value the topology format has no type
# for, so it is an error at the tag rather than a string nobody wrote.
_ALLOWED_TAGS = frozenset({None, *_STR_TAGS, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})

_MERGE_KEY = "<<"


class _AliasBombError(Exception):
    """Aliases expanded past the budget: the document is dropped."""

    def __init__(self, span: Span) -> None:
        super().__init__()
        self.span = span


@dataclass(slots=True)
class _Frame:
    """A collection being built, with what its children added up to."""

    value: LMap | LSeq
    anchor: str | None
    size: int = 1
    flow: bool = False
    last: Span | None = None
    """The last child's span: a block collection ends where it ends, not at the next token."""
    key: Any = None
    key_span: Span | None = None
    has_key: bool = False
    merges: list[LMap] = field(default_factory=list)


_SKIP = object()
"""Stands for a key that cannot be used (a collection): its entry is dropped."""


class _Composer:
    """Builds located documents from the events of one text; collects diagnostics."""

    def __init__(self, file: str, diagnostics: list[Diagnostic]) -> None:
        self.file = file
        self.diagnostics = diagnostics
        self.documents: list[Document] = []
        self._reset()

    def _reset(self) -> None:
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.expanded = 0
        self.root: Any = None

    def span(self, event: Any) -> Span:
        """The 1-based span of a parse event (events from the parser always carry marks)."""
        start, end = event.start_mark, event.end_mark
        return Span(self.file, start.line + 1, start.column + 1, end.line + 1, end.column + 1)

    def error(self, rule: str, span: Span, message: str, hint: str | None = None) -> None:
        """Record an error-level finding."""
        self.diagnostics.append(Diagnostic(rule, Severity.ERROR, message, span, hint))

    def feed(self, events: Iterator[yaml.Event]) -> None:
        """Consume every event; a syntax error stops here, keeping finished documents."""
        # One lookup per event: a text of 1,000 topics is 22,000 events.
        handlers: dict[type[yaml.Event], Callable[[Any], None]] = {
            yaml.ScalarEvent: self._scalar,
            yaml.MappingStartEvent: self._start_mapping,
            yaml.SequenceStartEvent: self._start_sequence,
            yaml.MappingEndEvent: self._end_collection,
            yaml.SequenceEndEvent: self._end_collection,
            yaml.AliasEvent: self._alias,
            yaml.DocumentStartEvent: self._start_document,
            yaml.DocumentEndEvent: self._end_document,
        }
        skipping = False
        for event in events:
            kind = type(event)
            if skipping:
                skipping = kind is not yaml.DocumentEndEvent
                continue
            handler = handlers.get(kind)
            if handler is None:  # the stream's start and end
                continue
            try:
                handler(event)
            except _AliasBombError as bomb:
                self.error(
                    "yaml-alias-bomb",
                    bomb.span,
                    f"aliases expand to more than {MAX_ALIAS_EXPANSION} nodes",
                    "write the values out instead of nesting anchors and aliases",
                )
                self._reset()
                skipping = True

    def _start_document(self, _event: Any) -> None:
        self._reset()

    def _start_mapping(self, event: Any) -> None:
        self._open(event, LMap(self.span(event)))

    def _start_sequence(self, event: Any) -> None:
        self._open(event, LSeq(self.span(event)))

    def _open(self, event: Any, value: LMap | LSeq) -> None:
        if event.tag not in _ALLOWED_TAGS:
            self._tag_error(event)
        self.stack.append(_Frame(value, event.anchor, flow=bool(event.flow_style)))

    def _tag_error(self, event: Any) -> None:
        tag = str(event.tag).replace("tag:yaml.org,2002:", "!!")
        self.error(
            "yaml-tag",
            self.span(event),
            f"YAML tag `{tag}` is not supported in a topology",
            "remove the tag; quote the value to make it a string",
        )

    def _scalar(self, event: Any) -> None:
        if event.tag not in _ALLOWED_TAGS:
            self._tag_error(event)
        text: str = event.value
        plain = event.implicit[0]
        if not plain or event.tag in _STR_TAGS:
            value: Any = text
        else:
            value = resolve_plain(text)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)
        if plain and value == _MERGE_KEY and self._expects_key():
            value = _MergeKey(text)
        self._add(value, self.span(event), 1, text)

    def _expects_key(self) -> bool:
        return (
            bool(self.stack)
            and isinstance(self.stack[-1].value, LMap)
            and (not self.stack[-1].has_key)
        )

    def _end_collection(self, event: Any) -> None:
        frame = self.stack.pop()
        value = frame.value
        start = value.span
        last = frame.last
        if last is not None and not frame.flow:
            value.span = Span(self.file, start.line, start.column, last.end_line, last.end_column)
        else:
            value.span = Span(self.file, start.line, start.column, *self._end(event))
        if frame.merges and isinstance(value, LMap):
            _apply_merges(value, frame.merges)
        if frame.anchor is not None:
            self.anchors[frame.anchor] = (value, frame.size)
        self._add(value, value.span, frame.size)

    def _end(self, event: Any) -> tuple[int, int]:
        return event.end_mark.line + 1, event.end_mark.column + 1

    def _alias(self, event: Any) -> None:
        span = self.span(event)
        anchored = self.anchors.get(event.anchor)
        if anchored is None:
            self.error(
                "yaml-syntax",
                span,
                f"found undefined alias `*{event.anchor}`",
                f"define the anchor `&{event.anchor}` before this alias",
            )
            self._add(None, span, 1)
            return
        value, size = anchored
        self.expanded += size
        if self.expanded > MAX_ALIAS_EXPANSION:
            raise _AliasBombError(span)
        # Aliases share the anchored value (no copy): its spans point at the definition.
        self._add(value, span, size)

    def _add(self, value: Any, span: Span, size: int, text: str | None = None) -> None:
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        frame.size += size
        frame.last = span
        container = frame.value
        if isinstance(container, LSeq):
            container.append(value)
            container.item_spans.append(span)
        elif not frame.has_key:
            frame.key = value if type(value) is str else self._key(value, span, text)
            frame.key_span, frame.has_key = span, True
        else:
            frame.has_key = False
            self._entry(frame, container, value, span)

    def _key(self, value: Any, span: Span, text: str | None) -> Any:
        if isinstance(value, str):
            return value
        if isinstance(value, LMap | LSeq):
            self.error(
                "yaml-non-string-key",
                span,
                "a mapping key must be a string, found a "
                + ("mapping" if isinstance(value, LMap) else "sequence"),
                "use a plain name as the key",
            )
            return _SKIP
        # A scalar such as `yes:` or `1:` resolves to a bool or number: name what was written.
        written = text or ("null" if value is None else str(value).lower())
        self.error(
            "yaml-non-string-key",
            span,
            f"a mapping key must be a string, `{written}` is read as {_type_name(value)}",
            f'quote the key: `"{written}"`',
        )
        return written

    def _entry(self, frame: _Frame, container: LMap, value: Any, span: Span) -> None:
        key, key_span = frame.key, frame.key_span
        assert key_span is not None  # set together with the key
        if key is _SKIP:
            return
        if isinstance(key, _MergeKey):
            self._merge(frame, value, span)
            return
        if key in container:
            first = container.key_spans[key]
            self.error(
                "yaml-duplicate-key",
                key_span,
                f"duplicate key `{key}` (first at line {first.line}, column {first.column})",
                f"remove one of the two `{key}` entries or merge them",
            )
            return
        container[key] = value
        container.key_spans[key] = key_span
        container.value_spans[key] = span

    def _merge(self, frame: _Frame, value: Any, span: Span) -> None:
        sources = value if isinstance(value, LSeq) else [value]
        if not all(isinstance(source, LMap) for source in sources):
            self.error(
                "yaml-syntax",
                span,
                "the merge key `<<` takes a mapping or a list of mappings",
                "point `<<` at an anchored mapping, e.g. `<<: *defaults`",
            )
            return
        frame.merges.extend(sources)

    def _end_document(self, _event: Any) -> None:
        if self.root is not None:
            self.documents.append(Document(self.file, self.root, len(self.documents)))
        self._reset()


class _MergeKey(str):
    """The plain `<<` key: merges an anchored mapping instead of being an entry."""

    __slots__ = ()


def _apply_merges(target: LMap, sources: list[LMap]) -> None:
    # Keys written in the mapping win over merged ones; earlier merge sources win over later.
    for source in sources:
        for key, value in source.items():
            if key not in target:
                target[key] = value
                target.key_spans[key] = source.key_spans[key]
                target.value_spans[key] = source.value_spans[key]


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a number"


def compose_text(text: str, file: str) -> tuple[list[Document], list[Diagnostic]]:
    """Every non-empty document of `text`, with diagnostics for what could not be read."""
    diagnostics: list[Diagnostic] = []
    composer = _Composer(file, diagnostics)
    try:
        parser = LOADER(text)
        try:
            # The parser's own calls, as `yaml.parse` makes them, without its generator.
            composer.feed(iter(parser.get_event, None))
        finally:
            parser.dispose()
    except yaml.MarkedYAMLError as error:
        diagnostics.append(syntax_diagnostic(error, text, file))
    except yaml.reader.ReaderError as error:
        diagnostics.append(reader_diagnostic(error, text, file))
    return composer.documents, diagnostics
