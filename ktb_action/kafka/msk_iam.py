"""AWS MSK IAM: Java's `AWS_MSK_IAM` mechanism, as SASL/OAUTHBEARER with a signed token.

MSK accepts, over OAUTHBEARER, a token made by AWS's own signer for Python
(`aws-msk-iam-sasl-signer-python`): a SigV4-presigned `kafka-cluster:Connect` URL, base64url.
The translation stays a plain `dict[str, str]`: the Java options ride in librdkafka's
`sasl.oauthbearer.config` (which librdkafka hands to the token callback unread) and
`token_callback` makes the callback from them when a client is created. Credentials come from
the standard AWS chain (variables, profile, web identity, instance role), or the JAAS line's
`awsProfileName` / `awsRoleArn`, as in Java.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from typing import Final

from ktb_action.errors import ClusterError, UsageError

MECHANISM: Final = "AWS_MSK_IAM"
LOGIN_MODULE: Final = "software.amazon.msk.auth.iam.IAMLoginModule"
CALLBACK_HANDLER: Final = "software.amazon.msk.auth.iam.IAMClientCallbackHandler"
CLIENT_HANDLER: Final = "sasl.client.callback.handler.class"
CONFIG_TAG: Final = "aws_msk_iam"
"""The first word of `sasl.oauthbearer.config` when the token comes from the MSK signer."""
# JAAS option -> our key in `sasl.oauthbearer.config`.
_OPTIONS: Final = {
    "awsProfileName": "profile",
    "awsRoleArn": "role_arn",
    "awsRoleSessionName": "session",
}
# Tuning of Java's library that the Python signer has no counterpart for.
_IGNORED: Final = frozenset(
    {"awsDebugCreds", "awsStsRegion", "awsMaxRetries", "awsMaxBackOffTimeMs"}
)
_REGION_IN_HOST = re.compile(
    r"\.kafka(?:-serverless)?\.(?P<region>[a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com"
)

TokenCallback = Callable[[str], tuple[str, float]]


def msk_settings(
    props: Mapping[str, str], options: Mapping[str, str], origin: str
) -> dict[str, str]:
    """The librdkafka settings for `IAMLoginModule` with JAAS `options`."""
    handler = props.get(CLIENT_HANDLER)
    if handler is not None and handler != CALLBACK_HANDLER:
        raise UsageError(
            f"{origin}: `{CLIENT_HANDLER}={handler}` does not go with `sasl.mechanism={MECHANISM}`",
            hint=f"set `{CLIENT_HANDLER}={CALLBACK_HANDLER}`",
        )
    unknown = sorted(set(options) - set(_OPTIONS) - _IGNORED)
    if unknown:
        raise UsageError(
            f"{origin}: `sasl.jaas.config` option `{unknown[0]}` of IAMLoginModule is unknown",
            hint="ktb reads " + ", ".join(sorted(_OPTIONS)),
        )
    words = [CONFIG_TAG] + [f"{_OPTIONS[k]}={v}" for k, v in options.items() if k in _OPTIONS]
    return {"sasl.mechanism": "OAUTHBEARER", "sasl.oauthbearer.config": " ".join(words)}


def is_msk_iam(settings: Mapping[str, str]) -> bool:
    """Whether `settings` take their OAUTHBEARER token from the MSK signer."""
    return settings.get("sasl.oauthbearer.config", "").split(" ", 1)[0] == CONFIG_TAG


def region_of(settings: Mapping[str, str], env: Mapping[str, str]) -> str:
    """The cluster's AWS region: from an MSK broker host name, as Java's library takes it,
    else `AWS_REGION` / `AWS_DEFAULT_REGION`."""
    match = _REGION_IN_HOST.search(settings.get("bootstrap.servers", ""))
    region = match.group("region") if match else None
    region = region or env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION")
    if not region:
        raise UsageError(
            "cannot tell the AWS region of the MSK cluster for `sasl.mechanism=AWS_MSK_IAM`",
            hint="use the MSK broker host names (…kafka.<region>.amazonaws.com) in "
            "`bootstrap.servers`, or set AWS_REGION",
        )
    return region


def token_callback(
    settings: Mapping[str, str], env: Mapping[str, str] = os.environ
) -> TokenCallback:
    """librdkafka's `oauth_cb` for MSK IAM settings: `(token, expiry in epoch seconds)`.

    Raises `ClusterError` at once when no token can be signed (no credentials)."""
    region = region_of(settings, env)
    options = dict(word.split("=", 1) for word in settings["sasl.oauthbearer.config"].split()[1:])

    def sign() -> tuple[str, float]:
        # Imported here: boto3 takes a noticeable part of a second, and only MSK needs it.
        from aws_msk_iam_sasl_signer import MSKAuthTokenProvider as signer  # noqa: PLC0415, N813
        from botocore.exceptions import BotoCoreError, ClientError  # noqa: PLC0415

        try:
            if "role_arn" in options:
                token, expiry_ms = signer.generate_auth_token_from_role_arn(
                    region, options["role_arn"], options.get("session", "MSKSASLDefaultSession")
                )
            elif "profile" in options:
                profile = options["profile"]
                token, expiry_ms = signer.generate_auth_token_from_profile(region, profile)
            else:
                token, expiry_ms = signer.generate_auth_token(region)
        except AttributeError:
            # The signer's way of saying that the chain found no credentials at all.
            raise _signing_failed("no AWS credentials found") from None
        except (BotoCoreError, ClientError, ValueError) as error:
            # botocore names the missing piece (unknown profile, denied role); never a key.
            raise _signing_failed(str(error)) from None
        return str(token), int(expiry_ms) / 1000

    # The first token is signed now: confluent-kafka asks for it inside the client's constructor
    # and, should the callback fail there, reports only a timeout 10 s later.
    first = [sign()]

    def callback(_config: str) -> tuple[str, float]:
        return first.pop() if first else sign()

    return callback


def _signing_failed(reason: str) -> ClusterError:
    return ClusterError(
        f"cannot sign an MSK IAM token: {reason}",
        hint="provide AWS credentials (AWS_ACCESS_KEY_ID…, AWS_PROFILE, a web identity or an "
        "instance role), or check `awsProfileName` / `awsRoleArn` in sasl.jaas.config",
    )
