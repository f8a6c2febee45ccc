"""Building the typed model from located YAML: merging, counts, configs, plans, roles, spans."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ktb_action.diagnostics import Severity, Span
from ktb_action.settings import Settings
from ktb_action.topology.build import build_topologies
from ktb_action.topology.load import load_text
from ktb_action.topology.model import (
    AclEntry,
    Artefact,
    ConnectWorker,
    Consumer,
    Producer,
    RoleBinding,
    StreamsApp,
    TopicRefs,
)
from tests.unit.conftest import ReadFiles


def _topic_yaml(body: str) -> str:
    return 'context: "c"\nprojects:\n  - name: "p"\n    topics:\n      - name: "t"\n' + body


def test_files_with_the_same_context_merge_and_contexts_keep_first_seen_order(
    read_files: ReadFiles,
) -> None:
    reading = read_files(
        {
            "a.yaml": 'context: "one"\nprojects:\n  - name: "p1"\n',
            "b.yaml": 'context: "two"\nprojects:\n  - name: "p2"\n',
            "c.yaml": 'context: "one"\nprojects:\n  - name: "p3"\n',
        }
    )
    assert [(t.context, [p.name for p in t.projects], t.files) for t in reading.topologies] == [
        ("one", ["p1", "p3"], ("a.yaml", "c.yaml")),
        ("two", ["p2"], ("b.yaml",)),
    ]


def test_project_declared_twice_in_a_context_is_reported_at_the_second_naming_the_first(
    read_files: ReadFiles,
) -> None:
    reading = read_files(
        {
            "a.yaml": 'context: "c"\nprojects:\n  - name: "foo"\n',
            "b.yaml": 'context: "c"\nprojects:\n  - name: "Foo"\n',
        }
    )
    found = reading.one("project-duplicate")
    assert found.span == Span("b.yaml", 3, 11, 3, 16)
    assert found.message == "project `Foo` is already declared in context `c` at a.yaml:3:11"
    assert [p.name for p in reading.topologies[0].projects] == ["foo"]


def test_header_with_two_values_in_one_context_is_an_error(read_files: ReadFiles) -> None:
    reading = read_files(
        {
            "a.yaml": 'context: "c"\nenv: "prod"\n',
            "b.yaml": 'context: "c"\nenv: "test"\n',
        }
    )
    assert reading.found("context-header-conflict") == [("context-header-conflict", "b.yaml", 2, 6)]


def test_files_of_a_context_with_other_headers_merge_them_with_a_warning(
    read_files: ReadFiles,
) -> None:
    reading = read_files(
        {
            "a.yaml": 'context: "c"\nsource: "s"\n',
            "b.yaml": 'context: "c"\nsource: "s"\nteam: "t"\n',
        }
    )
    assert reading.found("context-headers-differ") == [("context-headers-differ", "b.yaml", 1, 10)]
    assert reading.topologies[0].headers == (("source", "s"), ("team", "t"))


def test_partitions_and_replication_come_out_of_config(read_files: ReadFiles) -> None:
    reading = read_files(
        {
            "t.yaml": _topic_yaml(
                '        config:\n          num.partitions: "6"\n'
                "          replication.factor: 3\n          retention.ms: 1000\n"
            )
        }
    )
    topic = reading.topologies[0].projects[0].topics[0]
    assert (topic.partitions, topic.replication_factor, topic.config) == (
        6,
        3,
        (("retention.ms", "1000"),),
    )


def test_partitions_and_replication_may_be_the_topics_own_keys(read_files: ReadFiles) -> None:
    reading = read_files(
        {"t.yaml": _topic_yaml("        partitions: 12\n        replication.factor: 2\n")}
    )
    topic = reading.topologies[0].projects[0].topics[0]
    assert (topic.partitions, topic.replication_factor) == (12, 2)


def test_partitions_given_twice_differently_is_a_conflict_at_the_topics_own_key(
    read_files: ReadFiles,
) -> None:
    reading = read_files(
        {
            "t.yaml": _topic_yaml(
                "        partitions: 3\n        replication.factor: 2\n"
                '        config:\n          num.partitions: "6"\n'
                '          replication.factor: "3"\n'
            )
        }
    )
    assert reading.found("topic-partitions-conflict") == [
        ("topic-partitions-conflict", "t.yaml", 6, 21)
    ]
    assert reading.found("topic-replication-conflict") == [
        ("topic-replication-conflict", "t.yaml", 7, 29)
    ]


def test_partitions_that_are_not_an_integer_are_a_config_value_error(
    read_files: ReadFiles,
) -> None:
    reading = read_files(
        {"t.yaml": _topic_yaml('        config:\n          num.partitions: "six"\n')}
    )
    assert reading.found("topic-config-value") == [("topic-config-value", "t.yaml", 7, 11)]
    assert reading.topologies[0].projects[0].topics[0].partitions is None


def test_config_values_are_normalised_to_kafkas_text(read_files: ReadFiles) -> None:
    reading = read_files(
        {
            "t.yaml": _topic_yaml(
                "        config:\n          preallocate: true\n"
                "          min.cleanable.dirty.ratio: 0.5\n          segment.ms: 60000\n"
            )
        }
    )
    assert reading.topologies[0].projects[0].topics[0].config == (
        ("preallocate", "true"),
        ("min.cleanable.dirty.ratio", "0.5"),
        ("segment.ms", "60000"),
    )


def test_topic_span_is_its_name_and_config_spans_are_its_keys(read_files: ReadFiles) -> None:
    reading = read_files({"t.yaml": _topic_yaml('        config:\n          retention.ms: "1"\n')})
    topic = reading.topologies[0].projects[0].topics[0]
    assert topic.span == Span("t.yaml", 5, 15, 5, 18)
    assert topic.config_spans == (("retention.ms", Span("t.yaml", 7, 11, 7, 23)),)


PLANS = 'plans:\n  gold:\n    config:\n      retention.ms: "5000"\n      segment.ms: "100"\n'


def test_plan_config_is_merged_and_the_topics_own_values_win(read_files: ReadFiles) -> None:
    reading = read_files(
        {
            "plans.yaml": PLANS,
            "t.yaml": _topic_yaml(
                '        plan: "gold"\n        config:\n          segment.ms: "7"\n'
            ),
        },
        Settings(plans_file="plans.yaml"),
    )
    topic = reading.topologies[0].projects[0].topics[0]
    assert topic.config == (("retention.ms", "5000"), ("segment.ms", "7"))
    assert dict(topic.config_spans)["retention.ms"] == Span("plans.yaml", 4, 7, 4, 19)


def test_unknown_plan_is_reported_at_the_plan_reference(read_files: ReadFiles) -> None:
    reading = read_files(
        {"plans.yaml": PLANS, "t.yaml": _topic_yaml('        plan: "glod"\n')},
        Settings(plans_file="plans.yaml"),
    )
    found = reading.one("plan-unknown")
    assert (found.span, found.message, found.hint) == (
        Span("t.yaml", 6, 15, 6, 21),
        "unknown plan `glod`",
        "did you mean `gold`?",
    )


def test_plan_without_a_plans_file_hints_at_the_setting(read_files: ReadFiles) -> None:
    reading = read_files({"t.yaml": _topic_yaml('        plan: "gold"\n')})
    found = reading.one("plan-unknown")
    assert found.hint == "set `plans_file` in ktb.yaml (JulieOps `--plans`) to the file defining it"


CUSTOM_ROLE = 'context: "c"\nprojects:\n  - name: "p"\n    app:\n      - principal: "User:a"\n'


def test_custom_role_key_without_a_roles_file_is_an_unknown_key(read_files: ReadFiles) -> None:
    reading = read_files({"t.yaml": CUSTOM_ROLE})
    found = reading.one("project-unknown-key")
    assert (found.span, found.message, found.hint) == (
        Span("t.yaml", 4, 5, 4, 8),
        "unknown project key `app`",
        "a custom role key needs a roles file: set `roles_file` in ktb.yaml "
        "(JulieOps `julie.roles`)",
    )


def test_custom_role_key_defined_in_the_roles_file_gives_its_principals(
    read_files: ReadFiles,
) -> None:
    reading = read_files(
        {"roles.yaml": 'roles:\n  - name: "app"\n    acls: []\n', "t.yaml": CUSTOM_ROLE},
        Settings(roles_file="roles.yaml"),
    )
    assert reading.found("project-unknown-key") == []
    assert reading.topologies[0].projects[0].role_acls == ()


ROLE_WITH_TOPIC = """\
roles:
  - name: "app"
    acls:
      - {resourceType: "Topic", resourceName: "{{topic}}", patternType: "PREFIXED",
         host: "*", operation: "ALL", permissionType: "ALLOW"}
