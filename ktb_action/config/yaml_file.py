"""Reading `ktb.yaml`: the field table's keys, then the rule sections; every mistake is a
diagnostic at the key's line."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ktb_action.config.checks import empty_prefix_problems, prefix_format_problems
from ktb_action.config.fields import FIELDS, Type, build_settings, sections
from ktb_action.diagnostics import Diagnostic, Severity, Span, did_you_mean
from ktb_action.settings import RuleSetting, Settings
from ktb_action.topology.located import LMap, LSeq
from ktb_action.validate.rules.custom import CUSTOM_RULE_KEYS

_SEVERITIES = tuple(severity.value for severity in Severity)


@dataclass
class _Reader:
    """Reads typed values out of a located tree, reporting what has the wrong type."""

    file: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    key_spans: dict[str, Span] = field(default_factory=dict)

    def invalid(self, message: str, span: Span | None, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic("settings-invalid", Severity.ERROR, message, span, hint))

    def keys(self, node: LMap, allowed: Iterable[str], prefix: str) -> None:
        allowed = tuple(allowed)
        for key in node:
            self.key_spans[prefix + key] = node.key_span(key)
            if key not in allowed:
                self.diagnostics.append(
                    Diagnostic(
                        "settings-unknown-key",
                        Severity.ERROR,
                        f"unknown settings key `{prefix}{key}`",
                        node.key_span(key),
                        did_you_mean(key, allowed)
                        or "known keys: " + ", ".join(f"`{k}`" for k in allowed),
                    )
                )

    def section(self, node: LMap, key: str, subs: Iterable[str]) -> LMap:
        value = node.get(key)
        if isinstance(value, LMap):
            self.keys(value, subs, f"{key}.")
            return value
        if key in node and value is not None:
            self.invalid(f"`{key}` must be a mapping", node.value_span(key))
        return LMap(node.span)

    def get(
        self, node: LMap, key: str, name: str, convert: Callable[[Any], Any | None], what: str
    ) -> Any:
        if key not in node or node[key] is None:
            return None
        value = convert(node[key])
        if value is None:
            self.invalid(f"`{name}` must be {what}", node.value_span(key))
        return value


def _as_string(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _as_bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _as_strings(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, LSeq) and all(isinstance(item, str) for item in value):
        return list(value)
    return None


def settings_from_tree(root: Any, file: str) -> tuple[Settings, list[Diagnostic]]:
    """Settings from a parsed `ktb.yaml` (a located tree), with diagnostics for its mistakes."""
    reader = _Reader(file)
    if not isinstance(root, LMap):
        reader.invalid("settings file must be a mapping", Span.point(file))
        return Settings(source=file), reader.diagnostics
    layout = sections()
    reader.keys(root, layout, "")
    nodes = {top: reader.section(root, top, subs) for top, subs in layout.items() if subs}
    values: dict[str, Any] = {}
    for entry in FIELDS:
        top, _, sub = entry.path.partition(".")
        node, key = (nodes[top], sub) if sub else (root, top)
        value = reader.get(node, key, entry.path, _CONVERT[entry.type], entry.type.value)
        if value is not None:
            values[entry.path] = value
    settings = build_settings(
        values,
        rules=_rules(reader, root),
        custom_rules=_custom_rules(reader, root),
        source=file,
        key_spans=reader.key_spans,
    )
    problems = prefix_format_problems(settings, "naming.topic_format", "naming.project_format")
    problems += empty_prefix_problems(settings, {})
    return settings, reader.diagnostics + problems


def _as_positive_int(value: Any) -> int | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
    return value if ok else None


_CONVERT: dict[Type, Callable[[Any], Any | None]] = {
    Type.BOOL: _as_bool,
    Type.STRING: _as_string,
    Type.TEMPLATE: _as_string,
    Type.STRINGS: _as_strings,
    Type.POSITIVE_INT: _as_positive_int,
}


def _rules(reader: _Reader, root: LMap) -> dict[str, RuleSetting]:
    node = root.get("rules")
    if not isinstance(node, LMap):
        if node is not None:
            reader.invalid("`rules` must be a mapping of rule ids", root.value_span("rules"))
        return {}
    rules: dict[str, RuleSetting] = {}
    for rule_id, body in node.items():
        reader.key_spans[f"rules.{rule_id}"] = node.key_span(rule_id)
        if body is None:
            rules[rule_id] = RuleSetting()
            continue
        if not isinstance(body, LMap):
            reader.invalid(
                f"rule `{rule_id}` must be a mapping",
                node.value_span(rule_id),
                "write e.g. `{enabled: false}` or `{severity: warning}`",
            )
            continue
        name = f"rules.{rule_id}"
        severity = reader.get(
            body, "severity", f"{name}.severity", _as_severity, "one of " + ", ".join(_SEVERITIES)
        )
        rules[rule_id] = RuleSetting(
            enabled=reader.get(body, "enabled", f"{name}.enabled", _as_bool, "`true` or `false`")
            is not False,
            severity=severity,
            params={k: v for k, v in body.items() if k not in ("enabled", "severity")},
        )
    return rules


def _as_severity(value: Any) -> Severity | None:
    return Severity(value) if value in _SEVERITIES else None


def _custom_rules(reader: _Reader, root: LMap) -> tuple[dict[str, Any], ...]:
    node = root.get("custom_rules")
    if node is None:
        return ()
    if not isinstance(node, LSeq):
        reader.invalid("`custom_rules` must be a list", root.value_span("custom_rules"))
        return ()
    found: list[dict[str, Any]] = []
    for index, item in enumerate(node):
        if not isinstance(item, LMap) or not isinstance(item.get("id"), str):
            reader.invalid("a custom rule needs an `id`", node.item_span(index))
            continue
        reader.keys(item, CUSTOM_RULE_KEYS, "custom_rules.")
        if _custom_rule_ok(reader, item):
            found.append(dict(item))
    return tuple(found)


def _custom_rule_ok(reader: _Reader, item: LMap) -> bool:
    rule_id = item["id"]
    problems: list[tuple[str, str]] = []
    if item.get("applies_to", "topic") not in ("topic", "project"):
        problems.append(("applies_to", "`applies_to` must be `topic` or `project`"))
    if item.get("severity", "error") not in _SEVERITIES:
        problems.append(("severity", "`severity` must be one of " + ", ".join(_SEVERITIES)))
    regex = item.get("name_regex")
    if regex is not None:
        try:
            re.compile(str(regex))
        except re.error as error:
            problems.append(("name_regex", f"`name_regex` is not a valid regex: {error}"))
    for bound in ("min", "max"):
        value = item.get(bound)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            problems.append((bound, f"`{bound}` must be a number"))
    if not any(key in item for key in ("name_regex", "require_config", "config")):
        problems.append(("id", "needs `name_regex`, `require_config` or `config` to check"))
    for key, problem in problems:
        reader.invalid(f"custom rule `{rule_id}`: {problem}", item.value_span(key))
    return not problems
