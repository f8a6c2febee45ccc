"""Hostile strings from a topology, through every report format: nothing is interpreted.

Each string of the corpus is written as a key of a topic, so `ktb validate` reports it in an
`unknown key` finding, and the findings then go out the ways production sends them: the five
`--format`s, the PR/MR comment, the check-run annotations, and the error boundary.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from ktb_action.ci.comment import CommentParts, build_comment, diagnostic_line
from ktb_action.ci.github import annotation
from ktb_action.commands.plan import Format, render_plan
from ktb_action.commands.validate import OutputFormat, render
from ktb_action.diagnostics import Diagnostic, Severity, Span
from ktb_action.errors import KtbError, run_guarded
from ktb_action.pipeline import Reading, load_topologies
from ktb_action.render.escape import escape_text
from ktb_action.topology.model import Consumer, Project, Topic, Topology
from tests.unit.fake_cluster import FakeReader, plan_of

CORPUS = (
    "User:x\n::warning file=README.md,line=1::approved",
    "a\r\n::error::forged",
    "x\n::add-mask::ghp_token",
    "x\n::stop-commands::pause",
    "\x1b[31mred\x1b[0m",
    "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07",
    "ok\rFAKE",
    "abc\u202edcba.yaml",
    "\u2066admin\u2069",
    "\x9b31m",
    "a\u2028b",
    "**bold** [link](https://evil.example) ![i](https://evil.example/i.png)",
    "<img src=x onerror=alert(1)><script>alert(1)</script>",
    "@everyone @org/team",
    "| a | b |",
    "`x` ```",
)
# Anything a terminal, a log viewer or a browser would act on rather than show.
RAW_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


@pytest.fixture(scope="module")
def reading(tmp_path_factory: pytest.TempPathFactory) -> Reading:
    root = tmp_path_factory.mktemp("corpus")
    keys = "".join(f"        {json.dumps(text)}: 1\n" for text in CORPUS)
    topology = 'context: "ctx"\nprojects:\n  - name: "p"\n    topics:\n      - name: "t"\n' + keys
    (root / "topology.yaml").write_text(topology, encoding="utf-8")
    return load_topologies([root / "topology.yaml"], root, None).reading


def _corpus_findings(reading: Reading) -> list[Diagnostic]:
    return [d for d in reading.diagnostics if d.rule == "schema-unknown-key"]


def test_every_corpus_string_is_reported(reading: Reading) -> None:
    messages = [d.message for d in _corpus_findings(reading)]
    assert [any(text in m for m in messages) for text in CORPUS] == [True] * len(CORPUS)


@pytest.mark.parametrize("output_format", list(OutputFormat))
def test_no_format_writes_a_control_or_bidi_character(
    reading: Reading, output_format: OutputFormat
) -> None:
    assert RAW_CONTROLS.findall(render(reading, output_format)) == []


def test_text_report_forges_no_line(reading: Reading) -> None:
    lines = render(reading, OutputFormat.TEXT).splitlines()
    assert [line for line in lines if line.startswith("::")] == []


def test_workflow_commands_are_one_line_per_finding_so_none_starts_another_command(
    reading: Reading,
) -> None:
    lines = render(reading, OutputFormat.GITHUB).splitlines()
    assert len(lines) == len(reading.diagnostics)
    assert [line for line in lines if not line.startswith("::error file=topology.yaml,")] == []


def test_json_report_keeps_every_string_exact(reading: Reading) -> None:
    document = json.loads(render(reading, OutputFormat.JSON))
    messages = [d["message"] for d in document["diagnostics"]]
    assert [any(text in m for m in messages) for text in CORPUS] == [True] * len(CORPUS)


def test_sarif_and_code_quality_show_the_strings_escaped(reading: Reading) -> None:
    sarif = json.loads(render(reading, OutputFormat.SARIF))
    shown = [r["message"]["text"] for r in sarif["runs"][0]["results"]]
    quality = [i["description"] for i in json.loads(render(reading, OutputFormat.GITLAB))]
    for texts in (shown, quality):
        assert [any(escape_text(s) in t for t in texts) for s in CORPUS] == [True] * len(CORPUS)


def test_comment_renders_no_link_image_html_emphasis_or_mention(reading: Reading) -> None:
    body = build_comment(CommentParts("ktb validate", _corpus_findings(reading), "", "the log"))
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(body)
    assert re.findall(r"<(?:a|img|script|em|table)\b", html) == []
    # ktb's own emphasis only: the severity of each finding.
    assert html.count("<strong>") == len(_corpus_findings(reading))
    assert RAW_CONTROLS.findall(html) == []
    assert "@everyone" not in html


def test_check_run_annotations_show_the_strings_escaped(reading: Reading) -> None:
    messages = [a["message"] for d in _corpus_findings(reading) if (a := annotation(d))]
    assert RAW_CONTROLS.findall("".join(messages)) == []


def test_error_boundary_prints_an_error_s_text_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    def fail() -> int:
        raise KtbError("cannot reach \x1b[2J`host`\n::error::forged", "check \u202e`it`")

    assert run_guarded(fail) == 1
    assert capsys.readouterr().err == (
        "error: cannot reach <U+001B>[2J`host`\\n::error::forged\n  help: check <U+202E>`it`\n"
    )


def test_the_topology_file_itself_is_quoted_escaped(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text("context: [x\u202e]\n", encoding="utf-8")
    reading = load_topologies([tmp_path / "t.yaml"], tmp_path, None).reading
    assert "1 | context: [x<U+202E>]\n" in render(reading, OutputFormat.TEXT)


def test_comment_shows_a_hostile_file_name_on_one_line() -> None:
    finding = Diagnostic("r", Severity.ERROR, "m", Span.point("a\n- [x](y)\u202e.yaml"))
    assert diagnostic_line(finding) == "- **error** `r` `a\\n- [x](y)<U+202E>.yaml:1:1`: m"


def test_plans_in_every_format_interpret_no_corpus_string() -> None:
    consumers = tuple(Consumer(f"User:{text}") for text in CORPUS)
    topology = Topology(
        context="ctx", projects=(Project("p", topics=(Topic("t"),), consumers=consumers),)
    )
    plan = plan_of([topology], FakeReader())
    for output_format in (Format.TEXT, Format.MARKDOWN):
        shown = render_plan(plan, output_format)
        assert RAW_CONTROLS.findall(shown) == []
        assert [line for line in shown.splitlines() if line.startswith("::")] == []
    names = {c["name"] for c in json.loads(render_plan(plan, Format.JSON))["changes"]}
    assert all(any(text in name for name in names) for text in CORPUS)