"""


def test_julie_role_key_renders_the_role_acls_with_the_entry_variables(
    read_files: ReadFiles,
) -> None:
    reading = read_files(
        {
            "roles.yaml": ROLE_WITH_TOPIC,
            "t.yaml": CUSTOM_ROLE + '        topic: "c.p."\n',
        },
        Settings(roles_file="roles.yaml"),
    )
    assert reading.topologies[0].projects[0].role_acls == (
        AclEntry(
            "User:a", "TOPIC", "c.p.", "PREFIXED", ("ALL",), "*", Span("t.yaml", 5, 20, 5, 28)
        ),
    )


def test_julie_role_variable_missing_is_an_error_not_an_empty_prefix(
    read_files: ReadFiles,
) -> None:
    reading = read_files(
        {"roles.yaml": ROLE_WITH_TOPIC, "t.yaml": CUSTOM_ROLE}, Settings(roles_file="roles.yaml")
    )
    found = reading.one("role-variable-missing")
    assert (found.severity, found.message, reading.topologies[0].projects[0].role_acls) == (
        Severity.ERROR,
        "role `app` needs `topic` for `User:a`",
        (),
    )


def test_misspelt_project_key_suggests_the_known_one(read_files: ReadFiles) -> None:
    reading = read_files({"t.yaml": 'context: "c"\nprojects:\n  - name: "p"\n    consumer: []\n'})
    found = reading.one("project-unknown-key")
    assert found.hint == "did you mean `consumers`?"


def test_legacy_zookeepers_key_is_accepted(read_files: ReadFiles) -> None:
    reading = read_files({"t.yaml": 'context: "c"\nprojects:\n  - name: "p"\n    zookeepers: []\n'})
    assert reading.found("project-unknown-key") == []


PRINCIPALS = """\
context: "c"
projects:
  - name: "p"
    consumers:
      - principal: "User:c"
        group: "g"
    producers:
      - principal: "User:p"
        transactionId: "1234"
        idempotence: "true"
    streams:
      - principal: "User:s"
        applicationId: "app"
        topics:
          read: ["a"]
    connectors:
      access_control:
        - principal: "User:k"
          status_topic: "status"
          topics:
            write: ["b"]
      artefacts:
        - path: "connectors/x.json"
          server: "connect"
          name: "x"
    rbac:
      - ResourceOwner:
          - principal: "User:o"
