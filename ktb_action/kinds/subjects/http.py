"""The Schema Registry adapter: Confluent's REST API over `requests`. Every `requests`
exception and every error answer becomes a `RegistryError` here, with the registry's own
message; neither credentials nor request headers ever appear in one."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import requests

from ktb_action.kafka.token_auth import BearerAuth
from ktb_action.kafka.tokens import INHERIT, TokenSource, inherited, refused_token_hint
from ktb_action.kinds.subjects.port import Latest, Reference, RegistryError, Verdict

MEDIA_TYPE = "application/vnd.schemaregistry.v1+json"
TIMEOUT_SECONDS = 30
SUBJECT_NOT_FOUND = 40401
VERSION_NOT_FOUND = 40402
SCHEMA_NOT_FOUND = 40403
SUBJECT_LEVEL_NOT_CONFIGURED = 40408
ENV_PREFIX = "KTB_SCHEMA_REGISTRY_"


@dataclass(frozen=True)
class RegistryConnection:
    """Where the registry is and how to authenticate; `repr` never shows a credential."""

    url: str
    user_info: str | None = None
    """`user:password` for HTTP basic authentication."""
    bearer_token: str | None = None
    ca_file: str | None = None
    cert_file: str | None = None
    key_file: str | None = None
    tokens: TokenSource | None = None
    """The Kafka login's OAuth tokens (`bearer_auth_credentials_source:
    SASL_OAUTHBEARER_INHERIT`), sent as bearer tokens."""

    def __repr__(self) -> str:
        return f"RegistryConnection(url={self.url!r})"

    @property
    def authentication(self) -> str:
        """How requests authenticate, for `--debug` (never a credential)."""
        if self.user_info:
            how = f"HTTP basic as `{self.user_info.partition(':')[0]}`"
        elif self.tokens is not None:
            how = f"bearer token ({INHERIT}: {self.tokens.description})"
        elif self.bearer_token:
            how = "static bearer token"
        else:
            how = "none"
        return how + (f", TLS client certificate {self.cert_file}" if self.cert_file else "")


_SOURCE_SETTING = "schema_registry.bearer_auth_credentials_source"


def connection_from(
    settings: Mapping[str, str | None],
    env: Mapping[str, str],
    tokens: TokenSource | None = None,
) -> RegistryConnection | None:
    """The connection from the settings' `schema_registry` values, each overridden by its
    `KTB_SCHEMA_REGISTRY_<KEY>` variable; None when no URL is configured anywhere. With
    `bearer_auth_credentials_source: SASL_OAUTHBEARER_INHERIT` it sends `tokens`."""
    keys = ("url", "user_info", "bearer_token", "ca_file", "cert_file", "key_file")
    value = {key: env.get(ENV_PREFIX + key.upper()) or settings.get(key) for key in keys}
    if not value["user_info"] and env.get(ENV_PREFIX + "USERNAME"):
        value["user_info"] = (
            f"{env[ENV_PREFIX + 'USERNAME']}:{env.get(ENV_PREFIX + 'PASSWORD', '')}"
        )
    source = env.get(ENV_PREFIX + "BEARER_AUTH_CREDENTIALS_SOURCE") or settings.get(
        "bearer_auth_credentials_source"
    )
    url = value.pop("url")
    if not url:
        return None
    inherited_tokens = inherited(source, tokens, _SOURCE_SETTING)
    return RegistryConnection(url.rstrip("/"), **value, tokens=inherited_tokens)


class HttpRegistry:
    """`RegistryPort` over HTTP; one session (keep-alive) per run."""

    def __init__(self, connection: RegistryConnection) -> None:
        self._base = connection.url
        self._session = requests.Session()
        self._session.headers["Accept"] = MEDIA_TYPE
        if connection.user_info:
            user, _, password = connection.user_info.partition(":")
            self._session.auth = (user, password)
        elif connection.tokens is not None:
            self._session.auth = BearerAuth(connection.tokens)
        elif connection.bearer_token:
            self._session.headers["Authorization"] = f"Bearer {connection.bearer_token}"
        if connection.ca_file:
            self._session.verify = os.fspath(connection.ca_file)
        if connection.cert_file:
            self._session.cert = (
                (connection.cert_file, connection.key_file)
                if connection.key_file
                else connection.cert_file
            )

    def _call(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        params: dict[str, str] | None = None,
        missing: frozenset[int] = frozenset(),
    ) -> Any:
        """The decoded answer; None for an error whose code is in `missing`."""
        try:
            response = self._session.request(
                method,
                self._base + path,
                json=body,
                params=params,
                timeout=TIMEOUT_SECONDS,
                headers={"Content-Type": MEDIA_TYPE} if body is not None else None,
            )
        except requests.RequestException as error:
            raise RegistryError(
                f"the Schema Registry at `{self._base}` cannot be reached: {type(error).__name__}",
                hint="check `schema_registry.url` (or KTB_SCHEMA_REGISTRY_URL) and the network",
            ) from None
        data = _json(response)
        if response.ok:
            return data
        code = data.get("error_code") if isinstance(data, dict) else None
        if code in missing:
            return None
        message = data.get("message") if isinstance(data, dict) else None
        hint = None
        if response.status_code in (401, 403):
            hint = (
                refused_token_hint(_SOURCE_SETTING)
                if isinstance(self._session.auth, BearerAuth)
                else "check the Schema Registry credentials (KTB_SCHEMA_REGISTRY_USER_INFO or "
                "KTB_SCHEMA_REGISTRY_BEARER_TOKEN)"
            )
        raise RegistryError(
            f"the Schema Registry answered {response.status_code} to {method} {path}: "
            f"{message or response.reason}",
            hint=hint,
        )

    def latest_versions(self) -> list[Latest]:
        """See `RegistryPort.latest_versions`: `GET /schemas?latestOnly=true`."""
        found = self._call("GET", "/schemas", params={"latestOnly": "true"})
        return [
            Latest(
                item["subject"],
                item["version"],
                item["schema"],
                item.get("schemaType", "AVRO"),
                tuple(
                    Reference(ref["name"], ref["subject"], int(ref["version"]))
                    for ref in item.get("references") or ()
                ),
            )
            for item in found
        ]

    def subject_level(self, subject: str) -> str | None:
        """See `RegistryPort.subject_level`."""
        found = self._call("GET", f"/config/{_quoted(subject)}", missing=_NOT_CONFIGURED)
        return None if found is None else str(found["compatibilityLevel"])

    def latest_version(self, subject: str) -> int | None:
        """See `RegistryPort.latest_version`."""
        found = self._call(
            "GET",
            f"/subjects/{_quoted(subject)}/versions/latest",
            missing=frozenset({SUBJECT_NOT_FOUND, VERSION_NOT_FOUND}),
        )
        return None if found is None else int(found["version"])

    def registered_version(
        self, subject: str, schema: str, schema_type: str, references: Sequence[Reference] = ()
    ) -> int | None:
        """See `RegistryPort.registered_version`."""
        found = self._call(
            "POST",
            f"/subjects/{_quoted(subject)}",
            body=_schema_body(schema, schema_type, references),
            missing=frozenset({SUBJECT_NOT_FOUND, SCHEMA_NOT_FOUND}),
        )
        return None if found is None else int(found["version"])

    def check(
        self, subject: str, schema: str, schema_type: str, references: Sequence[Reference] = ()
    ) -> Verdict:
        """See `RegistryPort.check`."""
        found = self._call(
            "POST",
            f"/compatibility/subjects/{_quoted(subject)}/versions/latest",
            body=_schema_body(schema, schema_type, references),
            params={"verbose": "true"},
        )
        return Verdict(bool(found["is_compatible"]), tuple(found.get("messages") or ()))

    def register(
        self, subject: str, schema: str, schema_type: str, references: Sequence[Reference] = ()
    ) -> None:
        """See `RegistryPort.register`."""
        self._call(
            "POST",
            f"/subjects/{_quoted(subject)}/versions",
            body=_schema_body(schema, schema_type, references),
        )

    def set_level(self, subject: str, level: str) -> None:
        """See `RegistryPort.set_level`."""
        self._call("PUT", f"/config/{_quoted(subject)}", body={"compatibility": level})

    def delete(self, subject: str) -> Sequence[int]:
        """See `RegistryPort.delete` (no `permanent=true`: a soft delete)."""
        return list(self._call("DELETE", f"/subjects/{_quoted(subject)}"))

    def close(self) -> None:
        """See `RegistryPort.close`."""
        self._session.close()


_NOT_CONFIGURED = frozenset({SUBJECT_NOT_FOUND, SUBJECT_LEVEL_NOT_CONFIGURED})


def _quoted(subject: str) -> str:
    return quote(subject, safe="")


def _schema_body(
    schema: str, schema_type: str, references: Sequence[Reference] = ()
) -> dict[str, Any]:
    # As Confluent's serializers do: AVRO is the default and is not named, nor are no references.
    body: dict[str, Any] = {"schema": schema}
    if schema_type != "AVRO":
        body["schemaType"] = schema_type
    if references:
        body["references"] = [
            {"name": ref.name, "subject": ref.subject, "version": ref.version} for ref in references
        ]
    return body


def _json(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None
