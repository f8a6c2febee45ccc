"""Client quotas on the cluster, through kafka-python: the one module that imports it.

confluent-kafka (librdkafka) has no client-quota API. kafka-python 3.x ships the protocol
classes of DescribeClientQuotas and AlterClientQuotas but no admin method for them, so they
are sent the way kafka-python's own admin methods send theirs: through its admin client's
connection manager (`_manager`, an internal name; the version is pinned exactly for it).
The client is configured from the same librdkafka settings as the rest of ktb
(`resolve_client_config`): `kafka_python_options` translates them, and refuses what
kafka-python cannot do. Every kafka-python exception becomes a `ClusterError` here.
"""

from __future__ import annotations

import logging
import time
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any, Protocol

from ktb_action.errors import ClusterError, UsageError
from ktb_action.kafka.admin import CONNECT_TIMEOUT_S, DEFAULT_TIMEOUT_S
from ktb_action.kafka.config import REDACTED, ClientConfig, is_secret
from ktb_action.kafka.mechanisms import login_hint, login_who
from ktb_action.kafka.tokens import TokenSource
from ktb_action.kafka.visibility import Pace
from ktb_action.kinds.quotas.values import ENTITY_TYPES, QUOTA_KEYS, QuotaEntity, QuotaValues

# kafka-python 3.0 reads its protocol descriptions with an importlib API that warns on
# Python 3.11; the warning is about its code, not ours, and tests turn warnings into errors.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import kafka.errors as kafka_errors
    from kafka import KafkaAdminClient
    from kafka.net.compat import KafkaNetClient
    from kafka.net.sasl.oauth import AbstractTokenProvider
    from kafka.protocol.admin import AlterClientQuotasRequest, DescribeClientQuotasRequest

_LOGIN_REFUSED = (kafka_errors.SaslAuthenticationFailedError, kafka_errors.AuthorizationError)
DESCRIBE = "DescribeClientQuotas"
ALTER = "AlterClientQuotas"

# Cluster permissions the two requests need (Kafka's authorizer).
_PERMISSION = {DESCRIBE: "DESCRIBE_CONFIGS", ALTER: "ALTER_CONFIGS"}

# librdkafka settings with a kafka-python option of the same meaning and type.
_STRING_OPTIONS = {
    "bootstrap.servers": "bootstrap_servers",
    "client.id": "client_id",
    "sasl.username": "sasl_plain_username",
    "sasl.password": "sasl_plain_password",
    "ssl.ca.location": "ssl_cafile",
    "ssl.certificate.location": "ssl_certfile",
    "ssl.key.location": "ssl_keyfile",
    "ssl.key.password": "ssl_password",
}
_MILLISECOND_OPTIONS = {
    "reconnect.backoff.ms": "reconnect_backoff_ms",
    "reconnect.backoff.max.ms": "reconnect_backoff_max_ms",
    "retry.backoff.ms": "retry_backoff_ms",
    "metadata.max.age.ms": "metadata_max_age_ms",
    "connections.max.idle.ms": "connections_max_idle_ms",
}
# Tuning and diagnostics of librdkafka with no counterpart that changes what is sent.
_IGNORED = frozenset({"debug", "socket.timeout.ms", "socket.connection.setup.timeout.ms"})
_MECHANISMS = frozenset({"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER"})
_TOKEN_SETTINGS = frozenset(
    {
        "sasl.oauthbearer.method",
        "sasl.oauthbearer.client.id",
        "sasl.oauthbearer.client.secret",
        "sasl.oauthbearer.token.endpoint.url",
        "sasl.oauthbearer.scope",
        "sasl.oauthbearer.config",
    }
)
"""Read by the run's token source (`tokens.token_source`), which hands kafka-python tokens."""
_PROTOCOLS = frozenset({"PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"})


