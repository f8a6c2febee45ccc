"""One escaping function per output format (ktb_action.render.escape)."""

from __future__ import annotations

import json

from ktb_action.render.escape import (
    dumps_json,
    escape_html_text,
    escape_markdown,
    escape_text,
    escape_workflow_data,
    escape_workflow_property,
)


def test_text_shows_line_breaks_escapes_and_bidi_controls() -> None:
    assert escape_text("a\nb\rc\x1b[31md\u202ee\x9bf\x7f") == (
        "a\\nb\\rc<U+001B>[31md<U+202E>e<U+009B>f<U+007F>"
    )


def test_text_keeps_tabs_and_ordinary_unicode() -> None:
    assert escape_text("a\tbär ✓") == "a\tbär ✓"


def test_markdown_shows_controls_after_making_them_literal() -> None:
    assert escape_markdown("a\u202e<b>\nc") == "a\\<U+202E\\>\\<b\\> c"


def test_html_text_shows_controls_as_entities_safe_text() -> None:
    assert escape_html_text("\x1b<i>@x") == "&lt;U+001B&gt;&lt;i&gt;@\u200dx"


def test_workflow_data_cannot_start_a_command_on_a_new_line() -> None:
    assert escape_workflow_data("100%\n::add-mask::x") == "100%25\\n::add-mask::x"


def test_workflow_property_encodes_its_separators() -> None:
    assert escape_workflow_property("a:b,c%\u2066") == "a%3Ab%2Cc%25<U+2066>"


def test_json_writes_bidi_and_c1_as_escapes_that_decode_to_the_same_text() -> None:
    text = dumps_json({"name": "a\u202eb\x85c\x1b"})
    assert text == '{\n  "name": "a\\u202eb\\u0085c\\u001b"\n}\n'
    assert json.loads(text) == {"name": "a\u202eb\x85c\x1b"}
