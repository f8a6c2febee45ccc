"""JKS and PKCS12 stores made with keytool log in on the dev broker's mutual-TLS listener as the
certificate's subject, and ACLs on that principal decide what the client may see."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ktb_action.devkafka.tls import TlsFiles
from ktb_action.kafka.admin import connect
from ktb_action.kafka.config import ConnectionOptions, resolve_client_config
from tests.acl_support import grant_describe_and_wait, topic_error
from tests.kafka_fixture import KafkaCluster, unavailable, unique_name
from tests.tls_support import JavaStores, make_stores

pytestmark = pytest.mark.integration


def _ssl_listener(kafka: KafkaCluster) -> tuple[str, TlsFiles]:
    if "ssl_bootstrap" not in kafka.info:
        unavailable("the mutual-TLS tests need the dev broker's SSL listener", os.environ)
    return kafka.info["ssl_bootstrap"], TlsFiles(Path(kafka.info["tls_ca_certificate"]).parent)


def _properties(bootstrap: str, stores: JavaStores, with_passwords: bool) -> str:
    lines = [
        f"bootstrap.servers={bootstrap}",
        "security.protocol=SSL",
        f"ssl.keystore.type={stores.keystore_type}",
        f"ssl.keystore.location={stores.keystore}",
        f"ssl.truststore.type={stores.truststore_type}",
        f"ssl.truststore.location={stores.truststore}",
    ]
    if with_passwords:
        lines += [
            f"ssl.keystore.password={stores.keystore_password}",
            f"ssl.key.password={stores.key_password}",
            f"ssl.truststore.password={stores.truststore_password}",
        ]
    return "\n".join(lines) + "\n"


def _password_env(stores: JavaStores) -> dict[str, str]:
    return {
        "KTB_KAFKA_SSL_KEYSTORE_PASSWORD": stores.keystore_password,
        "KTB_KAFKA_SSL_KEY_PASSWORD": stores.key_password,
        "KTB_KAFKA_SSL_TRUSTSTORE_PASSWORD": stores.truststore_password,
    }


@pytest.mark.parametrize(
    "case",
    [("JKS", "PKCS12", "passwords in the file"), ("PKCS12", "JKS", "passwords from KTB_KAFKA_*")],
    ids="-".join,
)
def test_java_keystores_log_in_over_mutual_tls_and_acls_apply_to_the_certificate_subject(
    kafka: KafkaCluster, guarded_topic: str, tmp_path: Path, case: tuple[str, str, str]
) -> None:
    keystore_type, truststore_type, where = case
    passwords_in_file = where == "passwords in the file"
    bootstrap, ca = _ssl_listener(kafka)
    name = unique_name("mtls-client")
    stores = make_stores(tmp_path, name, ca, keystore_type, truststore_type)
    properties = tmp_path / "client.properties"
    properties.write_text(_properties(bootstrap, stores, passwords_in_file), encoding="utf-8")
    env = {} if passwords_in_file else _password_env(stores)
    config = resolve_client_config(ConnectionOptions(client_config=properties), env)
    session = connect(config)

    assert topic_error(session, guarded_topic) == "TOPIC_AUTHORIZATION_FAILED"
    grant_describe_and_wait(kafka, session, guarded_topic, f"User:CN={name}")
