"""`ktb rule [ID]`: the rules' documentation in the terminal, read from docs/rules.md."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from ktb_action.cli import app
from ktb_action.diagnostics import Diagnostic, Severity, Span
from ktb_action.render.diagnostics_text import render_text
from ktb_action.rule_docs import documented_rules, parse_sections, rules_markdown_path
from ktb_action.validate.rules import REGISTRY

runner = CliRunner()
DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_the_command_reads_the_documentation_page_of_the_repository() -> None:
    assert rules_markdown_path() == DOCS


def test_rule_prints_its_section_and_how_to_configure_it() -> None:
    result = runner.invoke(app, ["rule", "topic-min-insync-replicas"])
    assert (result.exit_code, result.output) == (
        0,
        "# `topic-min-insync-replicas`\n\n"
        "`min.insync.replicas` above the replication factor: every producer with `acks=all` "
        "fails.\n\n"
        'Bad: `replication.factor: "2"` with `min.insync.replicas: "3"` — Good: '
        '`min.insync.replicas: "1"`\n(usually replication factor \u2212 1).\n\n'
        "Configure it in ktb.yaml: `rules: {topic-min-insync-replicas: {enabled: false}}` "
        "turns it off, `rules: {topic-min-insync-replicas: {severity: warning}}` changes its "
        "severity.\n",
    )


def test_a_rule_sharing_a_section_prints_that_section() -> None:
    result = runner.invoke(app, ["rule", "file-symlink-loop"])
    assert result.exit_code == 0
    assert result.output.startswith(
        "# Reading files: `yaml-tag`, `file-not-regular`, `file-symlink-loop`\n"
    )


def test_rule_without_an_id_lists_every_documented_rule_one_a_line() -> None:
    result = runner.invoke(app, ["rule"])
    assert (result.exit_code, result.output) == (0, "\n".join(documented_rules()) + "\n")


def test_every_registered_rule_can_be_explained() -> None:
    assert [rule for rule in REGISTRY if rule not in documented_rules()] == []


def test_an_unknown_rule_exits_2_and_suggests_the_closest() -> None:
    result = runner.invoke(app, ["rule", "topic-partition"])
    assert (result.exit_code, result.output) == (
        2,
        "error: no rule `topic-partition`\n  help: did you mean `topic-partitions`?\n",
    )


def test_sections_name_the_rule_ids_of_their_heading_only() -> None:
    text = "# Rules\n\n## `a-b`, `c`\nwhy `not-a-heading-id`\n\n## Custom rules (`x_y:`)\nbody\n"
    sections = parse_sections(text)
    assert [(s.heading, s.rules, s.body) for s in sections] == [
        ("`a-b`, `c`", ("a-b", "c"), "why `not-a-heading-id`"),
        ("Custom rules (`x_y:`)", (), "body"),
    ]


def test_a_documented_rules_help_line_names_the_command() -> None:
    diagnostic = Diagnostic(
        "context-empty", Severity.ERROR, "empty context", Span.point("t.yaml"), "name it"
    )
    assert render_text([diagnostic], {"t.yaml": 'context: ""\n'}, files=1).splitlines()[5] == (
        "  = help: name it; see `ktb rule context-empty`"
    )


def test_a_hintless_documented_rule_still_names_the_command() -> None:
    diagnostic = Diagnostic("plugin-failed", Severity.ERROR, "plugin `x` failed")
    assert render_text([diagnostic], {}, files=1).splitlines()[1] == (
        "  = help: see `ktb rule plugin-failed`"
    )
