"""The JulieOps corpus through the whole pipeline: what JulieOps accepts, ktb accepts (no
errors); what it rejects, ktb rejects with the exact rule and place.

The corpus (real descriptors from kafka-ops/julie, MIT) lives outside the package; see its
SOURCE.md for what each file is. `KTB_JULIE_CORPUS` points elsewhere if needed.
"""

from __future__ import annotations

import pytest

from ktb_action.diagnostics import Severity
from ktb_action.pipeline import Reading, read_topologies
from ktb_action.settings import Settings
from tests.corpus import julie_settings, require_corpus

CORPUS = require_corpus()

COMPANIONS = frozenset(
    {
        "docs/topologies/descriptor.schema.json",
        "example/plans.yaml",
        "example/roles.yml",
        "src/test/resources/plans.yaml",
        "src/test/resources/roles.yaml",
        "src/test/resources/roles-goodTest.yaml",
        "src/test/resources/roles-rbac.yaml",
        "src/test/resources/roles-wrong.yaml",
    }
)
"""Plans, roles and the upstream schema: read with descriptors, never as descriptors."""

PLANS = {
    "example/descriptor-with-plans.yaml": "example/plans.yaml",
    "src/test/resources/descriptor-with-plans.yaml": "src/test/resources/plans.yaml",
    "src/test/resources/descriptor-with-invalid-plan.yaml": "src/test/resources/plans.yaml",
}

REJECTED: dict[str, list[tuple[str, int, int]]] = {
    "src/test/resources/descriptor-with-no-context.yaml": [
        ("schema-required", 2, 1),
        # `control_center` is indented under `schema_registry`: JulieOps ignores it silently.
        ("schema-unknown-key", 58, 5),
    ],
    # JulieOps' parser: "TopicNameStrategy is not a valid strategy when registering multiple
    # schemas" (`bar` has three, with no `subject.name.strategy`).
    "example/descriptor-with-schemas.yaml": [("subject-strategy-multiple-schemas", 50, 13)],
    "src/test/resources/descriptor-only-topics-utf.yaml": [("topic-name-invalid", 19, 15)],
    "src/test/resources/descriptor-streams-only-write.yaml": [("streams-no-read", 7, 20)],
    "src/test/resources/descriptor-with-invalid-plan.yaml": [("plan-unknown", 10, 15)],
}


def descriptors() -> list[str]:
    """Relative paths of the corpus descriptors (companion files left out)."""
    found = sorted(
        path.relative_to(CORPUS).as_posix()
        for path in CORPUS.rglob("*")
        if path.suffix in {".yaml", ".yml", ".json"}
        and not {"schemas", "connectors"} & set(path.relative_to(CORPUS).parts)
    )
    return [name for name in found if name not in COMPANIONS]


def _read(*names: str) -> Reading:
    plans = PLANS.get(names[0]) if len(names) == 1 else None
    return read_topologies(
        [CORPUS / name for name in names], CORPUS, julie_settings(names[0], plans)
    )


def _errors(reading: Reading) -> list[tuple[str, int, int]]:
    return [
        (d.rule, d.span.line if d.span else 0, d.span.column if d.span else 0)
        for d in reading.diagnostics
        if d.severity is Severity.ERROR
    ]


def test_corpus_holds_the_44_descriptors_source_md_lists() -> None:
    assert len(descriptors()) == 44


@pytest.mark.parametrize("name", [n for n in descriptors() if n not in REJECTED])
def test_corpus_descriptor_julieops_accepts_has_no_errors(name: str) -> None:
    reading = _read(name)
    assert _errors(reading) == []
    assert len(reading.topologies) == 1


@pytest.mark.parametrize(("name", "expected"), sorted(REJECTED.items()))
def test_corpus_descriptor_julieops_rejects_fails_at_the_exact_place(
    name: str, expected: list[tuple[str, int, int]]
) -> None:
    assert _errors(_read(name)) == expected


def test_corpus_made_up_plan_configs_julieops_passes_to_kafka_are_errors_by_default() -> None:
    settings = Settings(plans_file="src/test/resources/plans.yaml")
    reading = read_topologies(
        [CORPUS / "src/test/resources/descriptor-with-plans.yaml"], CORPUS, settings
    )
    assert [(d.rule, d.span.file if d.span else "") for d in reading.diagnostics] == [
        ("topic-config-unknown", "src/test/resources/descriptor-with-plans.yaml"),
        ("topic-config-unknown", "src/test/resources/plans.yaml"),
        ("topic-config-unknown", "src/test/resources/plans.yaml"),
    ]
    assert _errors(reading) == [
        ("topic-config-unknown", 55, 11),
        ("topic-config-unknown", 6, 7),
        ("topic-config-unknown", 7, 7),
    ]


def test_corpus_connector_label_julieops_does_not_know_fails_at_the_label() -> None:
    reading = read_topologies(
        [CORPUS / "src/test/resources/descriptor-only-conn.yaml"],
        CORPUS,
        Settings(connect_clusters=("connect:http://localhost:8083",)),
    )
    assert _errors(reading) == [("connector-cluster", 8, 19), ("connector-cluster", 11, 19)]


def test_corpus_descriptor_with_plans_fails_without_a_plans_file() -> None:
    reading = read_topologies([CORPUS / "example/descriptor-with-plans.yaml"], CORPUS, Settings())
    assert {rule for rule, *_ in _errors(reading)} == {"plan-unknown"}


@pytest.mark.parametrize(
    ("directory", "files", "contexts"),
    [
        (
            "src/test/resources/dir",
            ["descriptor-with-others.yml", "descriptor.yaml"],
            [("contextOrg", 4)],
        ),
        (
            "src/test/resources/dir_with_subdir",
            ["descriptor-with-others.yml", "descriptor.yaml"],
            [("contextOrg", 4)],
        ),
        (
            "src/test/resources/dir_with_multiple",
            [
                "0-descriptor-context2.yml",
                "1-descriptor-context2.yaml",
                "1-descriptor.yaml",
                "2-descriptor.yml",
            ],
            [("context2", 4), ("contextOrg", 4)],
        ),
        (
            "example/dir_with_multiple",
            [
                "0-descriptor-context2.yml",
                "1-descriptor-context2.yaml",
                "1-descriptor.yaml",
                "2-descriptor.yml",
            ],
            [("context2", 4), ("contextOrg", 4)],
        ),
    ],
)
def test_corpus_directory_groups_merge_per_context_without_errors(
    directory: str, files: list[str], contexts: list[tuple[str, int]]
) -> None:
    reading = _read(directory)
    assert reading.files == tuple(f"{directory}/{name}" for name in files)
    assert [(t.context, len(t.projects)) for t in reading.topologies] == contexts
    assert _errors(reading) == []
