"""`--debug` names the authentication a config chose, never a secret."""

from __future__ import annotations

import pytest

from ktb_action.kafka.mechanisms import describe_mechanism


@pytest.mark.parametrize(
    ("settings", "line"),
    [
        ({}, "PLAINTEXT"),
        (
            {
                "security.protocol": "SASL_PLAINTEXT",
                "sasl.mechanism": "SCRAM-SHA-512",
                "sasl.username": "alice",
                "sasl.password": "pw-1",
            },
            "SASL_PLAINTEXT, SASL SCRAM-SHA-512 as `alice`",
        ),
        (
            {
                "security.protocol": "SASL_SSL",
                "sasl.mechanism": "OAUTHBEARER",
                "sasl.oauthbearer.method": "oidc",
                "sasl.oauthbearer.client.id": "ktb-ci",
                "sasl.oauthbearer.client.secret": "pw-2",
                "sasl.oauthbearer.token.endpoint.url": "https://idp/token",
            },
            "SASL_SSL, SASL OAUTHBEARER (OIDC client credentials of `ktb-ci` from "
            "https://idp/token), no TLS client certificate",
        ),
        (
            {
                "security.protocol": "SASL_SSL",
                "sasl.mechanism": "OAUTHBEARER",
                "sasl.oauthbearer.config": "aws_msk_iam profile=dev",
            },
            "SASL_SSL, SASL OAUTHBEARER (AWS MSK IAM token, AWS credentials chain), "
            "no TLS client certificate",
        ),
        (
            {
                "security.protocol": "SSL",
                "ssl.certificate.location": "/tmp/c.pem",
                "ssl.key.password": "pw-3",
            },
            "SSL, TLS client certificate /tmp/c.pem",
        ),
    ],
)
def test_debug_line_names_the_mechanism_and_no_secret(settings: dict[str, str], line: str) -> None:
    assert describe_mechanism(settings) == line
    assert "pw-" not in describe_mechanism(settings)
