"""The terminal renderer: header, source line with carets, help, summary; colour on demand."""

from __future__ import annotations

from ktb_action.diagnostics import Diagnostic, Severity, Span
from ktb_action.render.diagnostics_text import render_text

SOURCES = {
    "topics.yaml": "context: c\nprojects:\n  - name: p\n    topics:\n      - name: t\n"
    "        partitons: 3\n",
    "tabs.yaml": "a:\n\tb: 1\n",
}
UNKNOWN_KEY = Diagnostic(
    "schema-unknown-key",
    Severity.ERROR,
    "unknown key `partitons` in `topics`",
    Span("topics.yaml", 6, 9, 6, 18),
    "did you mean `partitions`?",
)


def test_render_text_shows_the_line_a_caret_under_the_span_and_the_help() -> None:
    assert render_text([UNKNOWN_KEY], SOURCES, files=1) == (
        "topics.yaml:6:9: error[schema-unknown-key] unknown key `partitons` in `topics`\n"
        "  |\n"
        "6 |         partitons: 3\n"
        "  |         ^^^^^^^^^\n"
        "  |\n"
        "  = help: did you mean `partitions`?\n"
        "Found 1 error, 0 warnings in 1 file.\n"
    )


def test_render_text_warning_without_hint_and_a_whole_run_finding() -> None:
    diagnostics = [
        Diagnostic("no-topology", Severity.ERROR, "no topology paths given", None, "pass a path"),
        Diagnostic(
            "file-empty", Severity.WARNING, "file has no topology in it", Span.point("empty.yaml")
        ),
    ]
    assert render_text(diagnostics, {"empty.yaml": ""}, files=2) == (
        "error[no-topology] no topology paths given\n"
        "  = help: pass a path\n"
        "empty.yaml:1:1: warning[file-empty] file has no topology in it\n"
        "Found 1 error, 1 warning in 2 files.\n"
    )


def test_render_text_underlines_a_multi_line_span_to_the_end_of_its_first_line() -> None:
    span = Span("topics.yaml", 4, 5, 6, 18)
    diagnostic = Diagnostic("r", Severity.NOTICE, "m", span)
    assert render_text([diagnostic], SOURCES, files=1).splitlines()[2:4] == [
        "4 |     topics:",
        "  |     ^^^^^^^",
    ]


def test_render_text_keeps_tabs_so_the_caret_lines_up() -> None:
    diagnostic = Diagnostic("yaml-syntax", Severity.ERROR, "m", Span("tabs.yaml", 2, 2, 2, 3))
    assert render_text([diagnostic], SOURCES, files=1).splitlines()[2:4] == [
        "2 | \tb: 1",
        "  | \t^",
    ]


def test_render_text_widens_the_gutter_for_long_line_numbers() -> None:
    source = {"f.yaml": "x\n" * 11}
    diagnostic = Diagnostic("r", Severity.ERROR, "m", Span("f.yaml", 11, 1, 11, 2), "h")
    assert render_text([diagnostic], source, files=1).splitlines()[1:6] == [
        "   |",
        "11 | x",
        "   | ^",
        "   |",
        "   = help: h",
    ]


def test_render_text_with_no_findings_prints_only_the_summary() -> None:
    assert render_text([], {}, files=3) == "Found 0 errors, 0 warnings in 3 files.\n"


def test_render_text_colours_only_when_asked() -> None:
    plain = render_text([UNKNOWN_KEY], SOURCES, files=1)
    coloured = render_text([UNKNOWN_KEY], SOURCES, files=1, color=True)
    assert "\033[" not in plain
    assert "\033[1;31merror[schema-unknown-key]\033[0m" in coloured


def test_render_text_numbers_lines_as_yaml_does() -> None:
    # A form feed ends a line for `str.splitlines`, not for YAML (nor for the parser's marks).
    source = {"f.yaml": 'a: "x\\fy\x0c"\r\nb: 1\r\n'}
    diagnostic = Diagnostic("r", Severity.ERROR, "m", Span("f.yaml", 2, 1, 2, 2))
    assert render_text([diagnostic], source, files=1).splitlines()[2] == "2 | b: 1"
