"""Loading one file's text: located values, scalar resolution, and every diagnostic."""

from __future__ import annotations

from typing import Any

import pytest

from ktb_action.diagnostics import Severity, Span
from ktb_action.topology.load import load_text
from ktb_action.topology.located import LMap, LSeq

F = "topology.yaml"


def _single(text: str | bytes) -> Any:
    documents, diagnostics = load_text(text, F)
    assert diagnostics == []
    assert len(documents) == 1
    return documents[0].root


def _only(text: str | bytes) -> tuple[str, Severity, int, int]:
    _, diagnostics = load_text(text, F)
    assert len(diagnostics) == 1, diagnostics
    (d,) = diagnostics
    assert d.span is not None
    return d.rule, d.severity, d.span.line, d.span.column


def test_load_text_gives_located_maps_and_sequences() -> None:
    root = _single('context: "c"\nprojects:\n  - name: p\n')
    assert isinstance(root, LMap)
    assert isinstance(root["projects"], LSeq)
    assert root == {"context": "c", "projects": [{"name": "p"}]}


def test_load_text_key_span_covers_the_key() -> None:
    root = _single('context: "c"\nprojects: []\n')
    assert root.key_span("projects") == Span(F, 2, 1, 2, 9)


def test_load_text_value_span_covers_the_quoted_scalar() -> None:
    root = _single('context: "ctx"\n')
    assert root.value_span("context") == Span(F, 1, 10, 1, 15)


def test_load_text_block_collection_span_ends_at_its_last_value() -> None:
    root = _single("a:\n  b: 1\n  c: 22\nd: 3\n")
    assert root.value_span("a") == Span(F, 2, 3, 3, 8)


def test_load_text_flow_collection_span_includes_the_closing_bracket() -> None:
    root = _single("a: [1, 2]\n")
    assert root.value_span("a") == Span(F, 1, 4, 1, 10)


def test_load_text_sequence_item_spans() -> None:
    root = _single("topics:\n  - name: a\n  - b\n")
    assert root["topics"].item_spans == [Span(F, 2, 5, 2, 12), Span(F, 3, 5, 3, 6)]


def test_load_text_columns_count_characters_not_bytes() -> None:
    root = _single("näme: x\nk: y\n")
    assert root.value_span("näme") == Span(F, 1, 7, 1, 8)


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ('"1"', "1"),
        ("'true'", "true"),
        ("1", 1),
        ("-12", -12),
        ("0x1f", 31),
        ("010", 8),
        ("1_000", 1000),
        ("1.5", 1.5),
        ("1e3", "1e3"),
        ("1.0e+3", 1000.0),
        ("true", True),
        ("yes", True),
        ("Off", False),
        ("~", None),
        ("null", None),
        ("", None),
        ("2024-01-01", "2024-01-01"),
        ("User:App0", "User:App0"),
        ("!!str 12", "12"),
    ],
)
def test_load_text_resolves_scalars_like_yaml_1_1_safe_loader(written: str, value: Any) -> None:
    root = _single(f"v: {written}\n")
    assert root["v"] == value
    assert type(root["v"]) is type(value)


def test_load_text_splits_multi_document_files() -> None:
    documents, diagnostics = load_text("context: a\n---\ncontext: b\n", F)
    assert diagnostics == []
    assert [(d.root["context"], d.index, d.file) for d in documents] == [
        (
            "a",
            0,
            F,
        ),
        ("b", 1, F),
    ]


def test_load_text_reads_json_with_the_same_loader() -> None:
    root = _single('{\n\t"context": "c",\n\t"projects": [{"name": "p\\/q"}]\n}\n')
    assert root == {"context": "c", "projects": [{"name": "p/q"}]}
    assert root.key_span("projects") == Span(F, 3, 2, 3, 12)


