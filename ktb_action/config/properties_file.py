"""Reading a JulieOps `.properties` file as it is: the field table's JulieOps keys, and
`topology.validations` as rules. The JulieOps keys ktb does not implement are named in a
warning (nothing is silently dropped); client settings (`bootstrap.servers`, `ssl.*` …) are
left to the client config."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ktb_action.config.checks import empty_prefix_problems, prefix_format_problems
from ktb_action.config.fields import FIELDS, Type, build_settings
from ktb_action.config.julie_keys import LIST_KEYS, Written, shown, unimplemented
from ktb_action.diagnostics import Diagnostic, Severity, Span
from ktb_action.kafka.config import parse_properties
from ktb_action.settings import RuleSetting, Settings

_VALIDATION_PACKAGE = "com.purbon.kafka.topology.validation."
# JulieOps validation class (without the package) -> our rule and the parameters it implies.
VALIDATIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "topic.TopicNameRegexValidation": ("julie-topic-name-regex", {}),
    "topology.TopicNameRegexValidation": ("julie-topic-name-regex", {"match": "full"}),
    "topic.PartitionNumberValidation": ("julie-partition-number", {}),
    "topic.ReplicationFactorValidation": ("julie-replication-factor", {}),
    "topic.MinInSyncReplicasValidation": ("julie-min-insync-replicas", {}),
    "topology.CamelCaseNameFormatValidation": ("julie-camel-case", {}),
    "topic.ConfigurationKeyValidation": ("topic-config-unknown", {}),
}
# validations.* property -> (rule id, parameter, is it an integer)
_VALIDATION_PARAMS = {
    "validations.topic.name.regexp": ("julie-topic-name-regex", "regex", False),
    "validations.partition.number.value": ("julie-partition-number", "value", True),
    "validations.partition.number.op": ("julie-partition-number", "operator", False),
    "validations.replication.factor.value": ("julie-replication-factor", "value", True),
    "validations.replication.factor.op": ("julie-replication-factor", "operator", False),
}
_PROPERTY_KEYS = {field.julie: field for field in FIELDS if field.julie is not None}
_VALIDATIONS_KEY = "topology.validations"
_INDEXED = re.compile(r"(.+)\.(\d+)")
_NO_TOPICS_KEY = "projects.warn-if.no-topics"
_JULIE_NAMES = {field.path: key for key, field in _PROPERTY_KEYS.items()}
_TRUE = ("true", "yes", "on")
_FALSE = ("false", "no", "off")


def read_properties(path: Path, file: str) -> tuple[Settings, list[Diagnostic]]:
    """Settings from the JulieOps `.properties` file at `path`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return Settings(source=file), [
            Diagnostic(
                "settings-unreadable",
                Severity.ERROR,
                f"cannot read settings file `{file}`: {error}",
                Span.point(file),
            )
        ]
    return settings_from_properties(parse_properties(text), text, file)


def settings_from_properties(
    written: dict[str, str], text: str, file: str
) -> tuple[Settings, list[Diagnostic]]:
    """Settings from a JulieOps `.properties` file (`text` is used to find each key's line)."""
    diagnostics: list[Diagnostic] = []
    spans = {key: _property_span(text, key, file) for key in written}
    props = _fold_indexed(written, spans, diagnostics)
    key_spans = {field.path: spans[key] for key, field in _PROPERTY_KEYS.items() if key in spans}
    if _VALIDATIONS_KEY in spans:
        key_spans["rules"] = spans[_VALIDATIONS_KEY]
    values: dict[str, Any] = {}
    for key, field in _PROPERTY_KEYS.items():
        if key in props:
            value = _property_value(field.type, props[key])
            if value is _INVALID:
                diagnostics.append(
                    Diagnostic(
                        "settings-invalid",
                        Severity.ERROR,
                        f"`{key}` must be {field.type.value}, found `{shown(props[key])}`",
                        spans[key],
                    )
                )
            else:
                values[field.path] = value
    # JulieOps revokes nothing unless `allow.delete.bindings` says so: its users keep that.
    values["ownership.revoke_bindings"] = values.get("allow_delete.acls", False)
    rules = _property_rules(props, spans, key_spans, diagnostics)
    diagnostics += unimplemented(
        props, spans, [*_PROPERTY_KEYS, _VALIDATIONS_KEY, *_VALIDATION_PARAMS, _NO_TOPICS_KEY]
    )
    settings = build_settings(values, rules=rules, source=file, key_spans=key_spans)
    diagnostics += prefix_format_problems(
        settings, "topology.topic.prefix.format", "topology.project.prefix.format"
    )
    diagnostics += empty_prefix_problems(settings, _JULIE_NAMES)
    return settings, diagnostics


