"""An AWS_MSK_IAM config sends the signer's token over SASL/OAUTHBEARER through ktb's clients:
the admin client (librdkafka) and the client-quota client (kafka-python, the shared source).

The dev broker is no MSK: it refuses the token, and that refusal proves the path (Java
properties -> OAUTHBEARER -> token callback -> broker) and shows ktb's MSK-specific error.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ktb_action.errors import ClusterError
from ktb_action.kafka.admin import connect
from ktb_action.kafka.config import ClientConfig, ConnectionOptions, resolve_client_config
from ktb_action.kafka.quotas import open_quotas
from ktb_action.kafka.tokens import token_source
from tests.acl_support import topic_error
from tests.kafka_fixture import KafkaCluster

pytestmark = pytest.mark.integration


@pytest.fixture
def msk_config(
    aws_env: None, kafka: KafkaCluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> ClientConfig:
    """An AWS_MSK_IAM Java client config for the dev broker's OAUTHBEARER listener, with
    AWS's documented example credentials."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    properties = tmp_path / "msk.properties"
    properties.write_text(
        f"bootstrap.servers={kafka.info['oauth_bootstrap']}\n"
        "security.protocol=SASL_PLAINTEXT\n"
        "sasl.mechanism=AWS_MSK_IAM\n"
        "sasl.jaas.config=software.amazon.msk.auth.iam.IAMLoginModule required;\n"
        "sasl.client.callback.handler.class="
        "software.amazon.msk.auth.iam.IAMClientCallbackHandler\n",
        encoding="utf-8",
    )
    return resolve_client_config(ConnectionOptions(client_config=properties), {})


def test_msk_iam_token_reaches_the_broker_and_a_refusal_names_the_iam_policy(
    kafka: KafkaCluster, guarded_topic: str, msk_config: ClientConfig
) -> None:
    session = connect(msk_config)

    with pytest.raises(ClusterError) as raised:
        topic_error(session, guarded_topic)

    assert raised.value.message == (
        f"authentication failed for the client at {kafka.info['oauth_bootstrap']} "
        '(SASL OAUTHBEARER): {"status":"invalid_token"}'
    )
    assert "`kafka-cluster:Connect`" in str(raised.value.hint)


def test_the_quota_client_sends_the_msk_iam_token_and_a_refusal_names_the_iam_policy(
    kafka: KafkaCluster, msk_config: ClientConfig
) -> None:
    with pytest.raises(ClusterError) as raised:
        open_quotas(msk_config, tokens=token_source(msk_config.as_dict()))

    assert raised.value.message == (
        f"authentication failed for the client at {kafka.info['oauth_bootstrap']} "
        'for client quotas (SASL OAUTHBEARER): {"status":"invalid_token"}'
    )
    assert "`kafka-cluster:Connect`" in str(raised.value.hint)