def test_load_text_merge_key_copies_anchored_entries() -> None:
    root = _single("base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\n")
    assert root["use"] == {"y": 3, "x": 1}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: b\n  c: d\n", ("yaml-syntax", Severity.ERROR, 2, 4)),
        ("a:\n\t- b\n", ("yaml-syntax", Severity.ERROR, 2, 1)),
        ('a: "unclosed\n', ("yaml-syntax", Severity.ERROR, 1, 4)),
        ("a: [1, 2\nb: 3\n", ("yaml-syntax", Severity.ERROR, 2, 2)),
        ("a: ok\nb: é\x07\n", ("yaml-syntax", Severity.ERROR, 2, 5)),
        ("a: ok\rb: \x07\r", ("yaml-syntax", Severity.ERROR, 2, 4)),
        ("a: *nowhere\n", ("yaml-syntax", Severity.ERROR, 1, 4)),
        ("context: a\ncontext: b\n", ("yaml-duplicate-key", Severity.ERROR, 2, 1)),
        ('{"a": 1,\n "a": 2}', ("yaml-duplicate-key", Severity.ERROR, 2, 2)),
        ("yes: 1\n", ("yaml-non-string-key", Severity.ERROR, 1, 1)),
        ("x:\n  ? [a]\n  : 1\n", ("yaml-non-string-key", Severity.ERROR, 2, 5)),
        ("", ("file-empty", Severity.WARNING, 1, 1)),
        ("# only a comment\n", ("file-empty", Severity.WARNING, 1, 1)),
        (b"a: ok\nb: \xc3\xa9\xff\n", ("file-not-utf8", Severity.ERROR, 2, 5)),
    ],
)
def test_load_text_reports_unreadable_input_at_the_exact_place(
    text: str | bytes, expected: tuple[str, Severity, int, int]
) -> None:
    assert _only(text) == expected


def test_load_text_duplicate_key_message_names_the_first_place() -> None:
    _, (diagnostic,) = load_text("context: a\nprojects: []\ncontext: b\n", F)
    assert diagnostic.message == "duplicate key `context` (first at line 1, column 1)"


def test_load_text_non_string_key_hint_quotes_what_was_written() -> None:
    _, (diagnostic,) = load_text("on: 1\n", F)
    assert diagnostic.message == "a mapping key must be a string, `on` is read as a boolean"
    assert diagnostic.hint == 'quote the key: `"on"`'


def test_load_text_refuses_an_alias_bomb_at_the_alias_that_crosses_the_budget() -> None:
    lines = ["a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    for name, previous in zip("bcdefg", "abcdef", strict=True):
        aliases = ", ".join([f"*{previous}"] * 10)
        lines.append(f"{name}: &{name} [{aliases}]")
    documents, diagnostics = load_text("\n".join(lines) + "\n", F)
    assert documents == []
    assert [(d.rule, d.span) for d in diagnostics] == [("yaml-alias-bomb", Span(F, 5, 36, 5, 38))]


def test_load_text_bomb_drops_only_its_own_document() -> None:
    bomb = "a: &a [" + ", ".join(["1"] * 1000) + "]\nb: [" + ", ".join(["*a"] * 200) + "]\n"
    documents, diagnostics = load_text(bomb + "---\ncontext: ok\n", F)
    assert [d.root for d in documents] == [{"context": "ok"}]
    assert [d.rule for d in diagnostics] == ["yaml-alias-bomb"]


def test_load_text_strips_a_utf8_bom() -> None:
    assert _single(b"\xef\xbb\xbfcontext: c\n") == {"context": "c"}


def test_load_text_names_utf16_files() -> None:
    _, (diagnostic,) = load_text("context: c\n".encode("utf-16"), F)
    assert (diagnostic.rule, diagnostic.message) == ("file-not-utf8", "file is UTF-16, not UTF-8")


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        (
            'a: "open\n',
            "the file ends inside a quoted scalar",
            "close the quote or bracket that starts here",
        ),
        (
            "a:\n\t- b\n",
            "found character that cannot start any token "
            "(while scanning for the next token at line 2, column 1)",
            "indent with spaces; YAML does not allow tabs for indentation",
        ),
        (
            "a:\n  b: 1\n c: 2\n",
            "did not find expected key (while parsing a block mapping at line 1, column 1)",
            "check the indentation: items of one list or mapping line up",
        ),
        (
            "a: [1, 2\nb: 3\n",
            "did not find expected ',' or ']' (while parsing a flow sequence at line 1, column 4)",
            "close the `[` list, and separate its items with `,`",
        ),
    ],
)
def test_load_text_explains_common_syntax_errors(text: str, message: str, hint: str) -> None:
    _, (diagnostic,) = load_text(text, F)
    assert (diagnostic.message, diagnostic.hint) == (message, hint)
