"""Semantic rules: every rule id with its default severity, and `run_rules` to apply them.

`REGISTRY` is the one table of rule ids. It also lists the ids reported while loading
settings and building the model (their `check` is None), so that settings can configure them
and docs/rules.md can describe them. Opt-in rules (the JulieOps validations) run only when
the settings name them under `rules:`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ktb_action.diagnostics import Diagnostic, Severity
from ktb_action.settings import Settings
from ktb_action.topology.model import Topology
from ktb_action.validate.rules import (
    connect_labels,
    julie,
    names,
    principals,
    quotas,
    references,
    schema_files,
    scopes,
    subject_strategy,
    topic_config,
    users,
)
from ktb_action.validate.rules.base import Rule, RuleContext, named_topics
from ktb_action.validate.rules.custom import custom_diagnostics
from ktb_action.validate.rules.plugins import installed_plugins, plugin_diagnostics

_REPORTED_ELSEWHERE = (
    Rule("project-duplicate", Severity.ERROR, "a project is declared twice in a context"),
    Rule("project-unknown-key", Severity.ERROR, "a project key is neither known nor a role"),
    Rule("context-header-conflict", Severity.ERROR, "files of a context give a header two values"),
    Rule("context-headers-differ", Severity.WARNING, "files of a context have other headers"),
    Rule("topic-partitions-conflict", Severity.ERROR, "partitions given twice, differently"),
    Rule("topic-replication-conflict", Severity.ERROR, "replication given twice, differently"),
    Rule("topic-partitions-decrease", Severity.ERROR, "fewer partitions than the topic has"),
    Rule(
        "topic-replication-factor-change",
        Severity.ERROR,
        "another replication factor than the topic has",
    ),
    Rule("plan-unknown", Severity.ERROR, "a topic uses a plan that does not exist"),
    Rule("plans-invalid", Severity.ERROR, "the plans file has the wrong shape"),
    Rule("roles-invalid", Severity.ERROR, "the roles file has the wrong shape"),
    Rule("settings-unknown-key", Severity.ERROR, "a settings key ktb does not know"),
    Rule("settings-invalid", Severity.ERROR, "a settings value of the wrong type"),
    Rule("settings-unreadable", Severity.ERROR, "the settings file cannot be read"),
    Rule("settings-unknown-property", Severity.WARNING, "a JulieOps property ktb ignores"),
    Rule("plugin-failed", Severity.ERROR, "a rule plugin failed"),
)

REGISTRY: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        *names.RULES,
        *topic_config.RULES,
        *principals.RULES,
        *quotas.RULES,
        *references.RULES,
        *schema_files.RULES,
        *subject_strategy.RULES,
        *julie.RULES,
        *connect_labels.RULES,
        *scopes.RULES,
        *users.RULES,
        *_REPORTED_ELSEWHERE,
    )
}
"""Every rule id ktb reports from the model, settings and plugins, with its defaults."""


def run_rules(topologies: Sequence[Topology], settings: Settings, root: Path) -> list[Diagnostic]:
    """Apply every enabled rule, the settings' custom rules and installed plugins.

    `root` is the repository root: referenced files are looked up below it.
    """
    ctx = RuleContext(topologies, settings, root, named_topics(topologies, settings))
    found: list[Diagnostic] = []
    for rule in REGISTRY.values():
        if rule.check is not None and _enabled(rule, settings):
            found.extend(rule.check(ctx, rule))
    found.extend(custom_diagnostics(ctx))
    found.extend(plugin_diagnostics(topologies, settings, installed_plugins()))
    return found


def _enabled(rule: Rule, settings: Settings) -> bool:
    setting = settings.rules.get(rule.id)
    if setting is None:
        return rule.default_enabled
    return setting.enabled
