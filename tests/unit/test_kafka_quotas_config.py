"""The client settings ktb resolves become kafka-python's options for the quota adapter."""

from __future__ import annotations

from pathlib import Path

import pytest

from ktb_action.errors import UsageError
from ktb_action.kafka.config import ConnectionOptions, resolve_client_config
from ktb_action.kafka.quotas import kafka_python_options


def _options_from_properties(tmp_path: Path, text: str) -> dict[str, object]:
    """kafka-python options for a Java client .properties file, as a run resolves it."""
    path = tmp_path / "client.properties"
    path.write_text(text, encoding="utf-8")
    config = resolve_client_config(ConnectionOptions(client_config=path), {})
    return kafka_python_options(config.as_dict())


def test_sasl_plain_properties_become_kafka_python_sasl_options(tmp_path: Path) -> None:
    assert _options_from_properties(
        tmp_path,
        "bootstrap.servers=k1:9092,k2:9092\nsecurity.protocol=SASL_PLAINTEXT\n"
        "sasl.mechanism=PLAIN\nclient.id=ktb\n"
        "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
        'username="alice" password="s3cret";\n',
    ) == {
        "bootstrap_servers": "k1:9092,k2:9092",
        "security_protocol": "SASL_PLAINTEXT",
        "sasl_mechanism": "PLAIN",
        "client_id": "ktb",
        "sasl_plain_username": "alice",
        "sasl_plain_password": "s3cret",
    }


@pytest.mark.parametrize("mechanism", ["SCRAM-SHA-256", "SCRAM-SHA-512"])
def test_scram_over_tls_with_pem_files_becomes_kafka_python_options(
    tmp_path: Path, mechanism: str
) -> None:
    assert _options_from_properties(
        tmp_path,
        f"bootstrap.servers=k:9093\nsecurity.protocol=SASL_SSL\nsasl.mechanism={mechanism}\n"
        "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required "
        'username="bob" password="pw";\n'
        "ssl.truststore.type=PEM\nssl.truststore.location=/etc/kafka/ca.pem\n"
        "ssl.keystore.type=PEM\nssl.keystore.location=/etc/kafka/client.pem\n"
        "ssl.key.password=kp\nssl.endpoint.identification.algorithm=\n",
    ) == {
        "bootstrap_servers": "k:9093",
        "security_protocol": "SASL_SSL",
        "sasl_mechanism": mechanism,
        "sasl_plain_username": "bob",
        "sasl_plain_password": "pw",
        "ssl_cafile": "/etc/kafka/ca.pem",
        "ssl_certfile": "/etc/kafka/client.pem",
        "ssl_keyfile": "/etc/kafka/client.pem",
        "ssl_password": "kp",
        "ssl_check_hostname": False,
    }


def test_connection_tuning_in_milliseconds_carries_over_and_librdkafka_debug_is_dropped() -> None:
    assert kafka_python_options(
        {
            "bootstrap.servers": "k:9092",
            "reconnect.backoff.ms": "100",
            "metadata.max.age.ms": "60000",
            "ssl.endpoint.identification.algorithm": "https",
            "debug": "broker,security",
            "socket.timeout.ms": "5000",
        }
    ) == {
        "bootstrap_servers": "k:9092",
        "reconnect_backoff_ms": 100,
        "metadata_max_age_ms": 60000,
        "ssl_check_hostname": True,
    }


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            {"sasl.mechanism": "GSSAPI"},
            "client setting `sasl.mechanism` is not supported for client quotas (kafka-python)",
        ),
        (
            {"sasl.kerberos.service.name": "kafka"},
            "client setting `sasl.kerberos.service.name` is not supported for client quotas "
            "(kafka-python)",
        ),
        (
            {"enable.ssl.certificate.verification": "false"},
            "client setting `enable.ssl.certificate.verification` is not supported for client "
            "quotas (kafka-python)",
        ),
        (
            {"retry.backoff.ms": "soon"},
            "client setting `retry.backoff.ms` is not a whole number of milliseconds",
        ),
    ],
)
def test_settings_kafka_python_cannot_honour_are_one_usage_error_naming_the_setting(
    settings: dict[str, str], message: str
) -> None:
    with pytest.raises(UsageError) as raised:
        kafka_python_options({"bootstrap.servers": "k:9092", **settings})
    assert raised.value.message == message
    assert raised.value.hint


def test_certificate_verification_left_on_needs_no_option() -> None:
    options = {"bootstrap.servers": "k:9092", "enable.ssl.certificate.verification": "true"}
    assert kafka_python_options(options) == {"bootstrap_servers": "k:9092"}
