"""The dev broker's OAUTHBEARER (OIDC) trust: a signing key and the JWKS that publishes it.

The broker validates tokens with Kafka's `OAuthBearerValidatorCallbackHandler` against this
JWKS, read from a `file:` URL (Kafka supports HTTP(S) and file JWKS endpoints alike). A file
and not the test issuer's HTTP endpoint, so that the broker starts, and is reused across test
sessions, whether an issuer runs or not: tokens are signed by whoever holds the key (the
local issuer in `tests/oidc_issuer.py`), the broker only needs the public half.
Made once per state folder, like the TLS material, and kept by `down`.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from ktb_action.devkafka.state import write_private

KEY_ID: Final = "ktb-dev-1"
AUDIENCE: Final = "ktb-dev-kafka"
ISSUER: Final = "ktb-dev-issuer"
ALGORITHM: Final = "ES256"
VALIDATOR: Final = (
    "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler"
)
LOGIN_MODULE: Final = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule"
ALLOWED_URLS_PROPERTY: Final = "org.apache.kafka.sasl.oauthbearer.allowed.urls"


@dataclass(frozen=True)
class OAuthFiles:
    """The signing key and JWKS of one state folder."""

    folder: Path

    @property
    def signing_key(self) -> Path:
        """The issuer's private key (PEM, unencrypted, 0600): whoever signs dev tokens."""
        return self.folder / "signing-key.pem"

    @property
    def jwks(self) -> Path:
        """The public key as a JWK Set, which the broker validates tokens against."""
        return self.folder / "jwks.json"

    @property
    def jwks_url(self) -> str:
        """The `file:` URL of the JWKS, as the broker's config and allowed-URLs list name it."""
        return self.jwks.as_uri()


def ensure_oauth(folder: Path) -> OAuthFiles:
    """The OAuth files of `folder`, created if one is missing."""
    files = OAuthFiles(folder)
    if files.signing_key.exists() and files.jwks.exists():
        return files
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    write_private(files.signing_key, pem.decode())
    # Last: its presence says the pair is complete.
    write_private(files.jwks, json.dumps(jwk_set(key.public_key())) + "\n")
    return files


def jwk_set(public_key: ec.EllipticCurvePublicKey) -> dict[str, list[dict[str, str]]]:
    """The JWK Set (RFC 7517) of one P-256 signing key under `KEY_ID`."""
    numbers = public_key.public_numbers()
    return {
        "keys": [
            {
                "kty": "EC",
                "crv": "P-256",
                "kid": KEY_ID,
                "use": "sig",
                "alg": ALGORITHM,
                "x": _b64url(numbers.x.to_bytes(32, "big")),
                "y": _b64url(numbers.y.to_bytes(32, "big")),
            }
        ]
    }


def server_properties(listener: str, files: OAuthFiles) -> list[str]:
    """The broker settings of a SASL listener named `listener` that takes OIDC JWTs only."""
    prefix = f"listener.name.{listener.lower()}"
    return [
        f"{prefix}.sasl.enabled.mechanisms=OAUTHBEARER",
        f"{prefix}.oauthbearer.sasl.jaas.config={LOGIN_MODULE} required;",
        f"{prefix}.oauthbearer.sasl.server.callback.handler.class={VALIDATOR}",
        f"sasl.oauthbearer.jwks.endpoint.url={files.jwks_url}",
        f"sasl.oauthbearer.expected.audience={AUDIENCE}",
        f"sasl.oauthbearer.expected.issuer={ISSUER}",
    ]


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")
