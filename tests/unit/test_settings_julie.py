"""JulieOps `.properties` files read as JulieOps reads them (its Typesafe `Configuration`)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ktb_action.config.load import load_settings
from ktb_action.core.plan import Verb
from ktb_action.diagnostics import Severity, Span
from ktb_action.kinds.connectors.compile import compile_connectors
from ktb_action.kinds.topics.values import TopicSpec
from ktb_action.settings import AllowDelete, RuleSetting, Settings
from ktb_action.topology.build import build_topologies
from ktb_action.topology.load import load_paths
from ktb_action.topology.model import Project, Topology
from tests.corpus import require_corpus
from tests.unit.fake_cluster import FakeReader, plan_of


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


def test_kafka_internal_topic_prefixes_are_read_as_julieops_reads_them(tmp_path: Path) -> None:
    settings, diagnostics = _load(
        tmp_path, "kafka.internal.topic.prefixes.0=_\nkafka.internal.topic.prefixes.1=ctx.cache.\n"
    )
    assert (settings.internal_topic_prefixes, diagnostics) == (("_", "ctx.cache."), [])


def test_topics_under_the_internal_prefixes_are_never_deleted_as_in_julieops() -> None:
    settings = Settings(
        allow_delete=AllowDelete(topics=True), internal_topic_prefixes=("ctx.cache.",)
    )
    reader = FakeReader(topics=(TopicSpec("ctx.cache.x", 1, 1), TopicSpec("ctx.p.old", 1, 1)))
    plan = plan_of([Topology("ctx", projects=(Project("p"),))], reader, settings)
    assert [(c.verb, c.name) for c in plan.changes] == [(Verb.DELETE, "ctx.p.old")]


def test_dlq_topic_generation_switched_on_is_an_error_since_ktb_does_not_generate_them(
    tmp_path: Path,
) -> None:
    _, diagnostics = _load(tmp_path, "topology.dlq.topics.generate=true\n")
    assert diagnostics == [
        (
            "settings-unsupported",
            Severity.ERROR,
            "`topology.dlq.topics.generate` is `true`, but ktb does not generate DLQ topics",
            1,
        )
    ]


def test_dlq_topic_generation_switched_off_is_what_ktb_does(tmp_path: Path) -> None:
    assert _load(tmp_path, "topology.dlq.topics.generate=false\n")[1] == []


def test_a_julieops_key_ktb_does_not_implement_is_a_warning_naming_it_with_why(
    tmp_path: Path,
) -> None:
    path = tmp_path / "julie.properties"
    path.write_text("topology.builder.redis.host=localhost\n", encoding="utf-8")
    _, diagnostics = load_settings(path, tmp_path)
    assert [(d.rule, d.message, d.hint) for d in diagnostics] == [
        (
            "settings-unknown-property",
            "JulieOps property `topology.builder.redis.host` is not supported by ktb and is "
            "ignored",
            "ktb keeps its state in `ownership.state_topic` or `ownership.state_file`, and reads "
            "JulieOps' `.cluster-state` with `ownership.julie_state_file` (docs/ownership.md)",
        )
    ]


def test_a_julieops_key_set_to_what_ktb_does_anyway_is_no_warning(tmp_path: Path) -> None:
    text = (
        "topology.builder.access.control.class="
        "com.purbon.kafka.topology.roles.SimpleAclsProvider\n"
        "julie.multiple.context.per.dir.enabled=true\n"
    )
    assert _load(tmp_path, text)[1] == []


def test_projects_warn_if_no_topics_false_turns_the_matching_rule_off(tmp_path: Path) -> None:
    settings, diagnostics = _load(tmp_path, "projects.warn-if.no-topics=false\n")
    assert (settings.rules, diagnostics) == (
        {"project-without-topics": RuleSetting(enabled=False)},
        [],
    )


_KEYS = """\
topology.acls.optimized topology.file.type topology.features.experimental topology.validations
topology.translation.principal.enabled topology.builder.access.control.class
topology.builder.mds.server topology.builder.mds.user topology.builder.mds.password
topology.builder.mds.kafka.cluster.id topology.builder.mds.schema.registry.cluster.id
topology.builder.mds.kafka.connect.cluster.id topology.builder.mds.ksqldb.cluster.id
topology.builder.mds.valid.cluster.ids topology.builder.mds.allow.insecure
topology.builder.state.processor.class topology.builder.redis.host topology.builder.redis.port
topology.builder.redis.bucket topology.builder.ccloud.kafka.cluster.id
topology.builder.internal.principal topology.topic.dlq.prefix.format topology.topic.dlq.label
topology.topic.prefix.format topology.topic.prefix.separator topology.topic.managed.prefixes
topology.subject.managed.prefixes topology.project.prefix.format
topology.connector.allow.topic.create topology.state.cluster.enabled
topology.state.topics.cluster.enabled topology.service.accounts.managed.prefixes
topology.group.managed.prefixes topology.dlq.topics.generate topology.dlq.topics.allow.list
topology.dlq.topics.deny.list
schema.registry.url julie.s3.endpoint julie.s3.region julie.s3.bucket julie.gcp.project.id
julie.gcp.bucket julie.multiple.context.per.dir.enabled julie.kafka.config.topic
julie.instance.id julie.kafka.consumer.group.id julie.kafka.consumer.retries
julie.enable.principal.management julie.verify.remote.state julie.audit.enabled
julie.audit.appender.class julie.audit.appender.kafka.topic julie.debug.mode
julie.http.retry.times julie.http.retry.backoff.time.ms julie.roles julie.internal.principal
confluent.monitoring.topic confluent.command.topic confluent.metrics.topic
ccloud.environment ccloud.cluster.api.key ccloud.cluster.api.secret ccloud.cloud.api.key
ccloud.cloud.api.secret ccloud.cluster.url ccloud.service_account.translation.enabled
ccloud.service_account.query.page.size kafka.internal.topic.prefixes platform.servers.connect
platform.servers.basic.auth platform.server.ksql.url platform.server.ksql.useAlpn
platform.server.ksql.truststore platform.server.ksql.truststorePw
platform.server.ksql.verifyHost platform.server.ksql.keystore platform.server.ksql.keystorePw
platform.server.ksql.user platform.server.ksql.password allow.delete.topics
allow.delete.bindings allow.delete.principals allow.delete.quotas
allow.delete.artefacts.connect allow.delete.artefacts.ksql validations.topic.name.regexp
validations.replication.factor.value validations.replication.factor.op
validations.partition.number.value validations.partition.number.op streams.warn-if.read-only
projects.warn-if.no-topics
"""
JULIEOPS_KEYS = _KEYS.split()
"""Every key of JulieOps' `reference.conf` and `Constants` (kafka-ops/julie at the corpus'
commit), client settings (`bootstrap.servers`, `ssl.*`) left out."""


MAPPED = {
    "allow.delete.artefacts.connect",
    "allow.delete.bindings",
    "allow.delete.principals",
    "allow.delete.quotas",
    "allow.delete.topics",
    "confluent.command.topic",
    "confluent.metrics.topic",
    "confluent.monitoring.topic",
    "julie.roles",
    "kafka.internal.topic.prefixes",
    "platform.servers.connect",
    "projects.warn-if.no-topics",
    "schema.registry.url",
    "topology.acls.optimized",
    "topology.connector.allow.topic.create",
    "topology.group.managed.prefixes",
    "topology.project.prefix.format",
    "topology.service.accounts.managed.prefixes",
    "topology.topic.managed.prefixes",
    "topology.topic.prefix.format",
    "topology.topic.prefix.separator",
    "topology.validations",
    "validations.partition.number.op",
    "validations.partition.number.value",
    "validations.replication.factor.op",
    "validations.replication.factor.value",
    "validations.topic.name.regexp",
}


def test_every_julieops_key_is_mapped_or_named_in_a_warning_that_says_why(
    tmp_path: Path,
) -> None:
    path = tmp_path / "julie.properties"
    path.write_text("".join(f"{key}=1\n" for key in JULIEOPS_KEYS), encoding="utf-8")
    _, diagnostics = load_settings(path, tmp_path)
    unimplemented = {
        JULIEOPS_KEYS[d.span.line - 1]: d.hint
        for d in diagnostics
        if d.rule in ("settings-unknown-property", "settings-unsupported") and d.span
    }
    # `topology.validations=1` names an unknown validation class, not an unknown key.
    unimplemented.pop("topology.validations")
    generic = {
        key: hint
        for key, hint in unimplemented.items()
        if hint is None or hint.startswith(("did you mean", "see docs/settings.md"))
    }
    assert (generic, MAPPED & unimplemented.keys()) == ({}, set())
    assert MAPPED | unimplemented.keys() == set(JULIEOPS_KEYS)


def test_corpus_connector_descriptor_finds_its_cluster_in_indexed_connect_servers(
    tmp_path: Path,
) -> None:
    # JulieOps' TopologyObjectBuilderTest reads descriptor-only-conn.yaml with this setting.
    settings, diagnostics = _load(
        tmp_path, "platform.servers.connect.0=connector0:http://foo:8083\n"
    )
    corpus = require_corpus()
    loaded = load_paths([corpus / "src/test/resources/descriptor-only-conn.yaml"], corpus)
    topologies, built = build_topologies(loaded.documents, settings, corpus)
    _, problems = compile_connectors(topologies, replace(settings, root=str(corpus)))
    unknown_cluster = [p for p in problems if p.rule == "connector-cluster"]
    assert (settings.connect_clusters, diagnostics, built, unknown_cluster) == (
        ("connector0:http://foo:8083",),
        [],
        [],
        [],
    )


def test_an_empty_managed_prefix_is_an_error_as_julieops_raises(tmp_path: Path) -> None:
    _, diagnostics = _load(
        tmp_path,
        "topology.topic.managed.prefixes.0=ctx.\ntopology.topic.managed.prefixes.1=\n",
    )
    assert diagnostics == [
        (
            "settings-invalid",
            Severity.ERROR,
            "`topology.topic.managed.prefixes` contains an empty prefix, which would manage "
            "every name",
            1,
        )
    ]


def test_an_empty_managed_prefix_in_ktb_yaml_is_an_error_too(tmp_path: Path) -> None:
    path = tmp_path / "ktb.yaml"
    path.write_text('managed_prefixes:\n  groups: ["team-", ""]\n', encoding="utf-8")
    _, diagnostics = load_settings(path, tmp_path)
    assert [(d.rule, d.message, d.span) for d in diagnostics] == [
        (
            "settings-invalid",
            "`managed_prefixes.groups` contains an empty prefix, which would manage every name",
            Span("ktb.yaml", 2, 3, 2, 9),
        )
    ]
