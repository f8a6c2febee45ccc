"""JKS and PKCS12 stores made with keytool log in on the dev broker's mutual-TLS listener as the
certificate's subject, and ACLs on that principal decide what the client may see."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from confluent_kafka.admin import (
    AclBinding,
    AclBindingFilter,
    AclOperation,
    AclPermissionType,
    AdminClient,
    NewTopic,
    ResourcePatternType,
    ResourceType,
)

from ktb_action.devkafka.tls import TlsFiles
from ktb_action.kafka.admin import connect, request
from ktb_action.kafka.config import ConnectionOptions, resolve_client_config
from tests.kafka_fixture import REQUEST_TIMEOUT_S, KafkaCluster, unavailable, unique_name, wait_for
from tests.tls_support import JavaStores, make_stores

pytestmark = pytest.mark.integration


@pytest.fixture
def topic(kafka: KafkaCluster) -> Iterator[str]:
    """A fresh topic, deleted afterwards."""
    name = unique_name("mtls")
    admin = AdminClient(kafka.admin_config)
    for future in admin.create_topics([NewTopic(name, 1, 1)]).values():
        future.result(timeout=REQUEST_TIMEOUT_S)
    yield name
    admin.delete_topics([name])
    any_acl = AclBindingFilter(
        ResourceType.TOPIC, name, ResourcePatternType.LITERAL, None, None,
        AclOperation.ANY, AclPermissionType.ANY,
    )  # fmt: skip
    admin.delete_acls([any_acl])


def _ssl_listener(kafka: KafkaCluster) -> tuple[str, TlsFiles]:
    if "ssl_bootstrap" not in kafka.info:
        unavailable("the mutual-TLS tests need the dev broker's SSL listener", {})
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
    kafka: KafkaCluster, topic: str, tmp_path: Path, case: tuple[str, str, str]
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

    def topic_error() -> str | None:
        metadata = request(session, "list_topics", "describe", topic, topic=topic, timeout=10)
        error = metadata.topics[topic].error
        return None if error is None else str(error.name())

    assert topic_error() == "TOPIC_AUTHORIZATION_FAILED"
    grant = AclBinding(
        ResourceType.TOPIC, topic, ResourcePatternType.LITERAL, f"User:CN={name}", "*",
        AclOperation.DESCRIBE, AclPermissionType.ALLOW,
    )  # fmt: skip
    admin = AdminClient(kafka.admin_config)
    for future in admin.create_acls([grant]).values():
        future.result(timeout=REQUEST_TIMEOUT_S)
    wait_for(lambda: topic_error() is None, f"DESCRIBE granted to User:CN={name} has no effect")