class QuotaPort(Protocol):
    """The cluster's client quotas, as the plan and apply of quotas need them."""

    def read(self) -> dict[QuotaEntity, QuotaValues]:
        """Every user / client-id entity that has quotas, with them (one request)."""
        ...

    def alter(
        self, changes: Sequence[tuple[QuotaEntity, Mapping[str, float | None]]]
    ) -> dict[QuotaEntity, str | None]:
        """Set (a value) or remove (None) quota keys of entities, in one request; per
        entity None when done, else Kafka's reason."""
        ...

    def wait_until_visible(self) -> None:
        """Wait until reads show what the alterations so far did (bounded)."""
        ...

    def close(self) -> None:
        """Close the connection."""
        ...


class _Tokens(AbstractTokenProvider):  # type: ignore[misc]
    """kafka-python's token provider on the run's shared token source."""

    def __init__(self, source: TokenSource) -> None:
        super().__init__()
        self._source = source

    def token(self) -> str:
        return self._source.token()


def kafka_python_options(
    settings: Mapping[str, str], tokens: TokenSource | None = None
) -> dict[str, Any]:
    """kafka-python's admin client options for librdkafka `settings` (no secret in errors);
    an OAUTHBEARER login takes its tokens from `tokens`, the run's shared source.

    Raises `UsageError` naming the setting kafka-python cannot honour.
    """
    options: dict[str, Any] = {}
    if settings.get("sasl.mechanism", "").upper() == "OAUTHBEARER":
        if tokens is None:
            raise _unsupported(
                "sasl.mechanism",
                "OAUTHBEARER needs OIDC client credentials (`sasl.oauthbearer.token.endpoint."
                "url`) or AWS MSK IAM for client quotas",
            )
        options["sasl_oauth_token_provider"] = _Tokens(tokens)
    for name, value in settings.items():
        if name in _STRING_OPTIONS:
            options[_STRING_OPTIONS[name]] = value
        elif name in _MILLISECOND_OPTIONS:
            options[_MILLISECOND_OPTIONS[name]] = _milliseconds(name, value)
        elif name == "security.protocol":
            options["security_protocol"] = _one_of(name, value.upper(), _PROTOCOLS)
        elif name == "sasl.mechanism":
            options["sasl_mechanism"] = _one_of(name, value.upper(), _MECHANISMS)
        elif name == "ssl.endpoint.identification.algorithm":
            options["ssl_check_hostname"] = value.lower() == "https"
        elif name == "enable.ssl.certificate.verification" and value.lower() == "false":
            raise _unsupported(name, "client quotas are managed only over verified TLS")
        elif name not in {*_IGNORED, *_TOKEN_SETTINGS, "enable.ssl.certificate.verification"}:
            raise _unsupported(name, "remove it, or manage client quotas another way")
    return options


