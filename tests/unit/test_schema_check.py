"""The JSON Schema check: each kind of violation, as a diagnostic at the exact place."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from ktb_action.schema_path import schema_path
from tests.unit.conftest import schema_findings as _check

PROJECT = "context: c\nprojects:\n  - name: p\n"


def test_schema_is_a_valid_2020_12_schema() -> None:
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_describes_every_property() -> None:
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    undocumented: list[str] = []

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                if "description" not in sub:
                    undocumented.append(f"{where}.{name}")
            for key, sub in node.items():
                walk(sub, f"{where}/{key}")
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                walk(sub, f"{where}/{i}")

    walk(schema, "#")
    assert undocumented == []


def test_schema_accepts_a_full_topology() -> None:
    assert (
        _check(
            'context: "c"\n'
            'company: "acme"\n'
            "projects:\n"
            "  - name: p\n"
            "    admins:\n"
            '      - principal: "User:custom-role"\n'
            "    topics:\n"
            "      - name: t\n"
            '        partitions: "3"\n'
            "        replication.factor: 3\n"
            "        config: {retention.ms: 1000, cleanup.policy: compact, x: true}\n"
            "        metadata: {owner: {team: a}}\n"
            "    producers:\n"
            '      - {principal: "User:p", idempotence: "true"}\n'
            "    connectors:\n"
            "      access_control:\n"
            "      artifacts:\n"
            "        - {path: c.json, server: connect, name: c}\n"
            "platform:\n"
            "  kafka:\n"
            "    quotas:\n"
            '      - {principal: "User:q", request_percentage: 50.0, producer_byte_rate: "1024"}\n'
            "  ksql:\n"
            "    instances:\n"
            "      - {principal: User:k, ksqlDbId: k1, owner: User:o}\n"
        )
        == []
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "projects: []\n",
            (
                "schema-required",
                1,
                1,
                "missing required key `context` in the document",
                "add `context:`",
            ),
        ),
        (
            "company: acme\ncontex: c\n",
            (
                "schema-required",
                2,
                1,
                "missing required key `context` in the document",
                "rename `contex` to `context`",
            ),
        ),
        (
            "context: c\nprojects:\n  - topics: []\n",
            ("schema-required", 3, 5, "missing required key `name` in `projects`", "add `name:`"),
        ),
        (
            PROJECT + "    topics:\n      - name: t\n        partitons: 3\n",
            (
                "schema-unknown-key",
                6,
                9,
                "unknown key `partitons` in `topics`",
                "did you mean `partitions`?",
            ),
        ),
        (
            "context: c\nplatform:\n  kafka:\n    zzz: 1\n",
            (
                "schema-unknown-key",
                4,
                5,
                "unknown key `zzz` in `kafka`",
                "expected one of `acls`, `quotas`, `rbac`, `users`",
            ),
        ),
        (
            "context: c\nprojets: []\n",
            ("schema-unknown-key", 2, 1, "unknown key `projets`", "did you mean `projects`?"),
        ),
        (
            "context: c\nprojects:\n  - name: 2024\n",
            (
                "schema-type",
                3,
                11,
                "`name` must be a string, found the number `2024`",
                'quote the value: `"2024"`',
            ),
        ),
        (
            "context: c\nprojects: {name: p}\n",
            ("schema-type", 2, 11, "`projects` must be a list, found a mapping", None),
        ),
        (
            PROJECT + "    producers:\n      - {principal: a, idempotence: maybe}\n",
            (
                "schema-type",
                5,
                37,
                "`idempotence` must be a boolean, found `maybe`",
                "write `true` or `false`",
            ),
        ),
        (
            PROJECT + "    streams:\n      - principal: a\n        topics: {read: x}\n",
            (
                "schema-type",
                6,
                24,
                "`read` must be a list, found `x`",
                "write a list, e.g. `[x]`",
            ),
        ),
        (
            "- context: c\n",
            ("schema-type", 1, 1, "the document must be a mapping, found a list", None),
        ),
        (
            PROJECT + "    topics:\n      - name: t\n"
            "        schemas: {value.schema.file: v.avsc, value.format: avro}\n",
            (
                "schema-enum",
                6,
                60,
                "`value.format` has an unknown value `avro`",
                "did you mean `AVRO`?",
            ),
        ),
        (
            PROJECT + "    topics:\n      - name: t\n"
            "        subject.name.strategy: TopicNameStrateg\n",
            (
                "schema-enum",
                6,
                32,
                "`subject.name.strategy` has an unknown value `TopicNameStrateg`",
                "did you mean `TopicNameStrategy`?",
            ),
        ),
    ],
)
def test_schema_check_reports_one_diagnostic_at_the_exact_place(
    text: str, expected: tuple[str, int, int, str, str | None]
) -> None:
    assert _check(text) == [expected]


def test_schema_check_leaves_a_misspelt_project_key_to_the_model_builder() -> None:
    # `project-unknown-key` (build.py) reports it once, knowing the roles file.
    assert _check(PROJECT + "    topcis:\n      - name: t\n") == []


def test_schema_check_collapses_one_of_into_the_fitting_alternative() -> None:
    text = PROJECT + "    connectors:\n      - principal: a\n        grp: g\n"
    assert _check(text) == [
        (
            "schema-unknown-key",
            6,
            9,
            "unknown key `grp` in `connectors`",
            "did you mean `group`?",
        )
    ]


def test_schema_check_reports_every_error_not_just_the_first() -> None:
    text = "context: c\nx: [1]\nprojects:\n  - name: 1\n  - name: p\n    bogus_key_zz: 1\n"
    assert sorted((rule, line) for rule, line, *_ in _check(text)) == [
        ("schema-type", 2),
        ("schema-type", 4),
        ("schema-type", 6),
    ]


@pytest.mark.parametrize("value", ['"1"', "1", "true", '"true"', "1.5"])
def test_schema_accepts_config_values_quoted_or_not(value: str) -> None:
    text = PROJECT + f"    topics:\n      - name: t\n        config: {{k: {value}}}\n"
    assert _check(text) == []


@pytest.mark.parametrize("key", ["topics", "consumers", "producers", "streams", "connectors"])
def test_schema_accepts_empty_project_lists(key: str) -> None:
    assert _check(PROJECT + f"    {key}:\n") == []


REFERENCES = (
    PROJECT + "    topics:\n      - name: t\n        schemas:\n"
    "          value.schema.file: o.avsc\n          value.references:\n"
)


def test_schema_accepts_references_with_or_without_a_version() -> None:
    text = REFERENCES + (
        "            - {name: com.acme.A, subject: a-value, version: 2}\n"
        "            - {name: com.acme.B, subject: b-value}\n"
    )
    assert _check(text) == []


def test_a_reference_without_a_subject_is_a_finding_at_the_reference() -> None:
    [(rule, line, *_)] = _check(REFERENCES + "            - {name: com.acme.A}\n")
    assert (rule, line) == ("schema-required", 9)