_INVALID = object()


def _fold_indexed(
    props: dict[str, str], spans: dict[str, Span], diagnostics: list[Diagnostic]
) -> dict[str, Written]:
    """JulieOps reads its lists with Typesafe config, which turns `key.0=a`, `key.1=b` into
    the list `[a, b]` (items in numeric order, gaps closed): the usual way to write a list in
    a `.properties` file. Only JulieOps' list keys are folded; each list is spanned at its
    first item."""
    folded: dict[str, Written] = {}
    items: dict[str, list[tuple[int, str]]] = {}
    for key, value in props.items():
        match = _INDEXED.fullmatch(key)
        if match and match[1] in LIST_KEYS:
            items.setdefault(match[1], []).append((int(match[2]), key))
        else:
            folded[key] = value
    for base, entries in items.items():
        entries.sort()
        if base in folded:
            # Typesafe keeps the object when a path is both a value and an object.
            diagnostics.append(
                Diagnostic(
                    "settings-invalid",
                    Severity.WARNING,
                    f"`{base}` is written both as a value and as an indexed list: "
                    "the value is ignored, as JulieOps does",
                    spans[base],
                    f"remove `{base}` or its indexed items `{base}.<n>`",
                )
            )
        folded[base] = tuple(props[key] for _, key in entries)
        spans[base] = spans[entries[0][1]]
    return folded


def _property_value(kind: Type, text: Written) -> Any:
    """A property's value as the field's type, `_INVALID` when it is not one."""
    if kind is Type.STRINGS:
        return _list(text)
    if not isinstance(text, str):
        return _INVALID
    if kind is Type.BOOL:
        word = text.strip().lower()
        return word in _TRUE if word in _TRUE + _FALSE else _INVALID
    if kind is Type.TEMPLATE:
        # JulieOps writes its built-in naming as the value `default`.
        return None if text.strip() == "default" else text
    return text


def _property_rules(
    props: dict[str, Written],
    spans: dict[str, Span],
    key_spans: dict[str, Span],
    diagnostics: list[Diagnostic],
) -> dict[str, RuleSetting]:
    params: dict[str, dict[str, Any]] = {}
    for name in _list(props.get(_VALIDATIONS_KEY, "")):
        short = name.removeprefix(_VALIDATION_PACKAGE)
        if short not in VALIDATIONS:
            diagnostics.append(
                Diagnostic(
                    "settings-unknown-property",
                    Severity.WARNING,
                    f"validation `{name}` has no ktb equivalent and is not run",
                    spans[_VALIDATIONS_KEY],
                    "write it as a custom rule or a rule plugin (see docs/rules.md)",
                )
            )
            continue
        rule_id, implied = VALIDATIONS[short]
        params.setdefault(rule_id, {}).update(implied)
        key_spans[f"rules.{rule_id}"] = spans[_VALIDATIONS_KEY]
    for key, (rule_id, param, integer) in _VALIDATION_PARAMS.items():
        if key in props and rule_id in params:
            value = shown(props[key]).strip()
            params[rule_id][param] = int(value) if integer and value.isdigit() else value
    rules = {rule_id: RuleSetting(params=values) for rule_id, values in params.items()}
    if "topic-config-unknown" in rules:
        # JulieOps' ConfigurationKeyValidation fails the run on an unknown config key.
        rules["topic-config-unknown"] = RuleSetting(severity=Severity.ERROR)
    if shown(props.get(_NO_TOPICS_KEY, "")).strip().lower() in _FALSE:
        # JulieOps' switch for its warning about projects without topics: ktb's is this rule.
        rules["project-without-topics"] = RuleSetting(enabled=False)
        key_spans["rules.project-without-topics"] = spans[_NO_TOPICS_KEY]
    return rules


def _list(value: Written) -> tuple[str, ...]:
    """A comma-separated text (a ktb leniency: Typesafe would refuse it; empty items are
    dropped) or indexed items (kept as written, for the checks to judge an empty one)."""
    if isinstance(value, str):
        return tuple(item.strip() for item in value.split(",") if item.strip())
    return tuple(item.strip() for item in value)


def _property_span(text: str, key: str, file: str) -> Span:
    """The line a property is written on (first match), for diagnostics."""
    pattern = re.compile(rf"^[ \t\f]*{re.escape(key)}[ \t\f]*[=: \t\f]")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line + " "):
            column = len(line) - len(line.lstrip(" \t\f")) + 1
            return Span(file, number, column, number, column + len(key))
    return Span.point(file)
