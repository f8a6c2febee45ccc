"""The pure parts of `tests/kafka_fixture.py`: client config parsing and the CI rule."""

from __future__ import annotations

import pytest

from tests.kafka_fixture import (
    KafkaCluster,
    client_config_from_properties,
    in_ci,
    parse_properties,
    scram_client_config,
    unique_name,
)

JAAS = (
    "org.apache.kafka.common.security.plain.PlainLoginModule required "
    'username="admin" password="s3=cr:et";'
)


def test_parse_properties_reads_key_value_lines_and_skips_comments() -> None:
    text = (
        "# comment\n! also a comment\n\n"
        "security.protocol = SASL_SSL\nsasl.mechanism:PLAIN\n"
        f"sasl.jaas.config={JAAS}\n"
    )

    assert parse_properties(text) == {
        "security.protocol": "SASL_SSL",
        "sasl.mechanism": "PLAIN",
        "sasl.jaas.config": JAAS,
    }


def test_client_config_takes_protocol_mechanism_and_jaas_credentials() -> None:
    properties = {
        "security.protocol": "SASL_PLAINTEXT",
        "sasl.mechanism": "PLAIN",
        "sasl.jaas.config": JAAS,
        "client.id": "ignored",
    }

    assert client_config_from_properties("h:1", properties) == {
        "bootstrap.servers": "h:1",
        "security.protocol": "SASL_PLAINTEXT",
        "sasl.mechanism": "PLAIN",
        "sasl.username": "admin",
        "sasl.password": "s3=cr:et",
    }


def test_client_config_without_properties_is_plaintext_without_credentials() -> None:
    assert client_config_from_properties("h:1", {}) == {"bootstrap.servers": "h:1"}


@pytest.mark.parametrize(
    ("admin_protocol", "user_protocol"),
    [("SASL_PLAINTEXT", "SASL_PLAINTEXT"), ("SASL_SSL", "SASL_SSL"), ("SSL", "SASL_SSL")],
)
def test_scram_user_config_keeps_transport_and_swaps_the_sasl_identity(
    admin_protocol: str, user_protocol: str
) -> None:
    cluster = KafkaCluster(
        bootstrap="h:1",
        admin_config={
            "bootstrap.servers": "h:1",
            "security.protocol": admin_protocol,
            "sasl.mechanism": "PLAIN",
            "sasl.username": "admin",
            "sasl.password": "x",
        },
        plaintext_bootstrap=None,
        info={},
    )

    assert scram_client_config(cluster, "alice", "pw") == {
        "bootstrap.servers": "h:1",
        "security.protocol": user_protocol,
        "sasl.mechanism": "SCRAM-SHA-512",
        "sasl.username": "alice",
        "sasl.password": "pw",
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("TRUE", True), ("1", True), ("false", False), ("", False)],
)
def test_in_ci_follows_the_ci_variable(value: str, expected: bool) -> None:
    assert in_ci({"CI": value}) is expected


def test_unique_names_differ_and_keep_the_prefix() -> None:
    first, second = unique_name("topic"), unique_name("topic")

    assert first != second
    assert first.startswith("topic-")
    assert len(first) == len("topic-") + 10