def _milliseconds(name: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise UsageError(
            f"client setting `{name}` is not a whole number of milliseconds",
            hint=f"set `{name}` to e.g. `1000`",
        ) from None


def _one_of(name: str, value: str, allowed: frozenset[str]) -> str:
    if value not in allowed:
        raise _unsupported(name, "use " + ", ".join(sorted(allowed)))
    return value


def _unsupported(name: str, hint: str) -> UsageError:
    return UsageError(
        f"client setting `{name}` is not supported for client quotas (kafka-python)", hint=hint
    )


class KafkaQuotas:
    """`QuotaPort` on a cluster, over one kafka-python admin client; close it after use
    (it is a context manager). `requests` counts the requests sent, by API name."""

    def __init__(self, client: Any, principal: str, timeout: float) -> None:
        self._client = client
        self._principal = principal
        self._timeout_ms = int(timeout * 1000)
        self.requests: Counter[str] = Counter()
        self._expected: dict[QuotaEntity, dict[str, float | None]] = {}

    def read(self) -> dict[QuotaEntity, QuotaValues]:
        """Every user / client-id entity with quotas (entities of other types, such as IP
        addresses, and keys ktb does not manage are left out)."""
        # No filter component and not strict: every entity with a quota.
        response = self._send(DESCRIBE, DescribeClientQuotasRequest(components=[], strict=False))
        if response.error_code:
            raise self._request_error(DESCRIBE, response.error_code, response.error_message)
        found: dict[QuotaEntity, QuotaValues] = {}
        for entry in response.entries or ():
            parts = tuple((e.entity_type, e.entity_name) for e in entry.entity)
            if not parts or any(entity_type not in ENTITY_TYPES for entity_type, _ in parts):
                continue
            found[QuotaEntity(parts)] = QuotaValues(
                (value.key, value.value) for value in entry.values if value.key in QUOTA_KEYS
            )
        return found

    def alter(
        self, changes: Sequence[tuple[QuotaEntity, Mapping[str, float | None]]]
    ) -> dict[QuotaEntity, str | None]:
        """Set or remove (value None) quota keys of each entity, in one request."""
        if not changes:
            return {}
        entry = AlterClientQuotasRequest.EntryData
        request = AlterClientQuotasRequest(
            entries=[
                entry(
                    entity=[
                        entry.EntityData(entity_type=entity_type, entity_name=name)
                        for entity_type, name in entity.parts
                    ],
                    ops=[
                        entry.OpData(key=key, value=value or 0.0, remove=value is None)
                        for key, value in ops.items()
                    ],
                )
                for entity, ops in changes
            ],
            validate_only=False,
        )
        response = self._send(ALTER, request)
        results: dict[QuotaEntity, str | None] = {}
        for answer in response.entries:
            entity = QuotaEntity(tuple((e.entity_type, e.entity_name) for e in answer.entity))
            results[entity] = self._entry_error(answer.error_code, answer.error_message)
        wanted = dict(changes)
        for entity, error in results.items():
            if error is None:
                self._expected.setdefault(entity, {}).update(wanted[entity])
        return results

    def wait_until_visible(self) -> None:
        """See `QuotaPort.wait_until_visible`: the controller acknowledges an alteration
        before the broker that answers reads has applied it; one read per try, paced as
        apply's other waits (`visibility.Pace`)."""
        expected, self._expected = self._expected, {}
        started = time.monotonic()
        pace = Pace()
        while expected and (elapsed := time.monotonic() - started) < self._timeout_ms / 1000:
            found = self.read()
            shown = sum(
                all(found.get(entity, QuotaValues()).get(k) == v for k, v in keys.items())
                for entity, keys in expected.items()
            ) / len(expected)
            if shown == 1.0:
                return
            time.sleep(pace.pause(shown, elapsed))

    def _send(self, api: str, request: Any) -> Any:
        self.requests[api] += 1
        manager = self._client._manager
        try:
            return manager.run(manager.send, request, None, self._timeout_ms)
        except Exception as error:
            reason = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
            raise ClusterError(
                f"{api} failed: {reason}", hint="check that the cluster is reachable from here"
            ) from None

    def _entry_error(self, code: int, message: str | None) -> str | None:
        if code == 0:
            return None
        error = kafka_errors.for_code(code)
        if issubclass(error, kafka_errors.AuthorizationError):
            return self._denied(ALTER, error.message)
        return f"{error.message}: {message}" if message else str(error.message)

    def _denied(self, api: str, name: str) -> str:
        return f"{self._principal} is not allowed {_PERMISSION[api]} on the cluster ({name})"

    def _request_error(self, api: str, code: int, message: str | None) -> ClusterError:
        error = kafka_errors.for_code(code)
        if issubclass(error, kafka_errors.AuthorizationError):
            return ClusterError(
                self._denied(api, error.message),
                hint=f"grant {_PERMISSION[api]} on the cluster to {self._principal}",
            )
        reason = f"{error.message}: {message}" if message else error.message
        return ClusterError(f"{api} failed: {reason}")

    def close(self) -> None:
        """Close the connections and stop kafka-python's network thread."""
        self._client.close()

    def __enter__(self) -> KafkaQuotas:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def open_quotas(
    config: ClientConfig,
    *,
    timeout: float = DEFAULT_TIMEOUT_S,
    tokens: TokenSource | None = None,
) -> KafkaQuotas:
    """Connect to the cluster of `config` for client quotas, an OAUTHBEARER login with
    tokens from `tokens`; raises `ClusterError` when it cannot be reached or logged into,
    `UsageError` for settings kafka-python cannot honour."""
    settings = config.as_dict()
    options = kafka_python_options(settings, tokens)
    if tokens is not None:
        # A token that cannot be had is its own error, before kafka-python retries a login
        # until its timeout and reports a lost connection.
        tokens.token()
    username = settings.get("sasl.username")
    # The admin client connects in its constructor; when that fails, its network client
    # (sockets and IO thread) must still be closed.
    created: list[Any] = []

    def network_client(**configs: Any) -> Any:
        created.append(KafkaNetClient(**configs))
        return created[-1]

    with _Refusals() as refusals:
        try:
            client = KafkaAdminClient(
                **options,
                request_timeout_ms=int(timeout * 1000),
                bootstrap_timeout_ms=int(CONNECT_TIMEOUT_S * 1000),
                kafka_client=network_client,
            )
        except Exception as error:
            for network in created:
                network.close()
            if refusals.seen:
                raise _refused(refusals.seen[-1], settings) from None
            raise _unreachable(error, settings) from None
    return KafkaQuotas(client, f"User:{username}" if username else "the client", timeout)


class _Refusals(logging.Handler):
    """Why the broker refused a login, as kafka-python logs it: it retries a refused login
    until the bootstrap timeout and then reports only the timeout. Its connection manager
    logs a refused password (`Connection failed: %s`); an OAUTHBEARER token the broker
    refuses is logged only at DEBUG, by the mechanism, with the broker's reason."""

    _LOGGERS = ("kafka.net.manager", "kafka.net.sasl.oauth")

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seen: list[str] = []
        self._levels: list[int] = []

    def __enter__(self) -> _Refusals:
        for name in self._LOGGERS:
            logger = logging.getLogger(name)
            self._levels.append(logger.level)
            logger.setLevel(logging.DEBUG)
            logger.addHandler(self)
        return self

    def __exit__(self, *exc_info: object) -> None:
        for name, level in zip(self._LOGGERS, self._levels, strict=True):
            logger = logging.getLogger(name)
            logger.removeHandler(self)
            logger.setLevel(level)

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args
        if not isinstance(args, tuple) or not args:
            return
        if isinstance(args[0], _LOGIN_REFUSED):
            self.seen.append(str(args[0]).removeprefix("SaslAuthenticationFailedError: "))
        elif record.name == "kafka.net.sasl.oauth" and "SASL OAuth error" in str(record.msg):
            self.seen.append(str(args[0]))


def _refused(reason: str, settings: Mapping[str, str]) -> ClusterError:
    """The broker refused the login (a wrong password, a token it does not accept)."""
    return ClusterError(
        f"authentication failed for {login_who(settings)} at {settings.get('bootstrap.servers')} "
        f"for client quotas (SASL {settings.get('sasl.mechanism', '').upper()}): "
        f"{_scrub(reason, settings)}",
        hint=login_hint(settings),
    )


def _unreachable(error: BaseException, settings: Mapping[str, str]) -> ClusterError:
    return ClusterError(
        f"cannot connect to Kafka at {settings.get('bootstrap.servers', '')} for client "
        f"quotas: {_scrub(str(error) or type(error).__name__, settings)}",
        # kafka-python reports a refused login as a lost connection, retried until the
        # timeout: the credentials are as likely a cause as the address.
        hint="check --bootstrap-servers, the network, the security settings "
        "(security.protocol, sasl.mechanism, ssl.*) and the credentials of the client config",
    )


def _scrub(text: str, settings: Mapping[str, str]) -> str:
    """`text` without any secret of the settings (kafka-python's messages are not ours)."""
    for name, value in settings.items():
        if is_secret(name) and value:
            text = text.replace(value, REDACTED)
    return text
