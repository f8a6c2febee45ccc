"""Client configuration: Java .properties and KTB_KAFKA_* variables become librdkafka settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from ktb_action.errors import UsageError
from ktb_action.kafka.config import (
    ClientConfig,
    ConnectionOptions,
    env_overrides,
    parse_properties,
    resolve_client_config,
    translate_properties,
)

PLAIN_JAAS = (
    "org.apache.kafka.common.security.plain.PlainLoginModule required "
    'username="alice" password="s3cr=t;x";'
)
SCRAM_JAAS = (
    'org.apache.kafka.common.security.scram.ScramLoginModule required username="bob" password="pw";'
)


def test_properties_parser_reads_separators_comments_continuations_and_escapes() -> None:
    text = (
        "# comment\n"
        "! also a comment\n"
        "a=1\n"
        "b : 2\n"
        "c 3\n"
        "d=long \\\n"
        "   value\n"
        "e=tab\\there\n"
        "f\\:g=h\n"
        "u=\\u00e9\n"
    )
    assert parse_properties(text) == {
        "a": "1",
        "b": "2",
        "c": "3",
        "d": "long value",
        "e": "tab\there",
        "f:g": "h",
        "u": "é",
    }


def test_plain_jaas_config_becomes_username_and_password() -> None:
    props = {
        "security.protocol": "SASL_PLAINTEXT",
        "sasl.mechanism": "PLAIN",
        "sasl.jaas.config": PLAIN_JAAS,
    }
    assert translate_properties(props, "client.properties") == {
        "security.protocol": "SASL_PLAINTEXT",
        "sasl.mechanism": "PLAIN",
        "sasl.username": "alice",
        "sasl.password": "s3cr=t;x",
    }


def test_scram_jaas_config_becomes_username_and_password() -> None:
    props = {"sasl.mechanism": "SCRAM-SHA-512", "sasl.jaas.config": SCRAM_JAAS}
    assert translate_properties(props, "c")["sasl.username"] == "bob"


def test_pem_truststore_and_keystore_map_to_librdkafka_locations() -> None:
    props = {
        "ssl.truststore.type": "PEM",
        "ssl.truststore.location": "/certs/ca.pem",
        "ssl.keystore.type": "PEM",
        "ssl.keystore.location": "/certs/client.pem",
        "ssl.key.password": "k",
    }
    assert translate_properties(props, "c") == {
        "ssl.ca.location": "/certs/ca.pem",
        "ssl.certificate.location": "/certs/client.pem",
        "ssl.key.location": "/certs/client.pem",
        "ssl.key.password": "k",
    }


@pytest.mark.parametrize(
    ("props", "message"),
    [
        ({"key.serializer": "x"}, "c: unknown or untranslatable client property `key.serializer`"),
        (
            {"ssl.truststore.location": "/t.bks", "ssl.truststore.type": "BKS"},
            "c: `ssl.truststore.type=BKS` is not a store type ktb can read",
        ),
        (
            {"sasl.jaas.config": "com.example.Custom required a=1;"},
            "c: `sasl.jaas.config` uses `com.example.Custom`, which ktb cannot translate",
        ),
        (
            {"sasl.mechanism": "SCRAM-SHA-512", "sasl.jaas.config": PLAIN_JAAS},
            "c: `sasl.mechanism=SCRAM-SHA-512` does not go with `PlainLoginModule`",
        ),
        ({"security.protocol": "TLS"}, "c: `security.protocol` is `TLS`"),
    ],
)
def test_untranslatable_properties_are_usage_errors_naming_the_property(
    props: dict[str, str], message: str
) -> None:
    with pytest.raises(UsageError) as raised:
        translate_properties(props, "c")
    assert raised.value.message == message


def test_jaas_errors_never_contain_the_password() -> None:
    jaas = 'org.apache.kafka.common.security.plain.PlainLoginModule required password="hunter2";'
    with pytest.raises(UsageError) as raised:
        translate_properties({"sasl.jaas.config": jaas}, "c")
    assert "hunter2" not in f"{raised.value.message} {raised.value.hint}"


def test_env_variables_name_librdkafka_settings() -> None:
    env = {"KTB_KAFKA_SASL_PASSWORD": "pw", "KTB_KAFKA_SSL_CA_LOCATION": "/ca.pem", "HOME": "/"}
    assert env_overrides(env) == {"sasl.password": "pw", "ssl.ca.location": "/ca.pem"}


def test_unknown_env_variable_is_a_usage_error_naming_it() -> None:
    with pytest.raises(UsageError) as raised:
        env_overrides({"KTB_KAFKA_NOPE": "1"})
    assert raised.value.message == (
        "environment variable `KTB_KAFKA_NOPE` names no supported client setting (`nope`)"
    )


def test_env_overrides_file_and_bootstrap_option_overrides_both(tmp_path: Path) -> None:
    props = tmp_path / "client.properties"
    props.write_text(
        "bootstrap.servers=file:9092\nsecurity.protocol=SASL_PLAINTEXT\n"
        f"sasl.mechanism=PLAIN\nsasl.jaas.config={PLAIN_JAAS}\n",
        encoding="utf-8",
    )
    config = resolve_client_config(
        ConnectionOptions(bootstrap_servers="cli:9092", client_config=props),
        {"KTB_KAFKA_SASL_PASSWORD": "from-env"},
    )
    assert config.as_dict() == {
        "bootstrap.servers": "cli:9092",
        "security.protocol": "SASL_PLAINTEXT",
        "sasl.mechanism": "PLAIN",
        "sasl.username": "alice",
        "sasl.password": "from-env",
    }


def test_missing_bootstrap_servers_is_a_usage_error() -> None:
    with pytest.raises(UsageError) as raised:
        resolve_client_config(ConnectionOptions(), {})
    assert raised.value.message == "no Kafka bootstrap servers given"


def test_unreadable_client_config_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as raised:
        resolve_client_config(ConnectionOptions(client_config=tmp_path / "nope.properties"), {})
    assert raised.value.message == (
        f"cannot read client config `{tmp_path / 'nope.properties'}`: No such file or directory"
    )


def test_client_config_text_form_redacts_every_secret() -> None:
    config = ClientConfig(
        {"bootstrap.servers": "b:1", "sasl.password": "pw1", "ssl.key.password": "pw2"}
    )
    assert repr(config) == (
        "ClientConfig({'bootstrap.servers': 'b:1', 'sasl.password': '[redacted]', "
        "'ssl.key.password': '[redacted]'})"
    )
    assert "pw" not in str(config).replace("password", "")


def test_dev_broker_variables_are_not_client_settings() -> None:
    env = {"KTB_DEVKAFKA_STATE": "/s", "KTB_DEVKAFKA_CACHE": "/c", "KTB_DEVKAFKA_HEAP": "3g"}
    assert env_overrides(env) == {}


OIDC_HANDLER = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler"
OAUTH_JAAS = (
    "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required "
    'clientId="ktb-ci" clientSecret="oidc-s3cret" scope="kafka" extension_logicalCluster="lkc-1";'
)


def test_oidc_client_credentials_become_librdkafka_oidc_settings() -> None:
    props = {
        "security.protocol": "SASL_SSL",
        "sasl.mechanism": "OAUTHBEARER",
        "sasl.oauthbearer.token.endpoint.url": "https://idp.example/token",
        "sasl.login.callback.handler.class": OIDC_HANDLER,
        "sasl.jaas.config": OAUTH_JAAS,
    }
    assert translate_properties(props, "c") == {
        "security.protocol": "SASL_SSL",
        "sasl.mechanism": "OAUTHBEARER",
        "sasl.oauthbearer.method": "oidc",
        "sasl.oauthbearer.token.endpoint.url": "https://idp.example/token",
        "sasl.oauthbearer.client.id": "ktb-ci",
        "sasl.oauthbearer.client.secret": "oidc-s3cret",
        "sasl.oauthbearer.scope": "kafka",
        "sasl.oauthbearer.extensions": "logicalCluster=lkc-1",
    }


def test_kafka_3_package_of_the_oidc_login_handler_is_accepted_too() -> None:
    props = {
        "sasl.mechanism": "OAUTHBEARER",
        "sasl.oauthbearer.token.endpoint.url": "https://idp.example/token",
        "sasl.login.callback.handler.class": (
            "org.apache.kafka.common.security.oauthbearer.secured.OAuthBearerLoginCallbackHandler"
        ),
        "sasl.jaas.config": OAUTH_JAAS,
    }
    assert translate_properties(props, "c")["sasl.oauthbearer.method"] == "oidc"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"sasl.login.callback.handler.class": None},
            "c: `sasl.mechanism=OAUTHBEARER` with no `sasl.login.callback.handler.class`: ktb "
            "supports OAuth through OIDC client credentials only (unsecured JWTs are for "
            "Kafka's own tests)",
        ),
        (
            {"sasl.oauthbearer.token.endpoint.url": None},
            "c: `sasl.mechanism=OAUTHBEARER` needs `sasl.oauthbearer.token.endpoint.url`",
        ),
        (
            {"sasl.jaas.config": OAUTH_JAAS.replace('clientSecret="oidc-s3cret" ', "")},
            "c: `sasl.jaas.config` has no `clientSecret` for OAUTHBEARER",
        ),
        (
            {"sasl.mechanism": "PLAIN"},
            "c: `sasl.mechanism=PLAIN` does not go with `OAuthBearerLoginModule`",
        ),
    ],
)
def test_incomplete_oauthbearer_configs_are_one_error_naming_the_property(
    change: dict[str, str | None], message: str
) -> None:
    props = {
        "sasl.mechanism": "OAUTHBEARER",
        "sasl.oauthbearer.token.endpoint.url": "https://idp.example/token",
        "sasl.login.callback.handler.class": OIDC_HANDLER,
        "sasl.jaas.config": OAUTH_JAAS,
    }
    for key, value in change.items():
        if value is None:
            del props[key]
        else:
            props[key] = value
    with pytest.raises(UsageError) as raised:
        translate_properties(props, "c")
    assert raised.value.message == message
    assert "oidc-s3cret" not in f"{raised.value.message} {raised.value.hint}"


def test_oidc_client_secret_is_redacted() -> None:
    config = ClientConfig({"sasl.oauthbearer.client.secret": "oidc-s3cret"})
    assert config.redacted() == {"sasl.oauthbearer.client.secret": "[redacted]"}
