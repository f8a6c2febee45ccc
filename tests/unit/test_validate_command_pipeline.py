"""The reading pipeline behind `ktb validate`: stages, rule settings, companion files."""

from __future__ import annotations

from pathlib import Path

from ktb_action.diagnostics import Severity
from ktb_action.pipeline import Reading, read_topologies, rule_descriptions
from ktb_action.settings import RuleSetting, Settings

TOPIC = "context: c\nprojects:\n  - name: p\n    topics:\n      - name: t\n"
BAD_KEY = TOPIC + "        partitons: 3\n"


def _read(tmp_path: Path, files: dict[str, str], settings: Settings | None = None) -> Reading:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return read_topologies([tmp_path], tmp_path, settings or Settings())


def _found(reading: Reading) -> list[tuple[str, str, int, int]]:
    return [
        (d.rule, d.span.file, d.span.line, d.span.column) if d.span else (d.rule, "", 0, 0)
        for d in reading.diagnostics
    ]


def test_pipeline_reports_one_error_per_place(tmp_path: Path) -> None:
    text = TOPIC + '        partitions: "x"\n'
    assert _found(_read(tmp_path, {"t.yaml": text})) == [("schema-type", "t.yaml", 6, 21)]


def test_pipeline_sorts_findings_of_every_stage_by_place(tmp_path: Path) -> None:
    text = (
        'context: c\nprojects:\n  - name: p\n    topics:\n      - name: "b\u00e4r"\n        x: 1\n'
    )
    assert _found(_read(tmp_path, {"t.yaml": text})) == [
        ("topic-name-invalid", "t.yaml", 5, 15),
        ("schema-unknown-key", "t.yaml", 6, 9),
    ]


def test_pipeline_applies_rule_settings_to_loader_and_schema_rules(tmp_path: Path) -> None:
    settings = Settings(
        rules={
            "schema-unknown-key": RuleSetting(severity=Severity.WARNING),
            "file-empty": RuleSetting(enabled=False),
        }
    )
    reading = _read(tmp_path, {"t.yaml": BAD_KEY, "empty.yaml": ""}, settings)
    assert [(d.rule, d.severity) for d in reading.diagnostics] == [
        ("schema-unknown-key", Severity.WARNING)
    ]


def test_pipeline_names_a_misspelt_rule_id_of_the_schema_check(tmp_path: Path) -> None:
    settings = Settings(rules={"schema-unknwn-key": RuleSetting(enabled=False)})
    (diagnostic, _) = _read(tmp_path, {"t.yaml": BAD_KEY}, settings).diagnostics
    assert (diagnostic.rule, diagnostic.hint) == (
        "settings-unknown-key",
        "did you mean `schema-unknown-key`?",
    )


def test_pipeline_never_reads_settings_plans_or_roles_as_topologies(tmp_path: Path) -> None:
    settings = Settings(source="ktb.yaml", plans_file="plans.yaml", roles_file="roles.yaml")
    reading = _read(
        tmp_path,
        {
            "ktb.yaml": "plans_file: plans.yaml\n",
            "plans.yaml": "plans:\n  gold:\n    config: {retention.ms: 1}\n",
            "roles.yaml": "roles: []\n",
            "t.yaml": TOPIC,
        },
        settings,
    )
    assert (reading.files, reading.diagnostics) == (("t.yaml",), ())


def test_pipeline_keeps_the_text_of_other_files_findings_point_into(tmp_path: Path) -> None:
    plans = "plans:\n  gold:\n    config: {retention.msec: 1}\n"
    topology = "context: c\nprojects:\n  - name: p\n    topics:\n      - {name: t, plan: gold}\n"
    reading = _read(
        tmp_path, {"plans.yaml": plans, "t.yaml": topology}, Settings(plans_file="plans.yaml")
    )
    assert reading.sources["plans.yaml"] == plans
    assert "plans.yaml" in {d.span.file for d in reading.diagnostics if d.span}


def test_pipeline_counts_topics(tmp_path: Path) -> None:
    text = "context: c\nprojects:\n  - name: p\n    topics: [{name: a}, {name: b}]\n"
    assert _read(tmp_path, {"t.yaml": text}).topic_count == 2


def test_pipeline_describes_every_rule_it_can_report() -> None:
    descriptions = rule_descriptions()
    assert {"yaml-syntax", "schema-unknown-key", "topic-name-invalid"} <= set(descriptions)
    assert all(descriptions.values())