"""


def test_project_principals_and_artefacts_fill_the_model(read_files: ReadFiles) -> None:
    project = read_files({"t.yaml": PRINCIPALS}).topologies[0].projects[0]
    assert project.consumers == (Consumer("User:c", group="g", span=Span("t.yaml", 5, 20, 5, 28)),)
    assert project.producers == (
        Producer(
            "User:p", transaction_id="1234", idempotence=True, span=Span("t.yaml", 8, 20, 8, 28)
        ),
    )
    assert project.streams == (
        StreamsApp(
            "User:s",
            topics=TopicRefs(read=("a",)),
            application_id="app",
            span=Span("t.yaml", 12, 20, 12, 28),
        ),
    )
    assert project.connectors == (
        ConnectWorker(
            "User:k",
            topics=TopicRefs(write=("b",)),
            status_topic="status",
            span=Span("t.yaml", 18, 22, 18, 30),
        ),
    )
    assert project.connector_artefacts == (
        Artefact(
            "connectors/x.json", name="x", server="connect", span=Span("t.yaml", 23, 17, 23, 36)
        ),
    )
    assert project.rbac == (RoleBinding("ResourceOwner", "User:o", Span("t.yaml", 28, 24, 28, 32)),)


def test_platform_components_fill_the_model(read_files: ReadFiles) -> None:
    reading = read_files(
        {
            "t.yaml": 'context: "c"\nplatform:\n  kafka:\n    rbac:\n      ClusterAdmin:\n'
            '        - principal: "User:a"\n    quotas:\n      - principal: "User:q"\n'
            "        producer_byte_rate: 1024\n        request_percentage: 50.0\n"
            '  control_center:\n    instances:\n      - principal: "User:cc"\n'
            '        appId: "controlcenter"\n'
        }
    )
    platform = reading.topologies[0].platform
    assert [(q.principal, q.producer_byte_rate, q.request_percentage) for q in platform.quotas] == [
        ("User:q", 1024, 50.0)
    ]
    assert [(c, [b.role for b in bs]) for c, bs in platform.rbac] == [("kafka", ["ClusterAdmin"])]
    assert [(i.principal, i.app_id) for i in platform.control_center] == [
        ("User:cc", "controlcenter")
    ]


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5))
_TREES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(
                [
                    "context",
                    "projects",
                    "name",
                    "topics",
                    "config",
                    "plan",
                    "streams",
                    "connectors",
                    "platform",
                    "principal",
                    "schemas",
                    "ksql",
                    "rbac",
                    "x",
                ]
            ),
            inner,
            max_size=4,
        ),
    ),
    max_leaves=20,
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=_TREES)
def test_builder_never_raises_on_malformed_trees(tree: object, tmp_path: Path) -> None:
    documents, _ = load_text(yaml.safe_dump({"context": "c", "projects": [tree]}), "t.yaml")
    build_topologies(documents, Settings(), tmp_path)
    documents, _ = load_text(yaml.safe_dump(tree), "t.yaml")
    build_topologies(documents, Settings(), tmp_path)


def test_special_topics_are_built_like_project_topics(read_files: ReadFiles) -> None:
    reading = read_files(
        {"t.yaml": 'context: "c"\nspecial_topics:\n  - name: "_audit"\n    partitions: 1\n'}
    )
    (topic,) = reading.topologies[0].special_topics
    assert (topic.name, topic.partitions, topic.span) == ("_audit", 1, Span("t.yaml", 3, 11, 3, 19))
