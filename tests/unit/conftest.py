"""Shared fixtures of the unit tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from ktb_action.diagnostics import Diagnostic
from ktb_action.settings import Settings
from ktb_action.topology.build import build_topologies
from ktb_action.topology.load import load_paths, load_text
from ktb_action.topology.model import Topology
from ktb_action.validate.rules import run_rules
from ktb_action.validate.schema_check import check_schema


@dataclass(frozen=True)
class Reading:
    """Topologies built from files, and every finding of loading, building and the rules."""

    topologies: list[Topology]
    diagnostics: list[Diagnostic]

    def one(self, rule: str) -> Diagnostic:
        """The single finding of `rule` (fails the test if there is not exactly one)."""
        (found,) = [d for d in self.diagnostics if d.rule == rule]
        return found

    def found(self, rule: str) -> list[tuple[str, str, int, int]]:
        """`(rule, file, line, column)` of each finding of `rule`, in reporting order."""
        return [
            (
                d.rule,
                d.span.file if d.span else "",
                d.span.line if d.span else 0,
                d.span.column if d.span else 0,
            )
            for d in self.diagnostics
            if d.rule == rule
        ]


ReadFiles = Callable[..., Reading]


@pytest.fixture
def read_files(tmp_path: Path) -> ReadFiles:
    """Write `{relative path: text}` below a fresh root and read them all as one topology set.

    Files named in `topology` (default: every file not ending in `.avsc`/`.sql`/`.json` and
    not named in settings) are the topology files.
    """

    def read(
        files: dict[str, str],
        settings: Settings | None = None,
        topology: list[str] | None = None,
    ) -> Reading:
        settings = settings or Settings()
        for name, text in files.items():
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name).write_text(text, encoding="utf-8")
        auxiliary = {settings.plans_file, settings.roles_file}
        names = topology or [
            n for n in files if n not in auxiliary and not n.endswith((".avsc", ".sql", ".json"))
        ]
        loaded = load_paths([tmp_path / n for n in names], tmp_path)
        topologies, built = build_topologies(loaded.documents, settings, tmp_path)
        checked = run_rules(topologies, settings, tmp_path)
        return Reading(topologies, [*loaded.diagnostics, *built, *checked])

    return read


def schema_findings(
    text: str, file: str = "topology.yaml"
) -> list[tuple[str, int, int, str, str | None]]:
    """`(rule, line, column, message, hint)` of each schema-check finding in one file's text."""
    documents, problems = load_text(text, file)
    assert problems == []
    return [
        (d.rule, d.span.line, d.span.column, d.message, d.hint)
        for d in check_schema(documents)
        if d.span is not None
    ]
