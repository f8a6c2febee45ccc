"""JulieOps `.properties` files read as JulieOps reads them (its Typesafe `Configuration`)."""

from __future__ import annotations

from pathlib import Path

from ktb_action.config.load import load_settings
from ktb_action.diagnostics import Severity, Span
from ktb_action.settings import RuleSetting, Settings


def _load(tmp_path: Path, text: str) -> tuple[Settings, list[tuple[str, Severity, str, int]]]:
    path = tmp_path / "julie.properties"
    path.write_text(text, encoding="utf-8")
    settings, diagnostics = load_settings(path, tmp_path)
    found = [(d.rule, d.severity, d.message, d.span.line if d.span else 0) for d in diagnostics]
    return settings, found


def test_indexed_managed_prefixes_are_read_as_lists_as_typesafe_config_does(
    tmp_path: Path,
) -> None:
    settings, diagnostics = _load(
        tmp_path,
        "topology.topic.managed.prefixes.1=ctx.b\n"
        "topology.topic.managed.prefixes.0=ctx.a\n"
        "topology.topic.managed.prefixes.10=ctx.c\n"
        "topology.group.managed.prefixes.0=grp.\n"
        "topology.service.accounts.managed.prefixes.0=User:app\n"
        "platform.servers.connect.0=connector0:http://foo:8083\n",
    )
    assert diagnostics == []
    assert (
        settings.topic_managed_prefixes,
        settings.group_managed_prefixes,
        settings.principal_managed_prefixes,
        settings.connect_clusters,
    ) == (("ctx.a", "ctx.b", "ctx.c"), ("grp.",), ("User:app",), ("connector0:http://foo:8083",))


def test_indexed_validations_are_read_as_the_list_of_validation_classes(tmp_path: Path) -> None:
    settings, diagnostics = _load(
        tmp_path,
        "topology.validations.0=com.purbon.kafka.topology.validation.topology."
        "CamelCaseNameFormatValidation\n"
        "topology.validations.1=topic.MinInSyncReplicasValidation\n",
    )
    assert diagnostics == []
    assert settings.rules == {
        "julie-camel-case": RuleSetting(),
        "julie-min-insync-replicas": RuleSetting(),
    }
    assert settings.key_spans["rules.julie-camel-case"] == Span("julie.properties", 1, 1, 1, 23)


def test_a_key_written_both_plain_and_indexed_keeps_the_indexed_list_as_typesafe_does(
    tmp_path: Path,
) -> None:
    settings, diagnostics = _load(
        tmp_path,
        "topology.topic.managed.prefixes=old.\ntopology.topic.managed.prefixes.0=new.\n",
    )
    assert settings.topic_managed_prefixes == ("new.",)
    assert diagnostics == [
        (
            "settings-invalid",
            Severity.WARNING,
            "`topology.topic.managed.prefixes` is written both as a value and as an indexed "
            "list: the value is ignored, as JulieOps does",
            1,
        )
    ]


def test_topic_prefix_format_without_project_prefix_format_is_an_error_as_julieops_raises(
    tmp_path: Path,
) -> None:
    _, diagnostics = _load(
        tmp_path,
        "topology.topic.prefix.format={{source}}.{{context}}.{{project}}.{{topic}}\n"
        "topology.project.prefix.format=default\n",
    )
    assert diagnostics == [
        (
            "settings-invalid",
            Severity.ERROR,
            "`topology.topic.prefix.format` is set without `topology.project.prefix.format`: "
            "the project prefix (ACLs, ownership) would not match the topic names",
            1,
        )
    ]


def test_topic_prefix_format_not_starting_with_the_project_format_is_an_error_as_julieops_raises(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ktb.yaml"
    path.write_text(
        "naming:\n"
        '  project_format: "{{context}}.{{project}}"\n'
        '  topic_format: "{{project}}.{{context}}.{{topic}}"\n',
        encoding="utf-8",
    )
    _, diagnostics = load_settings(path, tmp_path)
    assert [(d.rule, d.severity, d.message, d.span, d.hint) for d in diagnostics] == [
        (
            "settings-invalid",
            Severity.ERROR,
            "`naming.topic_format` `{{project}}.{{context}}.{{topic}}` does not start with "
            "`naming.project_format` `{{context}}.{{project}}`: the project prefix (ACLs, "
            "ownership) would not match the topic names",
            Span("ktb.yaml", 3, 3, 3, 15),
            "write `naming.topic_format` as `{{context}}.{{project}}` followed by the topic "
            "part, as JulieOps requires",
        )
    ]


def test_project_prefix_format_alone_is_accepted_since_topic_names_derive_from_it(
    tmp_path: Path,
) -> None:
    settings, diagnostics = _load(
        tmp_path, "topology.project.prefix.format={{context}}-{{project}}\n"
    )
    assert (settings.naming.project_prefix_format, diagnostics) == ("{{context}}-{{project}}", [])
