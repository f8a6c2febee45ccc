"""The pure parts of `tests/kafka_fixture.py`: which cluster, user configs, the CI rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kafka_fixture import (
    KafkaCluster,
    cluster_from_env,
    in_ci,
    scram_client_config,
    unique_name,
)

JAAS = (
    "org.apache.kafka.common.security.plain.PlainLoginModule required "
    'username="admin" password="s3=cr:et";'
)


def test_cluster_from_env_translates_the_client_properties_file(tmp_path: Path) -> None:
    properties = tmp_path / "client.properties"
    properties.write_text(
        f"security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config={JAAS}\n",
        encoding="utf-8",
    )

    cluster = cluster_from_env(
        {"KTB_TEST_BOOTSTRAP": "h:1", "KTB_TEST_CLIENT_CONFIG": str(properties)}
    )

    assert cluster == KafkaCluster(
        bootstrap="h:1",
        admin_config={
            "bootstrap.servers": "h:1",
            "security.protocol": "SASL_PLAINTEXT",
            "sasl.mechanism": "PLAIN",
            "sasl.username": "admin",
            "sasl.password": "s3=cr:et",
        },
        plaintext_bootstrap=None,
        info={},
    )


def test_cluster_from_env_without_properties_is_plaintext_without_credentials() -> None:
    cluster = cluster_from_env({"KTB_TEST_BOOTSTRAP": "h:1"})

    assert cluster is not None
    assert cluster.admin_config == {"bootstrap.servers": "h:1"}


def test_no_test_bootstrap_variable_means_no_env_cluster() -> None:
    assert cluster_from_env({}) is None


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
