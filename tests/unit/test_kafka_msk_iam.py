"""AWS MSK IAM: Java's `AWS_MSK_IAM` settings become OAUTHBEARER with a token from AWS's signer.

Without AWS, the token is checked against the signer's documented format: a SigV4-presigned
`kafka-cluster:Connect` URL of the cluster's region, base64url without padding. Whether MSK
accepts it (and the IAM policy allows the actions) only AWS can tell.
"""

from __future__ import annotations

import base64
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from ktb_action.errors import ClusterError, UsageError
from ktb_action.kafka.config import translate_properties
from ktb_action.kafka.msk_iam import region_of, token_callback

MSK_HOST = "b-1.orders.abc123.c2.kafka.eu-west-1.amazonaws.com:9098"
IAM_JAAS = "software.amazon.msk.auth.iam.IAMLoginModule required"
MSK_PROPS = {
    "bootstrap.servers": MSK_HOST,
    "security.protocol": "SASL_SSL",
    "sasl.mechanism": "AWS_MSK_IAM",
    "sasl.jaas.config": f"{IAM_JAAS};",
    "sasl.client.callback.handler.class": "software.amazon.msk.auth.iam.IAMClientCallbackHandler",
}
# AWS's documentation example keys: they sign, they open nothing.
ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def test_msk_iam_properties_become_oauthbearer_with_the_signer_options() -> None:
    props = MSK_PROPS | {"sasl.jaas.config": f'{IAM_JAAS} awsProfileName="dev" awsDebugCreds=true;'}
    assert translate_properties(props, "c") == {
        "bootstrap.servers": MSK_HOST,
        "security.protocol": "SASL_SSL",
        "sasl.mechanism": "OAUTHBEARER",
        "sasl.oauthbearer.config": "aws_msk_iam profile=dev",
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"sasl.client.callback.handler.class": "com.example.Handler"},
            "c: `sasl.client.callback.handler.class=com.example.Handler` does not go with "
            "`sasl.mechanism=AWS_MSK_IAM`",
        ),
        (
            {"sasl.jaas.config": f'{IAM_JAAS} awsRegion="x";'},
            "c: `sasl.jaas.config` option `awsRegion` of IAMLoginModule is unknown",
        ),
        (
            {"sasl.mechanism": "PLAIN"},
            "c: `sasl.mechanism=PLAIN` does not go with `IAMLoginModule`",
        ),
    ],
)
def test_unsupported_msk_iam_settings_are_one_error_naming_the_property(
    change: dict[str, str], message: str
) -> None:
    with pytest.raises(UsageError) as raised:
        translate_properties(MSK_PROPS | change, "c")
    assert raised.value.message == message


def test_msk_iam_without_the_login_module_is_an_error() -> None:
    props = {k: v for k, v in MSK_PROPS.items() if k != "sasl.jaas.config"}
    with pytest.raises(UsageError) as raised:
        translate_properties(props, "c")
    assert raised.value.message == (
        "c: `sasl.mechanism=AWS_MSK_IAM` needs `sasl.jaas.config` with IAMLoginModule"
    )


def test_region_comes_from_the_msk_host_name_else_from_aws_region() -> None:
    assert region_of({"bootstrap.servers": MSK_HOST}, {}) == "eu-west-1"
    assert region_of({"bootstrap.servers": "10.0.0.1:9098"}, {"AWS_REGION": "us-east-2"}) == (
        "us-east-2"
    )
    with pytest.raises(UsageError):
        region_of({"bootstrap.servers": "10.0.0.1:9098"}, {})


@pytest.mark.usefixtures("aws_env")
def test_token_is_a_presigned_kafka_cluster_connect_url_of_the_region(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    settings = translate_properties(MSK_PROPS, "c")

    token, expiry = token_callback(settings)(settings["sasl.oauthbearer.config"])

    assert "=" not in token
    url = urlsplit(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode())
    assert (url.scheme, url.netloc, url.path) == ("https", "kafka.eu-west-1.amazonaws.com", "/")
    query = {key: values[0] for key, values in parse_qs(url.query).items()}
    day = time.strftime("%Y%m%d", time.gmtime())
    assert query["Action"] == "kafka-cluster:Connect"
    assert query["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    assert query["X-Amz-Credential"] == f"{ACCESS_KEY}/{day}/eu-west-1/kafka-cluster/aws4_request"
    assert query["X-Amz-Expires"] == "900"
    assert query["X-Amz-SignedHeaders"] == "host"
    assert len(query["X-Amz-Signature"]) == 64
    assert query["User-Agent"].startswith("aws-msk-iam-sasl-signer-python/")
    assert SECRET_KEY not in token
    assert 0 < expiry - time.time() <= 900


@pytest.mark.usefixtures("aws_env")
def test_no_aws_credentials_is_a_clear_error() -> None:
    settings = translate_properties(MSK_PROPS, "c")

    with pytest.raises(ClusterError) as raised:
        token_callback(settings)

    assert raised.value.message == "cannot sign an MSK IAM token: no AWS credentials found"
