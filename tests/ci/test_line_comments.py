"""Suggested changes: only for a hint naming one replacement of exactly the text it marks."""

from __future__ import annotations

from dataclasses import replace

from ktb_action.ci.line_comments import Suggestion, suggestion_block, suggestions
from tests.ci.builders import FILE, error, warning

SOURCE = "\n" * 5 + "        partitons: 3\n"


def test_a_did_you_mean_hint_becomes_the_corrected_line() -> None:
    assert suggestions((error(6),), {FILE: SOURCE}) == (
        Suggestion(error(6), "        partitions: 3"),
    )


def test_findings_without_a_single_replacement_get_no_suggestion() -> None:
    other_hint = replace(error(6), hint="remove the key")
    beyond_the_file = error(60)
    assert suggestions((other_hint, beyond_the_file, warning(6)), {FILE: SOURCE}) == ()


def test_a_line_with_backticks_gets_a_longer_fence() -> None:
    block = suggestion_block(Suggestion(error(6), "a: ```b```"), "suggestion")
    assert block == "````suggestion\na: ```b```\n````"
