"""Reading ktb.yaml and JulieOps .properties files into `Settings`."""

from __future__ import annotations

from pathlib import Path

import pytest

from ktb_action.config.load import load_settings
from ktb_action.diagnostics import Severity, Span
from ktb_action.settings import AllowDelete, Naming, RuleSetting, Settings

KTB_YAML = """\
topology: [topologies/]
naming:
  separator: "_"
  topic_format: "{{context}}.{{project}}.{{topic}}"
  project_format: "{{context}}.{{project}}"
allow_delete:
  topics: true
managed_prefixes:
  topics: ["ctx."]
acls_optimized: true
plans_file: plans.yaml
roles_file: roles.yaml
rules:
  topic-config-unknown:
    severity: error
  project-without-topics:
    enabled: false
  julie-topic-name-regex:
    regex: "[a-z]+"
custom_rules:
  - id: lowercase
    name_regex: "[a-z.]+"
limits:
  max_file_bytes: 1000
"""


def _write(root: Path, name: str, text: str) -> Path:
    (root / name).write_text(text, encoding="utf-8")
    return root / name


def test_no_settings_file_gives_the_defaults(tmp_path: Path) -> None:
    assert load_settings(None, tmp_path) == (Settings(), [])


def test_ktb_yaml_in_the_root_is_read_by_default(tmp_path: Path) -> None:
    _write(tmp_path, "ktb.yaml", KTB_YAML)
    settings, diagnostics = load_settings(None, tmp_path)
    assert diagnostics == []
    assert (
        settings.topology_paths,
        settings.naming,
        settings.allow_delete,
        settings.topic_managed_prefixes,
        settings.acls_optimized,
        settings.plans_file,
        settings.roles_file,
        settings.custom_rules,
        settings.max_file_bytes,
        settings.source,
    ) == (
        ("topologies/",),
        Naming("_", "{{context}}.{{project}}.{{topic}}", "{{context}}.{{project}}"),
        AllowDelete(topics=True, acls=False),
        ("ctx.",),
        True,
        "plans.yaml",
        "roles.yaml",
        ({"id": "lowercase", "name_regex": "[a-z.]+"},),
        1000,
        "ktb.yaml",
    )
    assert settings.rules == {
        "topic-config-unknown": RuleSetting(severity=Severity.ERROR),
        "project-without-topics": RuleSetting(enabled=False),
        "julie-topic-name-regex": RuleSetting(params={"regex": "[a-z]+"}),
    }
    assert settings.key_spans["naming.topic_format"] == Span("ktb.yaml", 4, 3, 4, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("namming: {}\n", ("settings-unknown-key", 1, 1, "did you mean `naming`?")),
        ("naming:\n  seperator: _\n", ("settings-unknown-key", 2, 3, "did you mean `separator`?")),
        ("acls_optimized: yes please\n", ("settings-invalid", 1, 17, None)),
        ("rules:\n  x:\n    severity: fatal\n", ("settings-invalid", 3, 15, None)),
        ("limits:\n  max_file_bytes: -1\n", ("settings-invalid", 2, 19, None)),
        (
            "custom_rules:\n  - id: r\n    name_regex: x\n    applies_to: team\n",
            ("settings-invalid", 4, 17, None),
        ),
    ],
)
def test_settings_mistakes_are_diagnostics_at_the_key(
    tmp_path: Path, text: str, expected: tuple[str, int, int, str | None]
) -> None:
    _, diagnostics = load_settings(_write(tmp_path, "ktb.yaml", text), tmp_path)
    assert [(d.rule, d.span.line, d.span.column, d.hint) for d in diagnostics if d.span] == [
        expected
    ]


def test_missing_settings_file_given_explicitly_is_reported(tmp_path: Path) -> None:
    settings, diagnostics = load_settings(tmp_path / "nope.yaml", tmp_path)
    assert (settings, [d.rule for d in diagnostics]) == (Settings(), ["settings-unreadable"])


JULIE_PROPERTIES = """\
bootstrap.servers=localhost:9092
topology.topic.prefix.separator=_
topology.topic.prefix.format={{source}}.{{context}}.{{project}}.{{topic}}
topology.project.prefix.format={{source}}.{{context}}.{{project}}
allow.delete.topics=true
allow.delete.bindings=false
topology.topic.managed.prefixes=ctx.,other.
topology.acls.optimized=true
julie.roles=roles.yaml
topology.validations=com.purbon.kafka.topology.validation.topic.PartitionNumberValidation,\\
  com.purbon.kafka.topology.validation.topology.CamelCaseNameFormatValidation,\\
  com.purbon.kafka.topology.validation.topic.ConfigurationKeyValidation
validations.partition.number.value=3
validations.partition.number.op=gte
topology.file.type=JSON
"""


def test_julieops_properties_map_to_the_same_settings(tmp_path: Path) -> None:
    settings, _ = load_settings(_write(tmp_path, "julie.properties", JULIE_PROPERTIES), tmp_path)
    assert (
        settings.naming,
        settings.allow_delete,
        settings.topic_managed_prefixes,
        settings.acls_optimized,
        settings.roles_file,
    ) == (
        Naming(
            "_",
            "{{source}}.{{context}}.{{project}}.{{topic}}",
            "{{source}}.{{context}}.{{project}}",
        ),
        AllowDelete(topics=True, acls=False),
        ("ctx.", "other."),
        True,
        "roles.yaml",
    )
    assert settings.rules == {
        "julie-partition-number": RuleSetting(params={"value": 3, "operator": "gte"}),
        "julie-camel-case": RuleSetting(),
        "topic-config-unknown": RuleSetting(severity=Severity.ERROR),
    }


def test_julieops_properties_ktb_does_not_implement_are_named_in_a_warning(
    tmp_path: Path,
) -> None:
    _, diagnostics = load_settings(_write(tmp_path, "julie.properties", JULIE_PROPERTIES), tmp_path)
    assert [(d.rule, d.severity, d.message, d.span.line) for d in diagnostics if d.span] == [
        (
            "settings-unknown-property",
            Severity.WARNING,
            "JulieOps property `topology.file.type` is not supported by ktb and is ignored",
            15,
        )
    ]


def test_unknown_julieops_validation_class_is_a_warning(tmp_path: Path) -> None:
    text = "topology.validations=com.acme.MyValidation\n"
    _, diagnostics = load_settings(_write(tmp_path, "j.properties", text), tmp_path)
    assert [(d.rule, d.message) for d in diagnostics] == [
        (
            "settings-unknown-property",
            "validation `com.acme.MyValidation` has no ktb equivalent and is not run",
        )
    ]


def test_topic_regex_validation_of_the_topology_package_matches_full_names(
    tmp_path: Path,
) -> None:
    text = (
        "topology.validations=topology.TopicNameRegexValidation\n"
        "validations.topic.name.regexp=[a-z.]+\n"
    )
    settings, _ = load_settings(_write(tmp_path, "j.properties", text), tmp_path)
    assert settings.rules == {
        "julie-topic-name-regex": RuleSetting(params={"match": "full", "regex": "[a-z.]+"})
    }
