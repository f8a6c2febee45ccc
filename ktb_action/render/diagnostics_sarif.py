"""Diagnostics as SARIF 2.1.0, the format code-scanning tools (GitHub, GitLab) import.

Messages are shown to people as plain text, so they go through `escape_text`; file names
stay exact (they must match the repository's files) and are JSON-escaped by `dumps_json`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ktb_action import __version__
from ktb_action.diagnostics import Diagnostic, Severity
from ktb_action.render.escape import dumps_json, escape_text

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "note"}


def render_sarif(
    diagnostics: Sequence[Diagnostic],
    *,
    descriptions: Mapping[str, str] | None = None,
    information_uri: str | None = None,
    help_uri: str | None = None,
) -> str:
    """One SARIF run of the `ktb` tool with a rule entry per rule id that was reported.

    `descriptions` gives a rule's one-line summary (the rule id stands in for a missing one);
    `help_uri` is a base URL to which `#<rule-id>` is appended.
    """
    rule_ids = sorted({d.rule for d in diagnostics})
    index = {rule: i for i, rule in enumerate(rule_ids)}
    driver: dict[str, Any] = {"name": "ktb", "version": __version__}
    if information_uri:
        driver["informationUri"] = information_uri
    driver["rules"] = [_rule(rule, descriptions or {}, help_uri) for rule in rule_ids]
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                # Our columns count characters; SARIF's default unit is UTF-16 code units.
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, index[d.rule]) for d in diagnostics],
            }
        ],
    }
    return dumps_json(document)


def _rule(rule: str, descriptions: Mapping[str, str], help_uri: str | None) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": rule,
        "shortDescription": {"text": descriptions.get(rule, rule)},
    }
    if help_uri:
        entry["helpUri"] = f"{help_uri}#{rule}"
    return entry


def _result(diagnostic: Diagnostic, rule_index: int) -> dict[str, Any]:
    text = escape_text(diagnostic.message)
    if diagnostic.hint:
        text += f"\nhelp: {escape_text(diagnostic.hint)}"
    result: dict[str, Any] = {
        "ruleId": diagnostic.rule,
        "ruleIndex": rule_index,
        "level": _LEVELS[diagnostic.severity],
        "message": {"text": text},
    }
    span = diagnostic.span
    if span is not None:
        result["locations"] = [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": span.file, "uriBaseId": "%SRCROOT%"},
                    "region": {
                        "startLine": span.line,
                        "startColumn": span.column,
                        "endLine": span.end_line,
                        "endColumn": span.end_column,
                    },
                }
            }
        ]
    return result
