"""Declarative custom rules from the settings."""

from __future__ import annotations

from typing import Any

import pytest

from ktb_action.diagnostics import Severity
from ktb_action.settings import Settings
from tests.unit.conftest import ReadFiles

TOPICS = """\
context: "c"
projects:
  - name: "Payments"
    topics:
      - name: "orders"
        config:
          retention.ms: "86400000"
      - name: "Refunds"
"""


def _rule(**spec: Any) -> Settings:
    return Settings(custom_rules=({"id": "team-rule", "message": "`{name}` breaks it", **spec},))


@pytest.mark.parametrize(
    ("spec", "found"),
    [
        ({"name_regex": r"c\.Payments\.[a-z]+"}, [("team-rule", "t.yaml", 8, 15)]),
        ({"require_config": "retention.ms"}, [("team-rule", "t.yaml", 8, 15)]),
        ({"config": "retention.ms", "max": 3600000}, [("team-rule", "t.yaml", 7, 11)]),
        ({"config": "retention.ms", "min": 3600000}, []),
        ({"applies_to": "project", "name_regex": "[a-z]+"}, [("team-rule", "t.yaml", 3, 11)]),
    ],
)
def test_custom_rule_reports_what_breaks_its_check(
    read_files: ReadFiles, spec: dict[str, Any], found: list[tuple[str, str, int, int]]
) -> None:
    assert read_files({"t.yaml": TOPICS}, _rule(**spec)).found("team-rule") == found


def test_custom_rule_message_names_the_topic_and_uses_its_severity(read_files: ReadFiles) -> None:
    settings = _rule(name_regex=r"c\.Payments\.[a-z]+", severity="warning", hint="use lowercase")
    found = read_files({"t.yaml": TOPICS}, settings).one("team-rule")
    assert (found.severity, found.message, found.hint) == (
        Severity.WARNING,
        "`c.Payments.Refunds` breaks it",
        "use lowercase",
    )
