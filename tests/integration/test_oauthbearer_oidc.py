"""A Java OAUTHBEARER/OIDC client config logs in on the dev broker's OAUTHBEARER listener: ktb
gets a token from the local issuer, the broker validates it against its JWKS, and ACLs apply
to the token's subject. Tokens the broker must refuse are one clear error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ktb_action.errors import ClusterError
from ktb_action.kafka.admin import AdminSession, connect
from ktb_action.kafka.config import ConnectionOptions, resolve_client_config
from tests.acl_support import grant_describe_and_wait, topic_error
from tests.kafka_fixture import KafkaCluster, unique_name
from tests.oidc_issuer import FAULTS, Issuer, IssuerClient

pytestmark = pytest.mark.integration


def _session(
    kafka: KafkaCluster, issuer: Issuer, client: IssuerClient, tmp_path: Path, secret: str
) -> AdminSession:
    properties = tmp_path / "oauth.properties"
    properties.write_text(
        issuer.client_properties(kafka.info["oauth_bootstrap"], client, secret), encoding="utf-8"
    )
    return connect(resolve_client_config(ConnectionOptions(client_config=properties), {}))


def test_oidc_client_logs_in_and_acls_apply_to_the_token_subject(
    kafka: KafkaCluster, issuer: Issuer, guarded_topic: str, tmp_path: Path
) -> None:
    subject = unique_name("svc-orders")
    client = issuer.register(IssuerClient(unique_name("cid"), "client-secret-1", subject))
    session = _session(kafka, issuer, client, tmp_path, client.client_secret)

    assert topic_error(session, guarded_topic) == "TOPIC_AUTHORIZATION_FAILED"
    grant_describe_and_wait(kafka, session, guarded_topic, f"User:{subject}")
    assert {"grant_type": "client_credentials", "scope": "kafka"} in issuer.requests


def test_an_expired_token_is_an_error_naming_the_token_endpoint(
    kafka: KafkaCluster, issuer: Issuer, guarded_topic: str, tmp_path: Path
) -> None:
    client = issuer.register(IssuerClient(unique_name("cid"), "s-1", "svc", "expired"))
    session = _session(kafka, issuer, client, tmp_path, client.client_secret)

    with pytest.raises(ClusterError) as raised:
        topic_error(session, guarded_topic)

    assert re.fullmatch(
        f"the OAuth token from {re.escape(issuer.token_url)} cannot be used: "
        r"Must supply an unexpired token: now=\d+ms, exp=\d+ms",
        raised.value.message,
    )
    assert "`sasl.oauthbearer.token.endpoint.url`" in str(raised.value.hint)


@pytest.mark.parametrize("fault", [fault for fault in FAULTS if fault != "expired"])
def test_a_token_the_broker_refuses_is_one_error_naming_the_settings_to_check(
    kafka: KafkaCluster, issuer: Issuer, guarded_topic: str, tmp_path: Path, fault: str
) -> None:
    client = issuer.register(IssuerClient(unique_name("cid"), "s-1", "svc", fault))
    session = _session(kafka, issuer, client, tmp_path, client.client_secret)

    with pytest.raises(ClusterError) as raised:
        topic_error(session, guarded_topic)

    assert raised.value.message == (
        f"authentication failed for `{client.client_id}` at {kafka.info['oauth_bootstrap']} "
        '(SASL OAUTHBEARER): {"status":"invalid_token"}'
    )
    hint = str(raised.value.hint)
    assert "`sasl.oauthbearer.expected.audience`" in hint
    assert "`sasl.oauthbearer.jwks.endpoint.url`" in hint


def test_a_wrong_client_secret_is_an_error_naming_the_token_endpoint(
    kafka: KafkaCluster, issuer: Issuer, guarded_topic: str, tmp_path: Path
) -> None:
    client = issuer.register(IssuerClient(unique_name("cid"), "right-secret", "svc"))
    session = _session(kafka, issuer, client, tmp_path, "wrong-secret")

    with pytest.raises(ClusterError) as raised:
        topic_error(session, guarded_topic)

    assert raised.value.message == (
        f'cannot get an OAuth token from {issuer.token_url}: {{"error": "invalid_client"}} (401)'
    )
    assert "`clientSecret`" in str(raised.value.hint)
    assert "wrong-secret" not in f"{raised.value.message} {raised.value.hint}"
