"""The AdminClient at the edge: creation from a `ClientConfig`, request counting, and the
translation of confluent-kafka errors into `ClusterError` with messages a user can act on.

librdkafka retries a failed login or connection until the request times out, and only its
`error_cb` and log say why. ktb listens to both while it waits for the first answer, so a
wrong password or address is one specific error within a second or two instead of a timeout
15 s later. Nothing outside `ktb_action.kafka` sees a confluent-kafka type or exception.
"""

from __future__ import annotations

import logging
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

from confluent_kafka.admin import AdminClient
from confluent_kafka.cimpl import KafkaError, KafkaException

from ktb_action.core.no_answer import NoAnswer
from ktb_action.errors import ClusterError
from ktb_action.kafka.config import (
    REDACTED,
    ClientConfig,
    is_secret,
)
from ktb_action.kafka.mechanisms import (
    describe_mechanism,
    login_hint,
    login_who,
    token_failure,
    unusable_token,
)
from ktb_action.kafka.msk_iam import is_msk_iam, token_callback

P = ParamSpec("P")
R = TypeVar("R")

DEFAULT_TIMEOUT_S = 60.0
CONNECT_TIMEOUT_S = 15.0
"""How long the first request of a run may take when librdkafka reports nothing (a host that
drops packets); refused connections and failed logins are reported much sooner."""
UNREACHABLE_GRACE_S = 2.0
"""How long every broker may stay unreachable before the run stops: a broker restarting is
back within this, a wrong address or port never is."""
LOST_AFTER_S = 10.0
"""How long every broker may stay unreachable while an answer is awaited once the cluster has
answered: then the request is given up as sent with no answer (a broker that restarts is
back within this; a dead one is detected well within 15 s instead of a 60 s timeout)."""
_POLL_S = 0.05
"""How often librdkafka's error and log callbacks are served while a request is under way."""

# Kafka error names that mean "you may not", with the permission they are about.
_DENIED = {
    "TOPIC_AUTHORIZATION_FAILED",
    "GROUP_AUTHORIZATION_FAILED",
    "CLUSTER_AUTHORIZATION_FAILED",
    "TRANSACTIONAL_ID_AUTHORIZATION_FAILED",
    "DELEGATION_TOKEN_AUTHORIZATION_FAILED",
}


def kafka_resource_type_name(kind: str) -> str:
    """confluent-kafka's name of a Kafka ACL resource type: Kafka's CLUSTER is its BROKER."""
    return "BROKER" if kind == "CLUSTER" else str(kind)


