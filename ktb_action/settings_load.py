"""Read the run settings: `ktb.yaml`, or a JulieOps `.properties` file as it is.

Teams migrating from JulieOps keep their `topology.*` properties file; the keys ktb knows are
mapped to the same settings `ktb.yaml` gives, the JulieOps keys it does not implement are
named in a warning (so nothing is silently dropped), and client settings (`bootstrap.servers`,
`ssl.*` …) are left to the client config. Every mistake is a diagnostic at the key's line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ktb_action.diagnostics import Diagnostic, Severity, Span, did_you_mean
from ktb_action.kafka.config import parse_properties
from ktb_action.settings import AllowDelete, Naming, RuleSetting, Settings
from ktb_action.topology.load import load_paths, relative
from ktb_action.topology.located import LMap, LSeq
from ktb_action.validate.rules.custom import CUSTOM_RULE_KEYS

DEFAULT_FILE = "ktb.yaml"
_DEFAULTS = Settings()

_SECTIONS: dict[str, tuple[str, ...]] = {
    "naming": ("separator", "topic_format", "project_format"),
    "allow_delete": ("topics", "acls"),
    "managed_prefixes": ("topics", "groups", "principals"),
    "limits": ("max_file_bytes",),
}
TOP_KEYS = (
    "topology",
    *_SECTIONS,
    "acls_optimized",
    "connector_allow_topic_create",
    "plans_file",
    "roles_file",
    "rules",
    "custom_rules",
)
_SEVERITIES = tuple(severity.value for severity in Severity)


def load_settings(path: Path | None, root: Path) -> tuple[Settings, list[Diagnostic]]:
    """Read the settings at `path`, or `ktb.yaml` in `root` if it exists, else the defaults."""
    if path is None:
        path = root / DEFAULT_FILE
        if not path.is_file():
            return Settings(), []
    file = relative(path.resolve(), root.resolve())
    if not path.is_file():
        return Settings(), [
            Diagnostic(
                "settings-unreadable",
                Severity.ERROR,
                f"settings file `{file}` does not exist",
                None,
                "pass an existing ktb.yaml or JulieOps .properties file",
            )
        ]
    if path.suffix == ".properties":
        return _from_properties(path, file)
    result = load_paths([path], root)
    diagnostics = list(result.diagnostics)
    if not result.documents:
        return Settings(source=file), diagnostics
    settings, problems = settings_from_tree(result.documents[0].root, file)
    return settings, diagnostics + problems


# -- ktb.yaml --------------------------------------------------------------------------------


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

    def section(self, node: LMap, key: str) -> LMap:
        value = node.get(key)
        if isinstance(value, LMap):
            self.keys(value, _SECTIONS[key], f"{key}.")
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

    def string(self, node: LMap, key: str, name: str) -> str | None:
        result: str | None = self.get(node, key, name, _as_string, "a string")
        return result

    def boolean(self, node: LMap, key: str, name: str, default: bool) -> bool:
        value = self.get(node, key, name, _as_bool, "`true` or `false`")
        return default if value is None else bool(value)

    def strings(self, node: LMap, key: str, name: str) -> tuple[str, ...]:
        value = self.get(node, key, name, _as_strings, "a list of strings")
        return tuple(value) if value is not None else ()


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
    reader.keys(root, TOP_KEYS, "")
    naming = reader.section(root, "naming")
    delete = reader.section(root, "allow_delete")
    prefixes = reader.section(root, "managed_prefixes")
    limits = reader.section(root, "limits")
    max_bytes = reader.get(
        limits, "max_file_bytes", "limits.max_file_bytes", _as_positive_int, "a positive integer"
    )
    settings = Settings(
        naming=Naming(
            separator=reader.string(naming, "separator", "naming.separator") or ".",
            topic_prefix_format=reader.string(naming, "topic_format", "naming.topic_format"),
            project_prefix_format=reader.string(naming, "project_format", "naming.project_format"),
        ),
        allow_delete=AllowDelete(
            topics=reader.boolean(delete, "topics", "allow_delete.topics", False),
            acls=reader.boolean(delete, "acls", "allow_delete.acls", False),
        ),
        topic_managed_prefixes=reader.strings(prefixes, "topics", "managed_prefixes.topics"),
        group_managed_prefixes=reader.strings(prefixes, "groups", "managed_prefixes.groups"),
        principal_managed_prefixes=reader.strings(
            prefixes, "principals", "managed_prefixes.principals"
        ),
        acls_optimized=reader.boolean(root, "acls_optimized", "acls_optimized", False),
        connector_allow_topic_create=reader.boolean(
            root, "connector_allow_topic_create", "connector_allow_topic_create", True
        ),
        plans_file=reader.string(root, "plans_file", "plans_file"),
        roles_file=reader.string(root, "roles_file", "roles_file"),
        rules=_rules(reader, root),
        custom_rules=_custom_rules(reader, root),
        max_file_bytes=max_bytes if max_bytes is not None else _DEFAULTS.max_file_bytes,
        source=file,
        topology_paths=reader.strings(root, "topology", "topology"),
        key_spans=reader.key_spans,
    )
    return settings, reader.diagnostics


def _as_positive_int(value: Any) -> int | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
    return value if ok else None


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
            enabled=reader.boolean(body, "enabled", f"{name}.enabled", True),
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


# -- JulieOps .properties --------------------------------------------------------------------

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
_PROPERTY_KEYS = {
    "topology.topic.prefix.separator": "naming.separator",
    "topology.topic.prefix.format": "naming.topic_format",
    "topology.project.prefix.format": "naming.project_format",
    "allow.delete.topics": "allow_delete.topics",
    "allow.delete.bindings": "allow_delete.acls",
    "topology.topic.managed.prefixes": "managed_prefixes.topics",
    "topology.group.managed.prefixes": "managed_prefixes.groups",
    "topology.service.accounts.managed.prefixes": "managed_prefixes.principals",
    "topology.acls.optimized": "acls_optimized",
    "topology.connector.allow.topic.create": "connector_allow_topic_create",
    "julie.roles": "roles_file",
    "topology.validations": "rules",
}
# Keys of JulieOps' own settings; anything else (client and platform connection settings)
# belongs to other parts of a JulieOps config and is not ours to judge.
_JULIE_PREFIXES = ("topology.", "julie.", "allow.delete.", "validations.")
_TRUE = ("true", "yes", "on")
_FALSE = ("false", "no", "off")


def _from_properties(path: Path, file: str) -> tuple[Settings, list[Diagnostic]]:
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
    props: dict[str, str], text: str, file: str
) -> tuple[Settings, list[Diagnostic]]:
    """Settings from a JulieOps `.properties` file (`text` is used to find each key's line)."""
    diagnostics: list[Diagnostic] = []
    spans = {key: _property_span(text, key, file) for key in props}
    key_spans = {ours: spans[key] for key, ours in _PROPERTY_KEYS.items() if key in spans}

    def flag(key: str, default: bool) -> bool:
        value = props.get(key)
        if value is None:
            return default
        if value.strip().lower() in _TRUE + _FALSE:
            return value.strip().lower() in _TRUE
        diagnostics.append(
            Diagnostic(
                "settings-invalid",
                Severity.ERROR,
                f"`{key}` must be `true` or `false`, found `{value}`",
                spans[key],
            )
        )
        return default

    rules = _property_rules(props, spans, key_spans, diagnostics)
    for key in props:
        if key.startswith(_JULIE_PREFIXES) and key not in _PROPERTY_KEYS | _VALIDATION_PARAMS:
            diagnostics.append(
                Diagnostic(
                    "settings-unknown-property",
                    Severity.WARNING,
                    f"JulieOps property `{key}` is not supported by ktb and is ignored",
                    spans[key],
                    did_you_mean(key, [*_PROPERTY_KEYS, *_VALIDATION_PARAMS])
                    or "see docs/settings.md for the properties ktb reads",
                )
            )
    settings = Settings(
        naming=Naming(
            separator=props.get("topology.topic.prefix.separator", "."),
            topic_prefix_format=_format(props.get("topology.topic.prefix.format")),
            project_prefix_format=_format(props.get("topology.project.prefix.format")),
        ),
        allow_delete=AllowDelete(
            topics=flag("allow.delete.topics", False), acls=flag("allow.delete.bindings", False)
        ),
        topic_managed_prefixes=_list(props.get("topology.topic.managed.prefixes")),
        group_managed_prefixes=_list(props.get("topology.group.managed.prefixes")),
        principal_managed_prefixes=_list(props.get("topology.service.accounts.managed.prefixes")),
        acls_optimized=flag("topology.acls.optimized", False),
        connector_allow_topic_create=flag("topology.connector.allow.topic.create", True),
        roles_file=props.get("julie.roles"),
        rules=rules,
        source=file,
        key_spans=key_spans,
    )
    return settings, diagnostics


def _property_rules(
    props: dict[str, str],
    spans: dict[str, Span],
    key_spans: dict[str, Span],
    diagnostics: list[Diagnostic],
) -> dict[str, RuleSetting]:
    params: dict[str, dict[str, Any]] = {}
    for name in _list(props.get("topology.validations")):
        short = name.removeprefix(_VALIDATION_PACKAGE)
        if short not in VALIDATIONS:
            diagnostics.append(
                Diagnostic(
                    "settings-unknown-property",
                    Severity.WARNING,
                    f"validation `{name}` has no ktb equivalent and is not run",
                    spans["topology.validations"],
                    "write it as a custom rule or a rule plugin (see docs/rules.md)",
                )
            )
            continue
        rule_id, implied = VALIDATIONS[short]
        params.setdefault(rule_id, {}).update(implied)
        key_spans[f"rules.{rule_id}"] = spans["topology.validations"]
    for key, (rule_id, param, integer) in _VALIDATION_PARAMS.items():
        if key in props and rule_id in params:
            value = props[key].strip()
            params[rule_id][param] = int(value) if integer and value.isdigit() else value
    rules = {rule_id: RuleSetting(params=values) for rule_id, values in params.items()}
    if "topic-config-unknown" in rules:
        # JulieOps' ConfigurationKeyValidation fails the run on an unknown config key.
        rules["topic-config-unknown"] = RuleSetting(severity=Severity.ERROR)
    return rules


def _format(value: str | None) -> str | None:
    # JulieOps writes its built-in naming as the value `default`.
    return None if value is None or value.strip() == "default" else value


def _list(value: str | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(item.strip() for item in value.split(",") if item.strip())


def _property_span(text: str, key: str, file: str) -> Span:
    """The line a property is written on (first match), for diagnostics."""
    pattern = re.compile(rf"^[ \t\f]*{re.escape(key)}[ \t\f]*[=: \t\f]")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line + " "):
            column = len(line) - len(line.lstrip(" \t\f")) + 1
            return Span(file, number, column, number, column + len(key))
    return Span.point(file)
