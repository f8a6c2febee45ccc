"""A small OIDC token issuer on 127.0.0.1 for the OAUTHBEARER tests.

It does what an identity provider does for the client-credentials grant (RFC 6749 §4.4): the
token endpoint checks the client's id and secret (HTTP Basic, as librdkafka sends them, or
form fields) and answers with a signed JWT; `/jwks` publishes the public key. Tokens are
signed (PyJWT) with the dev broker's signing key, so the broker, which reads the same JWKS
from a file, accepts them. A client can be registered with a fault: its tokens are then
expired, signed by another key, or for another audience, as a misconfigured provider's are.
"""

from __future__ import annotations

import base64
import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from ktb_action.devkafka import oauth
from tests.kafka_fixture import KafkaCluster, unavailable

TOKEN_LIFETIME_S = 300
LOGIN_HANDLER = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler"
LOGIN_MODULE = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule"
FAULTS = ("expired", "wrong-key", "wrong-audience")


@dataclass(frozen=True)
class IssuerClient:
    """A registered OAuth client: its credentials, the `sub` of its tokens, and a fault."""

    client_id: str
    client_secret: str = field(repr=False)
    subject: str
    fault: str | None = None


@dataclass
class Issuer:
    """The running issuer: where its token endpoint is, and who may get tokens."""

    base_url: str
    signing_key: ec.EllipticCurvePrivateKey = field(repr=False)
    clients: dict[str, IssuerClient] = field(default_factory=dict)
    requests: list[dict[str, Any]] = field(default_factory=list)
    """Every token request's form fields (without the secret), for tests to check."""

    @property
    def token_url(self) -> str:
        """The token endpoint (`sasl.oauthbearer.token.endpoint.url`)."""
        return f"{self.base_url}/token"

    def register(self, client: IssuerClient) -> IssuerClient:
        """Let `client` obtain tokens."""
        self.clients[client.client_id] = client
        return client

    def token_for(self, client: IssuerClient, scope: str | None) -> str:
        """A signed JWT for `client`, with its fault if it has one."""
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": oauth.ISSUER,
            "sub": client.subject,
            "aud": "someone-else" if client.fault == "wrong-audience" else oauth.AUDIENCE,
            "iat": now,
            "exp": now - 60 if client.fault == "expired" else now + TOKEN_LIFETIME_S,
        }
        if scope:
            claims["scope"] = scope
        key = ec.generate_private_key(ec.SECP256R1()) if client.fault == "wrong-key" else None
        return jwt.encode(
            claims,
            key or self.signing_key,
            algorithm=oauth.ALGORITHM,
            headers={"kid": oauth.KEY_ID},
        )

    def verify(self, token: str) -> str | None:
        """Why a server that trusts this issuer refuses `token` (PyJWT's words), None if it
        takes it: signed by the issuer's key, unexpired, for the broker's audience."""
        try:
            jwt.decode(
                token,
                self.signing_key.public_key(),
                algorithms=[oauth.ALGORITHM],
                audience=oauth.AUDIENCE,
                issuer=oauth.ISSUER,
            )
        except jwt.InvalidTokenError as error:
            return str(error)
        return None

    def client_properties(self, bootstrap: str, client: IssuerClient, secret: str) -> str:
        """A Java OAUTHBEARER/OIDC client `.properties` text for `client`."""
        return (
            f"bootstrap.servers={bootstrap}\n"
            "security.protocol=SASL_PLAINTEXT\n"
            "sasl.mechanism=OAUTHBEARER\n"
            f"sasl.oauthbearer.token.endpoint.url={self.token_url}\n"
            f"sasl.login.callback.handler.class={LOGIN_HANDLER}\n"
            f'sasl.jaas.config={LOGIN_MODULE} required clientId="{client.client_id}" '
            f'clientSecret="{secret}" scope="kafka";\n'
        )


@pytest.fixture(scope="session")
def issuer(kafka: KafkaCluster) -> Iterator[Issuer]:
    """The local OIDC issuer, signing with the dev broker's key."""
    if "oauth_bootstrap" not in kafka.info:
        unavailable("the OAUTHBEARER tests need the dev broker's OAUTH listener", os.environ)
    with running_issuer(Path(kafka.info["oauth_signing_key"])) as running:
        yield running


@contextmanager
def running_issuer(signing_key_pem: Path) -> Iterator[Issuer]:
    """An issuer serving on a free port of 127.0.0.1 until the block ends."""
    key = serialization.load_pem_private_key(signing_key_pem.read_bytes(), password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    issuer = Issuer(f"http://127.0.0.1:{server.server_address[1]}", key)
    server.issuer = issuer  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield issuer
    finally:
        server.shutdown()
        server.server_close()


class _Handler(BaseHTTPRequestHandler):
    @property
    def issuer(self) -> Issuer:
        return self.server.issuer  # type: ignore[attr-defined,no-any-return]

    def do_GET(self) -> None:
        if self.path != "/jwks":
            self._answer(404, {"error": "not_found"})
            return
        self._answer(200, oauth.jwk_set(self.issuer.signing_key.public_key()))

    def do_POST(self) -> None:
        if self.path != "/token":
            self._answer(404, {"error": "not_found"})
            return
        length = int(self.headers.get("Content-Length", "0"))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        client_id, secret = self._credentials(form)
        self.issuer.requests.append({k: v for k, v in form.items() if k != "client_secret"})
        client = self.issuer.clients.get(client_id)
        if form.get("grant_type") != "client_credentials":
            self._answer(400, {"error": "unsupported_grant_type"})
        elif client is None or client.client_secret != secret:
            self._answer(401, {"error": "invalid_client"})
        else:
            token = self.issuer.token_for(client, form.get("scope"))
            body = {"access_token": token, "token_type": "Bearer", "expires_in": TOKEN_LIFETIME_S}
            self._answer(200, body)

    def _credentials(self, form: dict[str, str]) -> tuple[str, str]:
        header = self.headers.get("Authorization", "")
        if header.startswith("Basic "):
            client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
            return client_id, secret
        return form.get("client_id", ""), form.get("client_secret", "")

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: pytest shows nothing of passing tests anyway."""
