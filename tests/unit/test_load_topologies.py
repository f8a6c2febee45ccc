"""`load_topologies`: the one way every command reads settings and topologies."""

from __future__ import annotations

from pathlib import Path

from ktb_action.pipeline import load_topologies

TOPIC = "context: c\nprojects:\n  - name: p\n    topics:\n      - name: t\n"


def _repo(root: Path) -> Path:
    (root / "topologies").mkdir()
    (root / "topologies/a.yaml").write_text(TOPIC, encoding="utf-8")
    (root / "b.yaml").write_text(TOPIC.replace("c\n", "d\n", 1), encoding="utf-8")
    return root


def test_load_topologies_reads_the_topology_paths_of_the_settings_by_default(
    tmp_path: Path,
) -> None:
    root = _repo(tmp_path)
    (root / "ktb.yaml").write_text("topology: [topologies]\n", encoding="utf-8")
    assert load_topologies([], root, None).reading.files == ("topologies/a.yaml",)


def test_load_topologies_reads_the_root_without_paths_or_topology_setting(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    assert load_topologies([], root, None).reading.files == ("b.yaml",)


def test_load_topologies_named_paths_win_over_the_settings(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    (root / "ktb.yaml").write_text("topology: [topologies]\n", encoding="utf-8")
    assert load_topologies([root / "b.yaml"], root, None).reading.files == ("b.yaml",)


def test_load_topologies_reports_the_settings_findings_with_their_source(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    (root / "ktb.yaml").write_text("topology: [topologies]\ntopolgy: []\n", encoding="utf-8")
    loaded = load_topologies([], root, None)
    assert [(d.rule, d.span and d.span.line) for d in loaded.diagnostics] == [
        ("settings-unknown-key", 2)
    ]
    assert loaded.reading.sources["ktb.yaml"] == "topology: [topologies]\ntopolgy: []\n"


def test_load_topologies_applies_the_rule_settings_to_the_settings_findings(
    tmp_path: Path,
) -> None:
    root = _repo(tmp_path)
    (root / "ktb.yaml").write_text(
        "topology: [topologies]\ntopolgy: []\nrules:\n  settings-unknown-key: {enabled: false}\n",
        encoding="utf-8",
    )
    assert load_topologies([], root, None).diagnostics == ()
