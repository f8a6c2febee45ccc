"""SASL/OAUTHBEARER with OIDC (KIP-768): Java's client-credentials settings, as librdkafka's.

Java names the token endpoint in `sasl.oauthbearer.token.endpoint.url`, the login handler in
`sasl.login.callback.handler.class` and the client's credentials in the JAAS line of
`OAuthBearerLoginModule`; librdkafka takes the same facts as `sasl.oauthbearer.*` settings
with `sasl.oauthbearer.method=oidc` and fetches (and refreshes) the token itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from ktb_action.errors import UsageError

LOGIN_MODULE: Final = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule"
TOKEN_ENDPOINT: Final = "sasl.oauthbearer.token.endpoint.url"
LOGIN_HANDLER: Final = "sasl.login.callback.handler.class"
# Kafka 3.1-3.9 named it in `.secured`; 4.x moved it up a package. Teams have both.
OIDC_HANDLERS: Final = frozenset(
    {
        "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler",
        "org.apache.kafka.common.security.oauthbearer.secured.OAuthBearerLoginCallbackHandler",
    }
)
JAVA_PROPERTIES: Final = frozenset({TOKEN_ENDPOINT, LOGIN_HANDLER})
LIBRDKAFKA_PROPERTIES: Final = frozenset(
    {
        "sasl.oauthbearer.method",
        "sasl.oauthbearer.client.id",
        "sasl.oauthbearer.client.secret",
        "sasl.oauthbearer.token.endpoint.url",
        "sasl.oauthbearer.scope",
        "sasl.oauthbearer.extensions",
    }
)
_EXTENSION_PREFIX = "extension_"


def oidc_settings(
    props: Mapping[str, str], options: Mapping[str, str], origin: str
) -> dict[str, str]:
    """librdkafka's OIDC client-credentials settings for `OAuthBearerLoginModule` with JAAS
    `options`; `UsageError` naming the property when the config is not OIDC."""
    handler = props.get(LOGIN_HANDLER)
    if handler not in OIDC_HANDLERS:
        what = f"`{LOGIN_HANDLER}={handler}`" if handler else f"no `{LOGIN_HANDLER}`"
        raise UsageError(
            f"{origin}: `sasl.mechanism=OAUTHBEARER` with {what}: ktb supports OAuth through "
            "OIDC client credentials only (unsecured JWTs are for Kafka's own tests)",
            hint=f"set `{LOGIN_HANDLER}=org.apache.kafka.common.security.oauthbearer."
            f"OAuthBearerLoginCallbackHandler` and `{TOKEN_ENDPOINT}`",
        )
    if not props.get(TOKEN_ENDPOINT):
        raise UsageError(
            f"{origin}: `sasl.mechanism=OAUTHBEARER` needs `{TOKEN_ENDPOINT}`",
            hint="set it to your identity provider's token endpoint (https://…/token)",
        )
    missing = [name for name in ("clientId", "clientSecret") if not options.get(name)]
    if missing:
        raise UsageError(
            f"{origin}: `sasl.jaas.config` has no `{missing[0]}` for OAUTHBEARER",
            hint='add `clientId="…" clientSecret="…"` (and `scope="…"` if your provider '
            "needs one) to the OAuthBearerLoginModule entry",
        )
    settings = {
        "sasl.oauthbearer.method": "oidc",
        "sasl.oauthbearer.token.endpoint.url": props[TOKEN_ENDPOINT],
        "sasl.oauthbearer.client.id": options["clientId"],
        "sasl.oauthbearer.client.secret": options["clientSecret"],
    }
    if options.get("scope"):
        settings["sasl.oauthbearer.scope"] = options["scope"]
    extensions = [
        f"{key.removeprefix(_EXTENSION_PREFIX)}={value}"
        for key, value in options.items()
        if key.startswith(_EXTENSION_PREFIX)
    ]
    if extensions:
        settings["sasl.oauthbearer.extensions"] = ",".join(extensions)
    return settings
