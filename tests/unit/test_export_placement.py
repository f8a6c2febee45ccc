"""Where exported subjects and connectors go: schema entries and files on their topics,
connector files with their secrets replaced by references."""

from __future__ import annotations

import json
from pathlib import Path

from ktb_action.commands.export import summary
from ktb_action.export.connectors import PlacedConnectors, Withheld, place_connectors
from ktb_action.export.layout import lay_out
from ktb_action.export.request import ExportResult
from ktb_action.export.roles import Grants
from ktb_action.export.schemas import SchemaEntry, SchemaPart, place_subjects
from ktb_action.kinds.connectors.values import ConnectorSpec
from ktb_action.kinds.subjects.export import RegisteredSubject
from ktb_action.kinds.subjects.port import Latest
from ktb_action.kinds.topics.values import TopicSpec

LAYOUT = lay_out([TopicSpec("s.p.orders", 1, 1), TopicSpec("flat", 1, 1)], ".", None)
PROTO = 'syntax = "proto3";\nmessage Order { string id = 1; }'


def _subject(name: str, schema: str = '"string"', kind: str = "AVRO") -> RegisteredSubject:
    return RegisteredSubject(Latest(name, 1, schema, kind))


def test_a_key_of_the_value_s_type_shares_the_topic_s_one_entry() -> None:
    placed = place_subjects(
        {name: _subject(name) for name in ("s.p.orders-key", "s.p.orders-value")}, LAYOUT
    )

    assert placed.entries == {
        "s.p.orders": [
            SchemaEntry(
                "AVRO",
                (
                    SchemaPart("key", "schemas/s.p.orders-key.avsc", None, ()),
                    SchemaPart("value", "schemas/s.p.orders-value.avsc", None, ()),
                ),
            )
        ]
    }
    assert placed.left_out == []


def test_a_key_of_another_type_than_its_value_is_left_out_with_the_reason() -> None:
    placed = place_subjects(
        {
            "s.p.orders-key": _subject("s.p.orders-key"),
            "s.p.orders-value": _subject("s.p.orders-value", PROTO, "PROTOBUF"),
        },
        LAYOUT,
    )

    assert placed.entries == {
        "s.p.orders": [
            SchemaEntry(
                "PROTOBUF", (SchemaPart("value", "schemas/s.p.orders-value.proto", None, ()),)
            )
        ]
    }
    assert placed.files == {"schemas/s.p.orders-value.proto": PROTO}
    assert placed.left_out == [
        ("s.p.orders-key", "its type (AVRO) is not its value's (PROTOBUF), and a `schemas` "
         "entry has one type for both (`value.format`)"),
    ]  # fmt: skip


def test_a_key_without_a_value_subject_is_left_out_with_the_reason() -> None:
    placed = place_subjects({"s.p.orders-key": _subject("s.p.orders-key")}, LAYOUT)

    assert (placed.entries, placed.files) == ({}, {})
    assert placed.left_out == [
        ("s.p.orders-key", "a `schemas` entry needs a `value.schema.file`, and the topic has "
         "no value subject"),
    ]  # fmt: skip


def test_subjects_no_project_topic_holds_are_left_out_with_the_reason() -> None:
    placed = place_subjects(
        {name: _subject(name) for name in ("flat-value", "gone-value", "com.acme.Order")}, LAYOUT
    )

    assert (placed.entries, placed.files) == ({}, {})
    assert placed.left_out == [
        ("com.acme.Order", "not named `<topic>-key` or `<topic>-value`: its topic is unknown"),
        ("flat-value", "topic `flat` is a special topic, and subjects are declared on project "
         "topics only"),
        ("gone-value", "topic `gone` is not exported"),
    ]  # fmt: skip


def test_a_literal_secret_becomes_an_env_reference_and_a_reference_stays_as_written() -> None:
    spec = ConnectorSpec(
        "dev",
        "s.p.db-sink",
        {
            "name": "s.p.db-sink",
            "topics": "s.p.orders",
            "connection.password": "hunter2",
            "connection.user": "${file:/secrets/db.properties:user}",
            "connector.class": "JdbcSinkConnector",
        },
        "stopped",
        config_types={"connection.password": "PASSWORD", "connection.user": "PASSWORD"},
    )

    placed = place_connectors({spec.address: spec})

    variable = "CONNECT_DEV_S_P_DB_SINK_CONNECTION_PASSWORD"
    assert placed.withheld == [Withheld("dev/s.p.db-sink", "connection.password", variable)]
    text = placed.files["connectors/dev/s.p.db-sink.json"]
    assert list(json.loads(text).items()) == [
        ("name", "s.p.db-sink"),
        ("state", "stopped"),
        (
            "config",
            {
                "connector.class": "JdbcSinkConnector",
                "connection.password": f"${{env:{variable}}}",
                "connection.user": "${file:/secrets/db.properties:user}",
                "topics": "s.p.orders",
            },
        ),
    ]
    assert "hunter2" not in text


def test_connectors_whose_names_are_no_file_names_never_share_a_file() -> None:
    names = ["a/b", "a_b", "..", "a b"]
    specs = [ConnectorSpec("dev", name, {"connector.class": "C"}) for name in names]

    placed = place_connectors({spec.address: spec for spec in specs})

    paths = [a.path for a in placed.artefacts]
    assert len(set(paths)) == len(names)
    assert "connectors/dev/a_b.json" in paths
    assert all(p.startswith("connectors/dev/") and p.count("/") == 2 for p in paths)


def test_subject_and_connector_names_in_the_summary_cannot_start_a_line() -> None:
    hostile = "evil\n::error::owned\x1b[31m"
    result = ExportResult(
        files=[],
        layout=LAYOUT,
        grants=Grants(),
        topics=0,
        users=0,
        quotas=0,
        schemas=place_subjects({hostile: _subject(hostile)}, LAYOUT),
        connectors=PlacedConnectors(withheld=[Withheld(hostile, "password", "CONNECT_X")]),
        warnings=[],
    )

    lines = summary(result, Path("out")).splitlines()

    assert [line for line in lines if line.startswith("::")] == []
    assert (
        "  `evil\\n::error::owned<U+001B>[31m`: not named `<topic>-key` or `<topic>-value`: "
        "its topic is unknown" in lines
    )
    assert "  `evil\\n::error::owned<U+001B>[31m` `password`: CONNECT_X" in lines