class CountingAdmin:
    """An AdminClient whose requests are counted by method, for tests and benchmarks:
    reading the cluster must take a constant number of round trips."""

    def __init__(
        self, client: Any, *, debug: bool = False, watch: ConnectionWatch | None = None
    ) -> None:
        self.client = client
        """The AdminClient itself: requests go through `send` with one of its methods."""
        self._debug = debug
        self.watch = watch
        self.requests: Counter[str] = Counter()

    def send(self, method: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Send one admin request, `method` being a method of `client`; counted by its name
        and, with `--debug`, logged to stderr (names and counts only: never a config or a
        credential)."""
        name = method.__name__
        self.requests[name] += 1
        if self._debug:
            print(f"debug: admin request {name} (#{self.requests[name]})", file=sys.stderr)
        return method(*args, **kwargs)

    def result(self, future: Future[Any]) -> Any:
        """The future's result, with librdkafka's reports served meanwhile. Until the cluster
        has answered once, a login or connection that cannot succeed raises `ClusterError` at
        once. After that, every broker unreachable for `LOST_AFTER_S` raises `NoAnswerError`:
        the request may or may not have been carried out."""
        watch = self.watch
        if watch is None:
            return future.result()
        waiting_since = time.monotonic()
        while True:
            try:
                value = future.result(timeout=_POLL_S)
            except TimeoutError:
                self.alive(waiting_since)
                continue
            watch.answered()
            return value

    def alive(self, waiting_since: float) -> None:
        """Raise the watch's failure: after the first answer, `NoAnswerError` once every
        broker has been unreachable for `LOST_AFTER_S` of a wait that began at
        `waiting_since` (an outage reported while the client was idle, such as the broker
        closing an idle connection, counts only from then)."""
        if self.watch is not None:
            self.client.poll(0)
            failure = self.watch.failure(time.monotonic(), waiting_since)
            if failure is not None:
                raise failure from None

    @property
    def total(self) -> int:
        """All requests sent so far."""
        return sum(self.requests.values())


_THREAD_PREFIX = re.compile(r"^\[thrd:[^\]]*\]: ")
_BROKER_PREFIX = re.compile(r"^(?:\w+://)?(?P<address>[^\s/]+)/[\w-]+: ")
_NO_MECHANISMS = ": broker's supported mechanisms:"
_STATE_SUFFIX = re.compile(r"\s*\(after \d+ms in state \w+\)\s*$")
_CONNECT_FAILED = re.compile(r"^Connect to \S+ failed: ")
_AUTH_PREFIXES = ("SASL authentication error: ", "Authentication failed: ")
_MECHANISM = re.compile(r"^SASL \S+ mechanism handshake failed: (?:Broker: )?")
_UNREACHABLE_HINT = (
    "check --bootstrap-servers (host and port), that the brokers run and this machine can "
    "reach them, and that security.protocol matches the listener"
)


@dataclass
class ConnectionWatch:
    """What librdkafka reports about connections and logins, through its `error_cb` and its
    log, judged: is there still a chance that the request we wait for succeeds?

    - a refused login or TLS handshake (`_AUTHENTICATION`, `_SSL`) is a configuration error
      that retrying cannot fix: fail at once;
    - every broker down (`_ALL_BROKERS_DOWN`) for `UNREACHABLE_GRACE_S`: fail with the last
      connection failure librdkafka gave (refused, unresolvable, closed by the peer).

    Every text is scrubbed of the config's secret values before it is kept or logged,
    although librdkafka never puts them in a message: a password must not leak even then.
    """

    settings: Mapping[str, str]
    connected: bool = False
    fatal: ClusterError | None = None
    down_since: float | None = None
    last_failure: tuple[str, str] | None = None
    """The broker address and cause of the latest failed connection."""
    _secrets: tuple[str, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._secrets = tuple(v for k, v in self.settings.items() if is_secret(k) and v)

    def scrub(self, text: str) -> str:
        """`text` with every secret value of the config replaced by `[redacted]`."""
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text

    def answered(self) -> None:
        """The cluster answered a request: whatever was down is back."""
        self.connected = True
        self.down_since = None

    def on_error(self, error: KafkaError) -> None:
        """librdkafka's `error_cb`: a client-level error, usually about one connection."""
        name = error.name()
        if self.connected:
            if name == "_ALL_BROKERS_DOWN" and self.down_since is None:
                self.down_since = time.monotonic()
            return
        if self.fatal is not None:
            return
        text = self.scrub(str(error.str()))
        if name == "_AUTHENTICATION":
            self.fatal = self._login_failure(text)
        elif name == "_SSL" or (name == "_TRANSPORT" and "SSL handshake failed" in text):
            address, reason = _split_broker(text)
            reason = reason.removeprefix("SSL handshake failed: ")
            self.fatal = ClusterError(
                f"TLS handshake with Kafka at {address} failed: {reason}",
                hint="check security.protocol and the TLS settings (ssl.truststore.location "
                "/ ssl.ca.location, ssl.endpoint.identification.algorithm) of the client config",
            )
        elif name == "_ALL_BROKERS_DOWN":
            if self.down_since is None:
                self.down_since = time.monotonic()
        elif name in ("_TRANSPORT", "_RESOLVE"):
            self.last_failure = _connection_failure(text)

    def on_log(self, facility: str, message: str) -> None:
        """A librdkafka log line. Some connection failures (a PLAINTEXT client on a SASL
        listener: the broker just closes the socket) reach only the log, never `error_cb`."""
        if self.connected:
            return
        if facility == "FAIL" and _AUTH_PREFIXES[0] in message and self.fatal is None:
            # An OAUTHBEARER token the broker refuses reaches only the log.
            self.fatal = self._login_failure(self.scrub(message))
        elif facility == "FAIL":
            self.last_failure = _connection_failure(self.scrub(message))
        elif facility == "OIDC" and self.fatal is None:
            self.fatal = token_failure(self.scrub(message))

    def failure(self, now: float, waiting_since: float = 0.0) -> ClusterError | None:
        """The error to stop with, or None while the request (awaited since
        `waiting_since`) may still succeed."""
        if self.fatal is not None:
            return self.fatal
        if self.connected:
            if self.down_since is None or now - max(self.down_since, waiting_since) < LOST_AFTER_S:
                return None
            return NoAnswerError(
                f"no answer: every broker was unreachable for {LOST_AFTER_S:.0f}s",
                hint="the cluster may or may not have made the change: plan again once it answers",
            )
        if self.down_since is None or now - self.down_since < UNREACHABLE_GRACE_S:
            return None
        bootstrap = self.settings.get("bootstrap.servers", "")
        if self.last_failure is None:
            return ClusterError(f"cannot connect to Kafka at {bootstrap}", _UNREACHABLE_HINT)
        address, reason = self.last_failure
        if address in bootstrap.split(","):
            message = f"cannot connect to Kafka at {address}: {reason}"
            return ClusterError(message, _UNREACHABLE_HINT)
        # The bootstrap servers answered and named brokers this machine cannot reach.
        return ClusterError(
            f"cannot connect to Kafka broker {address}, which {bootstrap} named: {reason}",
            hint="the brokers' advertised.listeners must be addresses this machine can reach",
        )

    def _login_failure(self, text: str) -> ClusterError:
        address, reason = _split_broker(text)
        unusable = unusable_token(reason, self.settings)
        if unusable is not None:
            return unusable
        who = login_who(self.settings)
        mechanism = self.settings.get("sasl.mechanism", "GSSAPI").upper()
        handshake = _MECHANISM.match(reason)
        if handshake is not None:
            # The listener speaks no SASL or not this mechanism: the broker names its list,
            # an empty one when it has no SASL at all.
            reason = reason[handshake.end() :]
            if reason.endswith(_NO_MECHANISMS):
                reason = reason.removesuffix(_NO_MECHANISMS) + " (the listener offers no SASL)"
            return ClusterError(
                f"authentication failed for {who} at {address} (SASL {mechanism}): {reason}",
                hint="set sasl.mechanism to one the listener supports, or security.protocol "
                "to what the listener speaks (SASL_PLAINTEXT, SASL_SSL, PLAINTEXT, SSL)",
            )
        for prefix in _AUTH_PREFIXES:
            reason = reason.removeprefix(prefix)
        return ClusterError(
            f"authentication failed for {who} at {address} (SASL {mechanism}): {reason}",
            hint=login_hint(self.settings),
        )


class NoAnswerError(ClusterError):
    """A request was sent and its answer never came (lost connection, every broker down, a
    timeout): whether the cluster carried it out is unknown."""


_NO_ANSWER = {"_TRANSPORT", "_TIMED_OUT", "_ALL_BROKERS_DOWN", "REQUEST_TIMED_OUT"}
"""librdkafka error names that mean the request's answer was lost, not refused."""


def _split_broker(text: str) -> tuple[str, str]:
    """`sasl_plaintext://host:port/bootstrap: reason (after 3ms in state X)` -> address and
    reason; librdkafka prefixes connection errors with the broker and ends them with timing."""
    text = _STATE_SUFFIX.sub("", _THREAD_PREFIX.sub("", text))
    match = _BROKER_PREFIX.match(text)
    if match is None:
        return "?", text
    return match.group("address"), text[match.end() :]


def _connection_failure(text: str) -> tuple[str, str]:
    """The broker and cause of a failed connection, without librdkafka's framing: `Connection
    refused`, `Failed to resolve 'host:9092': Name or service not known` …"""
    address, reason = _split_broker(text)
    return address, _CONNECT_FAILED.sub("", reason).removeprefix("Disconnected: ")


@dataclass
class AdminSession:
    """One connection to a cluster, with who we are (for "not allowed" messages)."""

    admin: CountingAdmin
    principal: str
    """`User:<sasl.username>`, or `the client` when the config names no user."""
    bootstrap: str
    timeout: float = DEFAULT_TIMEOUT_S


def connect(
    config: ClientConfig, *, timeout: float = DEFAULT_TIMEOUT_S, debug: bool = False
) -> AdminSession:
    """An admin session for `config`; raises `ClusterError` if the config is refused."""
    settings = config.as_dict()
    if debug:
        print(f"debug: authentication: {describe_mechanism(settings)}", file=sys.stderr)
    watch = ConnectionWatch(settings)
    librdkafka: dict[str, Any] = {**settings, "error_cb": watch.on_error}
    if is_msk_iam(settings):
        librdkafka["oauth_cb"] = token_callback(settings)
    try:
        client = AdminClient(librdkafka, logger=librdkafka_logger(watch, debug))
    except KafkaException as error:
        raise ClusterError(
            f"the client configuration was refused: {describe(error)}",
            hint="check the --client-config file and KTB_KAFKA_* variables",
        ) from None
    username = settings.get("sasl.username")
    return AdminSession(
        admin=CountingAdmin(client, debug=debug, watch=watch),
        principal=f"User:{username}" if username else "the client",
        bootstrap=settings.get("bootstrap.servers", ""),
        timeout=timeout,
    )


def librdkafka_logger(watch: ConnectionWatch, debug: bool) -> logging.Logger:
    """Where librdkafka's own log lines go: to `watch`, and with `--debug` (scrubbed) to
    stderr. Without it nothing is printed: an unreachable broker would print a connection
    failure every 50 ms before ktb can say one clear sentence about it. A standalone logger:
    nothing global is configured."""
    logger = logging.Logger("ktb.librdkafka", logging.DEBUG)
    logger.addHandler(_LibrdkafkaHandler(watch, debug))
    return logger


class _LibrdkafkaHandler(logging.Handler):
    """confluent-kafka logs each librdkafka line as `log(level, "%s [%s] %s", facility,
    client name, text)`."""

    def __init__(self, watch: ConnectionWatch, debug: bool) -> None:
        super().__init__()
        self.watch = watch
        self.debug = debug

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args
        if isinstance(args, tuple) and len(args) == 3:
            self.watch.on_log(str(args[0]), str(args[2]))
        if self.debug:
            line = self.watch.scrub(record.getMessage())
            print(f"debug: librdkafka: {line}", file=sys.stderr)


def kafka_error(error: BaseException) -> Any:
    """The `KafkaError` inside an exception from a future or a call, if there is one."""
    if isinstance(error, KafkaException) and error.args and isinstance(error.args[0], KafkaError):
        return error.args[0]
    return None


def describe(error: BaseException) -> str:
    """Kafka's own words for an error: its name and text, never the client config."""
    inner = kafka_error(error)
    if inner is None:
        return str(error) or type(error).__name__
    return f"{inner.name()}: {inner.str()}"


def failure_message(
    error: BaseException, session: AdminSession, operation: str, resource: str
) -> str:
    """What failed for one resource; authorization failures name the missing permission."""
    inner = kafka_error(error)
    if inner is not None and inner.name() in _DENIED:
        return f"{session.principal} is not allowed {operation} on {resource} ({inner.name()})"
    return describe(error)


def wait(
    future: Future[Any], session: AdminSession, operation: str, resource: str
) -> tuple[Any, str | None]:
    """The result of one per-resource future, or the message of its failure: a `NoAnswer`
    when the request was sent but its answer lost. A cluster that cannot be reached or
    logged into in the first place raises `ClusterError` (see `CountingAdmin.result`)."""
    try:
        return session.admin.result(future), None
    except NoAnswerError as error:
        return None, NoAnswer(error.message)
    except ClusterError:
        raise
    except Exception as error:
        message = failure_message(error, session, operation, resource)
        inner = kafka_error(error)
        if inner is not None and inner.name() in _NO_ANSWER:
            return None, NoAnswer(f"no answer: {message}")
        return None, message


def request(
    session: AdminSession,
    operation: str,
    resource: str,
    method: Callable[P, Any],
    *args: P.args,
    **kwargs: P.kwargs,
) -> Any:
    """Send a whole-cluster request (`method` of the session's client) and wait for it; any
    failure becomes a `ClusterError` about `operation` on `resource`."""
    try:
        result = session.admin.send(method, *args, **kwargs)
        return session.admin.result(result) if isinstance(result, Future) else result
    except ClusterError:
        raise
    except Exception as error:
        raise cluster_error(error, session, operation, resource) from None


def cluster_error(
    error: BaseException, session: AdminSession, operation: str, resource: str
) -> ClusterError:
    """A failure of a request that concerns the whole run."""
    inner = kafka_error(error)
    if inner is not None and inner.name() in _DENIED:
        return ClusterError(
            failure_message(error, session, operation, resource),
            hint=f"grant {operation} on {resource} to {session.principal}",
        )
    if inner is not None and inner.name() in {"_TRANSPORT", "_TIMED_OUT", "_ALL_BROKERS_DOWN"}:
        return ClusterError(
            f"cannot reach Kafka at {session.bootstrap}: {describe(error)}",
            hint="check --bootstrap-servers, the network, and the security settings "
            "(security.protocol, sasl.mechanism) of the client config",
        )
    return ClusterError(f"{operation} on {resource} failed: {describe(error)}")
