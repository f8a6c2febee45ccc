"""The run's one OAuth token source, for the clients that cannot log in by themselves.

librdkafka fetches and refreshes its OIDC token itself; the client-quota client (kafka-python)
and the HTTP clients (Schema Registry, Connect) cannot. They share one `TokenSource` made from
the same client settings: a client-credentials grant at `sasl.oauthbearer.token.endpoint.url`
(OIDC) or AWS's MSK signer (MSK IAM). A token is fetched on first use and again shortly before
it expires; every token is remembered by the redactor, so no output ever shows one.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import threading
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final

from ktb_action import redact
from ktb_action.errors import ClusterError, UsageError
from ktb_action.kafka.mechanisms import OIDC_HINT, describe_mechanism, expired_token
from ktb_action.kafka.msk_iam import is_msk_iam, token_callback

if TYPE_CHECKING:
    import requests

REFRESH_BEFORE_S: Final = 60.0
"""A token is fetched again this long before it expires: a request must not carry one that
expires on its way."""
TIMEOUT_S: Final = (3.0, 15.0)
_ENDPOINT: Final = "sasl.oauthbearer.token.endpoint.url"

INHERIT: Final = "SASL_OAUTHBEARER_INHERIT"
"""Confluent's `bearer.auth.credentials.source` value for "the Kafka client's OAuth token"."""
STATIC: Final = "STATIC_TOKEN"

Fetch = Callable[[], tuple[str, float]]
"""Gets a new token: `(token, expiry in epoch seconds)`; raises `ClusterError`."""


class TokenSource:
    """A cached token from `fetch`, refreshed before it expires; `description` says where it
    comes from (for `--debug`), never what it is."""

    def __init__(self, fetch: Fetch, description: str) -> None:
        self._fetch = fetch
        self.description = description
        self._lock = threading.Lock()
        self._token: tuple[str, float] | None = None

    def token(self) -> str:
        """A token that is valid for at least `REFRESH_BEFORE_S` more, by its own expiry."""
        with self._lock:
            now = time.time()
            if self._token is None or self._token[1] - REFRESH_BEFORE_S <= now:
                self._token = self._fetch()
                redact.remember([self._token[0]])
            return self._token[0]


def token_source(
    settings: Mapping[str, str], env: Mapping[str, str] = os.environ
) -> TokenSource | None:
    """The token source of librdkafka `settings` that log in with OAUTHBEARER (OIDC or MSK
    IAM); None for any other mechanism."""
    if is_msk_iam(settings):
        # Deferred: the MSK signer signs its first token when the callback is made.
        callback: list[Callable[[str], tuple[str, float]]] = []

        def sign() -> tuple[str, float]:
            if not callback:
                callback.append(token_callback(settings, env))
            return callback[0]("")

        return TokenSource(sign, describe_mechanism(settings))
    if settings.get("sasl.oauthbearer.method") == "oidc":
        return TokenSource(lambda: _client_credentials(settings), describe_mechanism(settings))
    return None


def _client_credentials(settings: Mapping[str, str]) -> tuple[str, float]:
    """A token from the OAuth client-credentials grant (RFC 6749 §4.4), as librdkafka asks
    for it: the client's id and secret in HTTP Basic, the scope in the form."""
    # Imported here: only an OIDC login needs it, and it is a fifth of `ktb plan`'s start.
    import requests  # noqa: PLC0415

    url = settings[_ENDPOINT]
    form = {"grant_type": "client_credentials"}
    if settings.get("sasl.oauthbearer.scope"):
        form["scope"] = settings["sasl.oauthbearer.scope"]
    auth = (settings["sasl.oauthbearer.client.id"], settings["sasl.oauthbearer.client.secret"])
    try:
        response = requests.post(url, data=form, auth=auth, timeout=TIMEOUT_S)
    except requests.RequestException as error:
        raise ClusterError(
            f"cannot get an OAuth token from {url}: {type(error).__name__}", hint=OIDC_HINT
        ) from None
    body = _json(response)
    token = body.get("access_token") if isinstance(body, dict) else None
    if not response.ok or not isinstance(token, str):
        raise ClusterError(
            f"cannot get an OAuth token from {url}: {response.text.strip()} "
            f"({response.status_code})",
            hint=OIDC_HINT,
        )
    redact.remember([token])
    expiry = _jwt_expiry(token)
    if expiry is None:
        expiry = time.time() + float(body.get("expires_in", 3600))
    if expiry <= time.time():
        raise expired_token(
            url, f"it expired at {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(expiry))}"
        )
    return token, expiry


def _jwt_expiry(token: str) -> float | None:
    """The `exp` claim of a JWT (read, not verified: the server that takes it verifies it);
    None for an opaque token."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, binascii.Error):
        return None
    exp = claims.get("exp") if isinstance(claims, dict) else None
    return float(exp) if isinstance(exp, int | float) else None


def _json(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def inherited(source: str | None, tokens: TokenSource | None, setting: str) -> TokenSource | None:
    """The tokens an HTTP client sends when its `bearer.auth.credentials.source` (`setting`)
    is `source`: the Kafka login's for `SASL_OAUTHBEARER_INHERIT`, None for `STATIC_TOKEN` or
    nothing; `UsageError` naming the setting for any other value."""
    if source is None or source.upper() == STATIC:
        return None
    if source.upper() != INHERIT:
        raise UsageError(
            f"`{setting}` is `{source}`, which ktb does not support",
            hint=f"use `{INHERIT}` (the Kafka client's OAuth token) or `{STATIC}`",
        )
    if tokens is None:
        raise UsageError(
            f"`{setting}={INHERIT}` but the Kafka client config does not log in with "
            "OAUTHBEARER (OIDC or AWS MSK IAM)",
            hint="configure `sasl.mechanism=OAUTHBEARER` with "
            "`sasl.oauthbearer.token.endpoint.url` in the client config, or set a static token",
        )
    return tokens


def refused_token_hint(setting: str) -> str:
    """What to check when an HTTP server refused the inherited token."""
    return (
        f"the server refused the OAuth token `{setting}={INHERIT}` sends (expired, signed by "
        "a key it does not trust, or for another audience): check that the provider behind "
        "`sasl.oauthbearer.token.endpoint.url` issues tokens this server accepts, and the "
        "`scope` of `sasl.jaas.config`"
    )
