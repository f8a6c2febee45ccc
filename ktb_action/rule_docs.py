"""The rules' documentation, read from the one source: docs/rules.md.

`ktb rule` and the documentation site show the same text. The wheel force-includes
`docs/rules.md` as `ktb_action/_docs/rules.md`; a checkout or an editable install reads the
repository's copy, as `schema_path` does for the schema.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_HEADING = re.compile(r"^## (.+)$", re.MULTILINE)
_RULE_ID = re.compile(r"`([a-z][a-z0-9-]*)`")

CONFIGURE = (
    "Configure it in ktb.yaml: `rules: {{{rule}: {{enabled: false}}}}` turns it off, "
    "`rules: {{{rule}: {{severity: warning}}}}` changes its severity."
)


@dataclass(frozen=True, slots=True)
class RuleSection:
    """One `## ` section of docs/rules.md: its heading, the rule ids it names, its text."""

    heading: str
    rules: tuple[str, ...]
    body: str


def rules_markdown_path() -> Path:
    """The path of `rules.md` (installed copy first, then the checkout's)."""
    installed = _PACKAGE / "_docs" / "rules.md"
    if installed.is_file():
        return installed
    return _PACKAGE.parent / "docs" / "rules.md"


def parse_sections(text: str) -> list[RuleSection]:
    """The `## ` sections of a rules page, each with the rule ids its heading names."""
    headings = list(_HEADING.finditer(text))
    sections = []
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
        title = heading.group(1).strip()
        body = text[heading.end() : end].strip("\n")
        sections.append(RuleSection(title, tuple(_RULE_ID.findall(title)), body))
    return sections


@cache
def rule_sections() -> tuple[RuleSection, ...]:
    """The sections of the shipped docs/rules.md, read once per process."""
    return tuple(parse_sections(rules_markdown_path().read_text(encoding="utf-8")))


def section_for(rule: str) -> RuleSection | None:
    """The section documenting `rule`, or None when no heading names it."""
    return next((s for s in rule_sections() if rule in s.rules), None)


@cache
def documented_rules() -> tuple[str, ...]:
    """Every rule id a heading of docs/rules.md names, in the page's order."""
    return tuple(rule for section in rule_sections() for rule in section.rules)
