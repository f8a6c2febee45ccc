"""What librdkafka says about connections and logins, judged while a request is awaited.

librdkafka retries a failed login or connection until the request times out, and only its
`error_cb` and log say why. `ConnectionWatch` listens to both, so a wrong password or address
is one specific error within a second or two instead of a timeout 15 s later, and a cluster
that stops answering mid-run is told apart from one that refused.
"""

from __future__ import annotations

import logging
import re
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from confluent_kafka.cimpl import KafkaError

from ktb_action.errors import ClusterError
from ktb_action.kafka.config import REDACTED, is_secret
from ktb_action.kafka.mechanisms import login_hint, login_who, token_failure, unusable_token

UNREACHABLE_GRACE_S = 2.0
"""How long every broker may stay unreachable before the run stops: a broker restarting is
back within this, a wrong address or port never is."""
LOST_AFTER_S = 10.0
"""How long every broker may stay unreachable while an answer is awaited once the cluster has
answered: then the request is given up as sent with no answer (a broker that restarts is
back within this; a dead one is detected well within 15 s instead of a 60 s timeout)."""

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
