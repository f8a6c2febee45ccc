"""Declarative rules from the settings (`custom_rules:`), so a team's conventions need no code.

```yaml
custom_rules:
  - id: retention-bounded
    applies_to: topic          # or `project`
    config: retention.ms       # with `min` and/or `max`
    max: 604800000
    message: "topic `{name}` keeps data longer than a week"
    hint: "set `retention.ms` to 604800000 or less"
    severity: warning          # default: error
```

Other checks: `name_regex` (the full topic name, or the project name, must match) and
`require_config` (the topic must set this config). `{name}` in `message` is replaced.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from ktb_action.diagnostics import Diagnostic, Severity, Span
from ktb_action.topology.build import PARTITIONS, REPLICATION
from ktb_action.topology.model import Topic
from ktb_action.validate.rules.base import RuleContext, config_span

CUSTOM_RULE_KEYS = frozenset(
    {
        "id",
        "message",
        "hint",
        "severity",
        "applies_to",
        "name_regex",
        "require_config",
        "config",
        "min",
        "max",
    }
)
"""The keys a custom rule may have (settings loading reports any other)."""


def custom_diagnostics(ctx: RuleContext) -> Iterator[Diagnostic]:
    """The findings of every declarative rule in the settings."""
    for spec in ctx.settings.custom_rules:
        if spec.get("applies_to", "topic") == "project":
            yield from _projects(ctx, spec)
        else:
            yield from _topics(ctx, spec)


def _finding(spec: Mapping[str, Any], name: str, span: Span | None) -> Diagnostic:
    message = str(spec.get("message") or f"`{{name}}` breaks rule `{spec.get('id')}`")
    hint = spec.get("hint")
    return Diagnostic(
        str(spec.get("id")),
        Severity(spec.get("severity", "error")),
        message.replace("{name}", name),
        span,
        str(hint) if hint is not None else None,
    )


def _projects(ctx: RuleContext, spec: Mapping[str, Any]) -> Iterator[Diagnostic]:
    regex = spec.get("name_regex")
    if not isinstance(regex, str):
        return
    for topology in ctx.topologies:
        for project in topology.projects:
            if not re.fullmatch(regex, project.name):
                yield _finding(spec, project.name, project.span)


def _topics(ctx: RuleContext, spec: Mapping[str, Any]) -> Iterator[Diagnostic]:
    regex = spec.get("name_regex")
    required = spec.get("require_config")
    bounded = spec.get("config")
    for named in ctx.topics:
        topic, name = named.topic, named.full_name
        if isinstance(regex, str) and not re.fullmatch(regex, name):
            yield _finding(spec, name, topic.span)
        if isinstance(required, str) and _value(topic, required) is None:
            yield _finding(spec, name, topic.span)
        if isinstance(bounded, str) and _out_of_bounds(_value(topic, bounded), spec):
            yield _finding(spec, name, config_span(topic, bounded))


def _value(topic: Topic, key: str) -> str | None:
    if key == PARTITIONS:
        return None if topic.partitions is None else str(topic.partitions)
    if key == REPLICATION:
        return None if topic.replication_factor is None else str(topic.replication_factor)
    return dict(topic.config).get(key)


def _out_of_bounds(value: str | None, spec: Mapping[str, Any]) -> bool:
    try:
        number = float(value) if value is not None else None
    except ValueError:
        return False  # `topic-config-value` reports values that are not numbers
    if number is None:
        return False
    low, high = spec.get("min"), spec.get("max")
    return (isinstance(low, int | float) and number < low) or (
        isinstance(high, int | float) and number > high
    )
