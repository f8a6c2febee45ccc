"""Turn one YAML/JSON text into located documents (`LMap`/`LSeq` with spans).

We build the located tree straight from libyaml's parse events rather than from
`yaml.compose` nodes: one pass, no intermediate node graph, and the events carry what a
composer throws away — where each alias is written and each key — so duplicate keys, alias
bombs and non-string keys become diagnostics at the exact place. Scalars are resolved like
PyYAML's YAML 1.1 safe resolver (int, float, bool, null, else str); quoted scalars are always
strings, which is the common case in JulieOps files and the cheap path here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from ktb_action.diagnostics import Diagnostic, Severity, Span
from ktb_action.topology.located import Document, LMap, LSeq

# libyaml when available (10x faster); the pure-Python parser gives the same events.
_Loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)

MAX_ALIAS_EXPANSION = 100_000
"""Nodes that aliases may add to one document; a billion-laughs file goes far beyond it."""

_STR_TAGS = frozenset({"!", "tag:yaml.org,2002:str"})
# Tags a topology may carry: none, or ones that say what the node is anyway. Any other
# (`!!binary`, `!!python/…`, `!custom`) would give a value the topology format has no type
# for, so it is an error at the tag rather than a string nobody wrote.
_ALLOWED_TAGS = frozenset({None, *_STR_TAGS, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})

_BOOLS = {
    "yes": True,
    "true": True,
    "on": True,
    "no": False,
    "false": False,
    "off": False,
}
# The YAML 1.1 resolver patterns of PyYAML's `Resolver`, compiled once.
_BOOL_RE = re.compile(
    r"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$"
)
_INT_RE = re.compile(
    r"""^(?:[-+]?0b[0-1_]+
    |[-+]?0[0-7_]+
    |[-+]?(?:0|[1-9][0-9_]*)
    |[-+]?0x[0-9a-fA-F_]+
    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
    re.VERBOSE,
)
_FLOAT_RE = re.compile(
    r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""",
    re.VERBOSE,
)
_NULL_RE = re.compile(r"^(?:~|null|Null|NULL|)$")
_MERGE_KEY = "<<"


def _sexagesimal(text: str, part: Callable[[str], Any]) -> Any:
    sign = -1 if text.startswith("-") else 1
    total: Any = 0
    for digits in text.lstrip("+-").split(":"):
        total = total * 60 + part(digits)
    return sign * total


def _to_int(text: str) -> int:
    text = text.replace("_", "")
    if ":" in text:
        return int(_sexagesimal(text, int))
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    if digits.startswith("0b"):
        return sign * int(digits[2:], 2)
    if digits.startswith("0x"):
        return sign * int(digits[2:], 16)
    if len(digits) > 1 and digits.startswith("0"):
        return sign * int(digits, 8)
    return sign * int(digits)


def _to_float(text: str) -> float:
    text = text.replace("_", "").lower()
    if text.endswith(".inf"):
        return -math.inf if text.startswith("-") else math.inf
    if text == ".nan":
        return math.nan
    if ":" in text:
        return float(_sexagesimal(text, float))
    return float(text)


def resolve_plain(text: str) -> Any:
    """The value of a plain (unquoted) scalar under YAML 1.1 safe rules.

    Timestamps stay strings: a topology has no use for dates and JSON Schema has no type
    for them.
    """
    if not text or (text[0] in "~nN" and _NULL_RE.match(text)):
        return None
    first = text[0]
    if first in "yYnNtTfFoO" and _BOOL_RE.match(text):
        return _BOOLS[text.lower()]
    if first in "+-0123456789.":
        if _INT_RE.match(text):
            return _to_int(text)
        if _FLOAT_RE.match(text):
            return _to_float(text)
    return text


class _AliasBombError(Exception):
    """Aliases expanded past the budget: the document is dropped."""

    def __init__(self, span: Span) -> None:
        super().__init__()
        self.span = span


@dataclass
class _Frame:
    """A collection being built, with what its children added up to."""

    value: LMap | LSeq
    anchor: str | None
    size: int = 1
    flow: bool = False
    last_end: tuple[int, int] | None = None
    """Where the last child ends: a block collection ends there, not at the next token."""
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
        skipping = False
        for event in events:
            kind = type(event)
            if skipping:
                skipping = kind is not yaml.DocumentEndEvent
                continue
            try:
                self._on(kind, event)
            except _AliasBombError as bomb:
                self.error(
                    "yaml-alias-bomb",
                    bomb.span,
                    f"aliases expand to more than {MAX_ALIAS_EXPANSION} nodes",
                    "write the values out instead of nesting anchors and aliases",
                )
                self._reset()
                skipping = True

    def _on(self, kind: type[yaml.Event], event: Any) -> None:
        if getattr(event, "tag", None) not in _ALLOWED_TAGS:
            self._tag_error(event)
        if kind is yaml.ScalarEvent:
            self._scalar(event)
        elif kind is yaml.MappingStartEvent:
            self.stack.append(
                _Frame(LMap(self.span(event)), event.anchor, flow=bool(event.flow_style))
            )
        elif kind is yaml.SequenceStartEvent:
            self.stack.append(
                _Frame(LSeq(self.span(event)), event.anchor, flow=bool(event.flow_style))
            )
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            self._end_collection(event)
        elif kind is yaml.AliasEvent:
            self._alias(event)
        elif kind is yaml.DocumentStartEvent:
            self._reset()
        elif kind is yaml.DocumentEndEvent:
            self._end_document()

    def _tag_error(self, event: Any) -> None:
        tag = str(event.tag).replace("tag:yaml.org,2002:", "!!")
        self.error(
            "yaml-tag",
            self.span(event),
            f"YAML tag `{tag}` is not supported in a topology",
            "remove the tag; quote the value to make it a string",
        )

    def _scalar(self, event: Any) -> None:
        text: str = event.value
        if event.tag in _STR_TAGS or not event.implicit[0]:
            value: Any = text
        else:
            value = resolve_plain(text)
        span = self.span(event)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)
        if value == _MERGE_KEY and event.implicit[0] and self._expects_key():
            value = _MergeKey(text)
        self._add(value, span, 1, text)

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
        end = frame.last_end if frame.last_end and not frame.flow else self._end(event)
        value.span = Span(self.file, start.line, start.column, *end)
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
        frame.last_end = (span.end_line, span.end_column)
        container = frame.value
        if isinstance(container, LSeq):
            container.append(value)
            container.item_spans.append(span)
        elif not frame.has_key:
            frame.key, frame.key_span, frame.has_key = self._key(value, span, text), span, True
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

    def _end_document(self) -> None:
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
        composer.feed(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as error:
        diagnostics.append(_syntax_diagnostic(error, text, file))
    except yaml.reader.ReaderError as error:
        diagnostics.append(_reader_diagnostic(error, text, file))
    return composer.documents, diagnostics


_TAB_HINT = "indent with spaces; YAML does not allow tabs for indentation"
_INDENT_HINT = "check the indentation: items of one list or mapping line up"
_SYNTAX_HINTS = (
    (
        "mapping values are not allowed",
        "quote the value if it contains `: `, or fix the indentation",
    ),
    ("expected <block end>", _INDENT_HINT),
    ("did not find expected '-' indicator", _INDENT_HINT),
    ("did not find expected key", _INDENT_HINT),
    ("could not find expected ':'", "write `key: value`, with a space after the colon"),
    ("did not find expected ',' or ']'", "close the `[` list, and separate its items with `,`"),
    (
        "did not find expected ',' or '}'",
        "close the `{` mapping, and separate its entries with `,`",
    ),
    ("found unexpected end of stream", "close the quote or bracket that starts here"),
)
_UNCLOSED = "found unexpected end of stream"


def _syntax_diagnostic(error: yaml.MarkedYAMLError, text: str, file: str) -> Diagnostic:
    problem = (error.problem or error.context or "invalid YAML").rstrip(".")
    context = error.context_mark
    mark: Any
    if problem == _UNCLOSED and error.context and context is not None:
        # At the end of the file the useful place is where the unclosed thing opened.
        opened = error.context.removeprefix("while scanning ").removeprefix("while parsing ")
        message, mark = f"the file ends inside {opened}", context
    else:
        message, mark = problem, error.problem_mark or context
        if error.context and error.problem and context is not None:
            where = f"line {context.line + 1}, column {context.column + 1}"
            message += f" ({error.context} at {where})"
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    hint = next((h for needle, h in _SYNTAX_HINTS if needle in problem), None)
    if _char_at(text, line, column) == "\t":
        hint = _TAB_HINT
    return Diagnostic("yaml-syntax", Severity.ERROR, message, Span.point(file, line, column), hint)


def _char_at(text: str, line: int, column: int) -> str | None:
    lines = yaml_lines(text)
    if 0 < line <= len(lines) and 0 < column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return None


def _reader_diagnostic(error: yaml.reader.ReaderError, text: str, file: str) -> Diagnostic:
    position = error.position
    if _Loader is not yaml.SafeLoader:
        # libyaml counts UTF-8 bytes where the pure-Python reader counts characters.
        position = len(text.encode("utf-8")[:position].decode("utf-8", errors="ignore"))
    line, column = line_column(text, position)
    return Diagnostic(
        "yaml-syntax",
        Severity.ERROR,
        f"character `U+{error.character:04X}` is not allowed in YAML",
        Span.point(file, line, column),
        "remove the control character, or write it as an escape in a double-quoted string",
    )


_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What YAML (and libyaml's marks) count as the end of a line."""


def yaml_lines(text: str) -> list[str]:
    """The lines of `text` as YAML numbers them (`str.splitlines` also splits on form
    feeds and other characters that YAML does not treat as line breaks)."""
    lines = _LINE_BREAK.split(text)
    return lines[:-1] if lines and not lines[-1] else lines


def line_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of character `index` in `text`, as YAML counts lines."""
    breaks = list(_LINE_BREAK.finditer(text, 0, index))
    line_start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, index - line_start + 1
