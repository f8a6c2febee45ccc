"""Rule settings: disabling rules and overriding severities, for every rule id."""

from __future__ import annotations

from ktb_action.diagnostics import Diagnostic, Severity, Span
from ktb_action.settings import RuleSetting, Settings
from ktb_action.validate.configure import apply_rule_settings, unknown_rule_settings
from ktb_action.validate.rules import REGISTRY

WARNING = Diagnostic("topic-config-unknown", Severity.WARNING, "unknown topic config `x`")
SCHEMA = Diagnostic("schema-type", Severity.ERROR, "wrong type")


def test_disabled_rule_findings_are_dropped() -> None:
    settings = Settings(rules={"schema-type": RuleSetting(enabled=False)})
    assert apply_rule_settings([WARNING, SCHEMA], settings) == [WARNING]


def test_severity_override_applies_to_the_rule_findings() -> None:
    settings = Settings(rules={"topic-config-unknown": RuleSetting(severity=Severity.ERROR)})
    assert apply_rule_settings([WARNING, SCHEMA], settings) == [
        WARNING.with_severity(Severity.ERROR),
        SCHEMA,
    ]


def test_rule_parameters_alone_change_nothing() -> None:
    settings = Settings(rules={"schema-type": RuleSetting(params={"x": 1})})
    assert apply_rule_settings([SCHEMA], settings) == [SCHEMA]


def test_misspelt_rule_id_in_settings_is_reported_with_a_suggestion() -> None:
    span = Span("ktb.yaml", 4, 3, 4, 22)
    settings = Settings(
        rules={"topic-config-unkown": RuleSetting()}, key_spans={"rules.topic-config-unkown": span}
    )
    (found,) = unknown_rule_settings(settings, REGISTRY)
    assert (found.rule, found.span, found.message, found.hint) == (
        "settings-unknown-key",
        span,
        "unknown rule `topic-config-unkown`",
        "did you mean `topic-config-unknown`?",
    )


def test_custom_rule_ids_are_known_rule_ids() -> None:
    settings = Settings(
        rules={"team-rule": RuleSetting(severity=Severity.NOTICE)},
        custom_rules=({"id": "team-rule", "name_regex": "x"},),
    )
    assert unknown_rule_settings(settings, REGISTRY) == []
