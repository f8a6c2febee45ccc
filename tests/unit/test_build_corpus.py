"""The JulieOps corpus: what JulieOps accepts builds without errors, what it rejects fails at
the right place, and the model holds what JulieOps' own tests assert (see SOURCE.md)."""

from __future__ import annotations

import pytest

from ktb_action.diagnostics import Diagnostic, Severity
from ktb_action.topology.build import build_topologies
from ktb_action.topology.load import load_paths
from ktb_action.topology.model import Topology
from ktb_action.validate.configure import apply_rule_settings
from ktb_action.validate.rules import run_rules
from tests.corpus import julie_settings, require_corpus

CORPUS = require_corpus()
EX = "example"
SRC = "src/test/resources"


def _read(path: str, plans: str | None = None) -> tuple[list[Topology], list[Diagnostic]]:
    settings = julie_settings(path, plans)
    loaded = load_paths([CORPUS / path], CORPUS)
    topologies, built = build_topologies(loaded.documents, settings, CORPUS)
    found = [*loaded.diagnostics, *built, *run_rules(topologies, settings, CORPUS)]
    return topologies, apply_rule_settings(found, settings)


ACCEPTED = [
    (f"{EX}/descriptor-connect.yaml", None),
    (f"{EX}/descriptor-ksql.yaml", None),
    (f"{EX}/descriptor-only-topics.yaml", None),
    (f"{EX}/descriptor-short.yaml", None),
    (f"{EX}/descriptor-with-constraints.yml", None),
    (f"{EX}/descriptor-with-metadata.yaml", None),
    (f"{EX}/descriptor-with-plans.yaml", f"{EX}/plans.yaml"),
    (f"{EX}/descriptor.yaml", None),
    (f"{EX}/dir_with_multiple", None),
    (f"{SRC}/acl-producer-and-consumer-it.yaml", None),
    (f"{SRC}/backwards-comp-descriptor.yaml", None),
    (f"{SRC}/descriptor-connector-alone-updated.yaml", None),
    (f"{SRC}/descriptor-connector-alone.yaml", None),
    (f"{SRC}/descriptor-ksql.yaml", None),
    (f"{SRC}/descriptor-only-conn.yaml", None),
    (f"{SRC}/descriptor-only-platform.yaml", None),
    (f"{SRC}/descriptor-only-topics.yaml", None),
    (f"{SRC}/descriptor-schemas-avro.yaml", None),
    (f"{SRC}/descriptor-schemas-json.yaml", None),
    (f"{SRC}/descriptor-schemas-utf.yaml", None),
    (f"{SRC}/descriptor-streams-only-read.yaml", None),
    (f"{SRC}/descriptor-with-others.yml", None),
    (f"{SRC}/descriptor-with-plans.yaml", f"{SRC}/plans.yaml"),
    (f"{SRC}/descriptor-with-quotasonly.yaml", None),
    (f"{SRC}/descriptor-with-rbac-topics.yaml", None),
    (f"{SRC}/descriptor-with-rbac.yaml", None),
    (f"{SRC}/descriptor-without-topics.yml", None),
    (f"{SRC}/descriptor.json", None),
    (f"{SRC}/dir", None),
    (f"{SRC}/dir_with_multiple", None),
    (f"{SRC}/dir_with_subdir", None),
]


@pytest.mark.parametrize(("path", "plans"), ACCEPTED)
def test_descriptor_julieops_accepts_builds_without_errors(path: str, plans: str | None) -> None:
    _, diagnostics = _read(path, plans)
    assert [d for d in diagnostics if d.severity is Severity.ERROR] == []


@pytest.mark.parametrize(
    ("path", "plans", "expected"),
    [
        (
            f"{EX}/descriptor-with-schemas.yaml",
            None,
            [("subject-strategy-multiple-schemas", 50, 13)],
        ),
        (f"{SRC}/descriptor-only-topics-utf.yaml", None, [("topic-name-invalid", 19, 15)]),
        (f"{SRC}/descriptor-streams-only-write.yaml", None, [("streams-no-read", 7, 20)]),
        (
            f"{SRC}/descriptor-with-invalid-plan.yaml",
            f"{SRC}/plans.yaml",
            [("plan-unknown", 10, 15)],
        ),
        (
            f"{SRC}/descriptor-with-plans.yaml",
            None,
            [("plan-unknown", 47, 15), ("plan-unknown", 49, 15), ("plan-unknown", 53, 15)],
        ),
    ],
)
def test_descriptor_julieops_rejects_fails_at_the_right_place(
    path: str, plans: str | None, expected: list[tuple[str, int, int]]
) -> None:
    _, diagnostics = _read(path, plans)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR and d.span]
    assert [(d.rule, d.span.line, d.span.column) for d in errors if d.span] == expected


def test_plan_values_merge_and_the_topics_own_config_wins() -> None:
    (topology,) = _read(f"{SRC}/descriptor-with-plans.yaml", f"{SRC}/plans.yaml")[0]
    topics = {t.name: t for t in topology.projects[0].topics}
    assert topics["fooBar"].config == (("bar", "3"), ("foo", "bar"))
    assert topics["barFooBar"].config == (("bar", "1"), ("foo", "bar"))
    assert topics["barFooBar"].replication_factor == 1


def test_backwards_compatible_descriptor_keeps_both_connectors() -> None:
    (topology,) = _read(f"{SRC}/backwards-comp-descriptor.yaml")[0]
    foo = topology.projects[0]
    assert [c.principal for c in foo.connectors] == ["User:Connect1", "User:Connect2"]


def test_platform_only_descriptor_has_no_projects_and_two_kafka_roles() -> None:
    (topology,) = _read(f"{SRC}/descriptor-only-platform.yaml")[0]
    assert topology.projects == ()
    assert [(c, [b.role for b in bs]) for c, bs in topology.platform.rbac] == [
        ("kafka", ["SecurityAdmin", "ClusterAdmin"])
    ]


def test_connector_only_descriptor_has_two_artefacts() -> None:
    (topology,) = _read(f"{SRC}/descriptor-only-conn.yaml")[0]
    assert [a.name for a in topology.projects[0].connector_artefacts] == [
        "source-jdbc",
        "sink-jdbc",
    ]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (f"{SRC}/dir", [("contextOrg", 4)]),
        (f"{SRC}/dir_with_subdir", [("contextOrg", 4)]),
        (f"{SRC}/dir_with_multiple", [("context2", 4), ("contextOrg", 4)]),
    ],
)
def test_directory_groups_build_one_topology_per_context(
    path: str, expected: list[tuple[str, int]]
) -> None:
    topologies, _ = _read(path)
    assert [(t.context, len(t.projects)) for t in topologies] == expected


def test_dir_with_multiple_keeps_julieops_header_order() -> None:
    topologies, _ = _read(f"{SRC}/dir_with_multiple")
    assert [[key for key, _ in t.headers] for t in topologies] == [
        ["source2", "foo2", "bar2"],
        ["source", "foo", "bar", "zet"],
    ]
