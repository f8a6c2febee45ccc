"""Every rule id has its section in docs/rules.md."""

from __future__ import annotations

from pathlib import Path

from ktb_action.validate.rules import REGISTRY

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_every_registered_rule_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert [rule for rule in REGISTRY if f"`{rule}`" not in text] == []
