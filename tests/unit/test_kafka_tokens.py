"""The run's one token source: cached until shortly before expiry, handed to kafka-python and
to the HTTP clients whose `bearer.auth.credentials.source` inherits it, which say how they
authenticate without a secret."""

from __future__ import annotations

import time

import pytest

from ktb_action.connect.client import ConnectPort
from ktb_action.errors import UsageError
from ktb_action.kafka.quotas import kafka_python_options
from ktb_action.kafka.tokens import REFRESH_BEFORE_S, TokenSource, token_source
from ktb_action.kinds.subjects.http import connection_from

OIDC = {
    "bootstrap.servers": "k:9092",
    "security.protocol": "SASL_SSL",
    "sasl.mechanism": "OAUTHBEARER",
    "sasl.oauthbearer.method": "oidc",
    "sasl.oauthbearer.token.endpoint.url": "https://idp.example/token",
    "sasl.oauthbearer.client.id": "ktb-ci",
    "sasl.oauthbearer.client.secret": "idp-secret",
}
DESCRIPTION = (
    "SASL_SSL, SASL OAUTHBEARER (OIDC client credentials of `ktb-ci` from "
    "https://idp.example/token), no TLS client certificate"
)


def _counting(lifetime_s: float) -> tuple[TokenSource, list[int]]:
    fetched: list[int] = []

    def fetch() -> tuple[str, float]:
        fetched.append(1)
        return f"token-{len(fetched)}", time.time() + lifetime_s

    return TokenSource(fetch, "test"), fetched


def test_a_token_is_fetched_once_while_it_stays_valid() -> None:
    source, fetched = _counting(3600)
    assert [source.token(), source.token()] == ["token-1", "token-1"]
    assert len(fetched) == 1


def test_a_token_close_to_its_expiry_is_fetched_again() -> None:
    source, fetched = _counting(REFRESH_BEFORE_S - 1)
    assert [source.token(), source.token()] == ["token-1", "token-2"]
    assert len(fetched) == 2


def test_oidc_settings_make_a_source_described_without_its_secret() -> None:
    source = token_source(OIDC, {})
    assert source is not None
    assert source.description == DESCRIPTION
    assert token_source({"sasl.mechanism": "PLAIN"}, {}) is None


def test_the_quota_client_takes_its_oauthbearer_tokens_from_the_shared_source() -> None:
    source, _ = _counting(3600)
    options = kafka_python_options(OIDC, source)
    provider = options.pop("sasl_oauth_token_provider")
    assert provider.token() == "token-1"
    assert options == {
        "bootstrap_servers": "k:9092",
        "security_protocol": "SASL_SSL",
        "sasl_mechanism": "OAUTHBEARER",
    }


def test_oauthbearer_without_a_token_source_is_refused_for_client_quotas() -> None:
    with pytest.raises(UsageError) as raised:
        kafka_python_options({**OIDC, "sasl.oauthbearer.method": "default"})
    assert raised.value.message == (
        "client setting `sasl.mechanism` is not supported for client quotas (kafka-python)"
    )


def test_the_http_clients_say_they_inherit_the_kafka_login_s_token() -> None:
    source = token_source(OIDC, {})
    env = {"KTB_CONNECT_DEV_BEARER_AUTH_CREDENTIALS_SOURCE": "SASL_OAUTHBEARER_INHERIT"}
    settings = {"url": "https://sr", "bearer_auth_credentials_source": "SASL_OAUTHBEARER_INHERIT"}
    registry = connection_from(settings, {}, source)
    port = ConnectPort("dev", "https://connect:8083", env, source)
    assert registry is not None
    assert (
        registry.authentication
        == port.authentication
        == (f"bearer token (SASL_OAUTHBEARER_INHERIT: {DESCRIPTION})")
    )
    assert "idp-secret" not in registry.authentication
    port.close()


def test_an_unsupported_bearer_source_is_an_error_naming_the_setting() -> None:
    settings = {"url": "https://sr", "bearer_auth_credentials_source": "OAUTHBEARER"}
    with pytest.raises(UsageError) as raised:
        connection_from(settings, {}, token_source(OIDC, {}))
    assert raised.value.message == (
        "`schema_registry.bearer_auth_credentials_source` is `OAUTHBEARER`, which ktb does "
        "not support"
    )


def test_inheriting_a_token_without_an_oauth_login_is_an_error_naming_the_setting() -> None:
    env = {"KTB_CONNECT_DEV_BEARER_AUTH_CREDENTIALS_SOURCE": "SASL_OAUTHBEARER_INHERIT"}
    with pytest.raises(UsageError) as raised:
        ConnectPort("dev", "https://connect:8083", env, None)
    assert raised.value.message == (
        "`KTB_CONNECT_DEV_BEARER_AUTH_CREDENTIALS_SOURCE=SASL_OAUTHBEARER_INHERIT` but the "
        "Kafka client config does not log in with OAUTHBEARER (OIDC or AWS MSK IAM)"
    )
