"""Apply the `rules:` settings to findings: drop disabled rules, override severities.

Works on every rule id, including the loader's and the schema check's, because it only reads
the id of each diagnostic.
"""

from __future__ import annotations

from collections.abc import Iterable

from ktb_action.diagnostics import Diagnostic, Severity, did_you_mean
from ktb_action.settings import Settings


def apply_rule_settings(diagnostics: Iterable[Diagnostic], settings: Settings) -> list[Diagnostic]:
    """The diagnostics of enabled rules, each at the severity the settings give its rule."""
    configured: list[Diagnostic] = []
    for diagnostic in diagnostics:
        setting = settings.rules.get(diagnostic.rule)
        if setting is None:
            configured.append(diagnostic)
        elif setting.enabled:
            severity = setting.severity or diagnostic.severity
            configured.append(diagnostic.with_severity(severity))
    return configured


def unknown_rule_settings(settings: Settings, known: Iterable[str]) -> list[Diagnostic]:
    """A `settings-unknown-key` for each `rules:` entry that names no rule in `known`.

    The caller passes every id of the run (the loader's, the schema check's, `REGISTRY`'s and
    the custom rules'), so a misspelt id is reported rather than silently ignored.
    """
    ids = set(known) | {str(spec.get("id")) for spec in settings.custom_rules}
    found: list[Diagnostic] = []
    for rule_id in settings.rules:
        if rule_id in ids:
            continue
        found.append(
            Diagnostic(
                "settings-unknown-key",
                Severity.ERROR,
                f"unknown rule `{rule_id}`",
                settings.key_spans.get(f"rules.{rule_id}"),
                did_you_mean(rule_id, ids) or "see docs/rules.md for the rule ids",
            )
        )
    return found
