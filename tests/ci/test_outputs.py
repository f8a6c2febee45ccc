"""Run outputs written in GitHub's and GitLab's formats."""

from __future__ import annotations

from pathlib import Path

from ktb_action.ci.outputs import Outputs, append, dotenv_text, github_output_text

OUTPUTS = Outputs(
    has_changes=True, errors=2, plan_json="plan.json", summary="ktb plan: 1 to create"
)


def test_github_outputs_use_the_multiline_safe_delimiter_syntax() -> None:
    assert github_output_text(OUTPUTS, delimiter="EOF_1") == (
        "has-changes<<EOF_1\ntrue\nEOF_1\n"
        "errors<<EOF_1\n2\nEOF_1\n"
        "plan-json<<EOF_1\nplan.json\nEOF_1\n"
        "summary<<EOF_1\nktb plan: 1 to create\nEOF_1\n"
    )


def test_github_output_delimiter_is_changed_when_a_value_contains_it() -> None:
    tricky = Outputs(False, 0, "", "x\nEOF_1\ninjected=1")
    text = github_output_text(tricky, delimiter="EOF_1")
    summary_block = text.split("summary<<", 1)[1]
    delimiter = summary_block.split("\n", 1)[0]
    assert delimiter != "EOF_1"
    assert summary_block == f"{delimiter}\nx\nEOF_1\ninjected=1\n{delimiter}\n"


def test_gitlab_dotenv_names_are_identifiers_and_values_one_line() -> None:
    multiline = Outputs(False, 0, "", "a\nb")
    assert dotenv_text(multiline) == (
        "KTB_HAS_CHANGES=false\nKTB_ERRORS=0\nKTB_PLAN_JSON=\nKTB_SUMMARY=a b\n"
    )


def test_append_keeps_what_other_steps_wrote(tmp_path: Path) -> None:
    path = tmp_path / "out"
    path.write_text("earlier=1\n", encoding="utf-8")
    append(path, "later=2\n")
    assert path.read_text(encoding="utf-8") == "earlier=1\nlater=2\n"
