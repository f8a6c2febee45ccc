"""How a client config authenticates, told for `--debug` and for login failures.

Everything here reads a config's names and non-secret values only: the mechanism, the token
endpoint, the certificate file; never a password, secret or token.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ktb_action.errors import ClusterError
from ktb_action.kafka.msk_iam import is_msk_iam

# librdkafka's log line when the token endpoint refuses or cannot be reached.
_OIDC_FAILURE = re.compile(r'Failed to retrieve OIDC token from "(?P<url>[^"]*)": (?P<reason>.*)')
_UNUSABLE_TOKEN = "Failed to acquire SASL OAUTHBEARER token: "
OIDC_HINT = (
    "check `clientId` and `clientSecret` in the OAuthBearerLoginModule entry of "
    "`sasl.jaas.config` (or KTB_KAFKA_SASL_OAUTHBEARER_CLIENT_ID / _CLIENT_SECRET) and "
    "`sasl.oauthbearer.token.endpoint.url`"
)


def describe_mechanism(settings: Mapping[str, str]) -> str:
    """One line: the protocol, the SASL mechanism and what it uses, the TLS client identity."""
    protocol = settings.get("security.protocol", "PLAINTEXT").upper()
    parts = [protocol]
    if protocol.startswith("SASL"):
        mechanism = settings.get("sasl.mechanism", "GSSAPI").upper()
        if mechanism == "OAUTHBEARER" and settings.get("sasl.oauthbearer.method") == "oidc":
            endpoint = settings.get("sasl.oauthbearer.token.endpoint.url", "")
            client = settings.get("sasl.oauthbearer.client.id", "")
            parts.append(
                f"SASL OAUTHBEARER (OIDC client credentials of `{client}` from {endpoint})"
            )
        elif mechanism == "OAUTHBEARER" and is_msk_iam(settings):
            parts.append("SASL OAUTHBEARER (AWS MSK IAM token, AWS credentials chain)")
        elif mechanism == "OAUTHBEARER":
            parts.append("SASL OAUTHBEARER")
        elif settings.get("sasl.username"):
            parts.append(f"SASL {mechanism} as `{settings['sasl.username']}`")
        else:
            parts.append(f"SASL {mechanism}")
    if protocol.endswith("SSL"):
        certificate = settings.get("ssl.certificate.location")
        parts.append(
            f"TLS client certificate {certificate}" if certificate else "no TLS client certificate"
        )
    return ", ".join(parts)


def login_who(settings: Mapping[str, str]) -> str:
    """Who tried to log in, as messages name it."""
    user = settings.get("sasl.username") or settings.get("sasl.oauthbearer.client.id")
    return f"`{user}`" if user else "the client"


def login_hint(settings: Mapping[str, str]) -> str:
    """What to check when the broker refused the login, for the config's mechanism."""
    if is_msk_iam(settings):
        return (
            "MSK refused the IAM token: check that the IAM policy of the AWS identity "
            "(see `aws sts get-caller-identity`) allows `kafka-cluster:Connect` on this cluster, "
            "and that `bootstrap.servers` names the cluster's IAM listener (port 9098 or 9198)"
        )
    if settings.get("sasl.mechanism", "").upper() != "OAUTHBEARER":
        return (
            "check the username and password in the client config's sasl.jaas.config, "
            "or KTB_KAFKA_SASL_USERNAME / KTB_KAFKA_SASL_PASSWORD"
        )
    return (
        "the broker rejected the token (expired, signed by a key not in its JWKS, or for "
        "another audience or issuer): check that the provider behind "
        "`sasl.oauthbearer.token.endpoint.url` issues tokens for the broker's "
        "`sasl.oauthbearer.expected.audience` and `sasl.oauthbearer.expected.issuer`, signed "
        "by a key of its `sasl.oauthbearer.jwks.endpoint.url`, and that the `scope` of "
        "`sasl.jaas.config` asks for that audience"
    )


def unusable_token(reason: str, settings: Mapping[str, str]) -> ClusterError | None:
    """The error for a token librdkafka itself refuses to send (expired on arrival), else None."""
    if not reason.startswith(_UNUSABLE_TOKEN):
        return None
    endpoint = settings.get("sasl.oauthbearer.token.endpoint.url", "the token provider")
    return expired_token(endpoint, reason.removeprefix(_UNUSABLE_TOKEN))


def expired_token(endpoint: str, reason: str) -> ClusterError:
    """The error for a token that expired before it could be used, from `endpoint`."""
    return ClusterError(
        f"the OAuth token from {endpoint} cannot be used: {reason}",
        hint="the provider behind `sasl.oauthbearer.token.endpoint.url` issued an expired "
        "token: check its token lifetime and this machine's clock",
    )


def token_failure(message: str) -> ClusterError | None:
    """The error for a librdkafka log line saying the OIDC token could not be had, else None."""
    match = _OIDC_FAILURE.search(message)
    if match is None:
        return None
    return ClusterError(
        f"cannot get an OAuth token from {match.group('url')}: {match.group('reason')}",
        hint=OIDC_HINT,
    )
