"""The AdminClient at the edge: creation from a `ClientConfig`, request counting, and the
translation of confluent-kafka errors into `ClusterError` with messages a user can act on.

Nothing outside `ktb_action.kafka` sees a confluent-kafka type or exception.
"""

from __future__ import annotations

import logging
import sys
from collections import Counter
from collections.abc import Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from confluent_kafka.admin import AdminClient
from confluent_kafka.cimpl import KafkaError, KafkaException

from ktb_action.errors import ClusterError
from ktb_action.kafka.config import ClientConfig, ConnectionOptions, resolve_client_config

DEFAULT_TIMEOUT_S = 60.0
CONNECT_TIMEOUT_S = 15.0
"""How long the first request of a run may take: an unreachable cluster is reported then."""

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


def resource_type_from_kafka(name: str) -> str:
    """Kafka's name of a confluent-kafka resource type (the inverse of the above)."""
    return "CLUSTER" if name == "BROKER" else name


class CountingAdmin:
    """An AdminClient whose requests are counted by method, for tests and benchmarks:
    reading the cluster must take a constant number of round trips."""

    def __init__(self, client: Any, *, debug: bool = False) -> None:
        self._client = client
        self._debug = debug
        self.requests: Counter[str] = Counter()

    def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """Send one admin request (`method` is the AdminClient method's name); with `--debug`
        it is logged to stderr (names and counts only: never a config or a credential)."""
        self.requests[method] += 1
        if self._debug:
            print(f"debug: admin request {method} (#{self.requests[method]})", file=sys.stderr)
        return getattr(self._client, method)(*args, **kwargs)

    @property
    def total(self) -> int:
        """All requests sent so far."""
        return sum(self.requests.values())


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
    librdkafka: dict[str, str | int | float | bool] = dict(settings)
    try:
        client = AdminClient(librdkafka, logger=_librdkafka_logger(debug))
    except KafkaException as error:
        raise ClusterError(
            f"the client configuration was refused: {describe(error)}",
            hint="check the --client-config file and KTB_KAFKA_* variables",
        ) from None
    username = settings.get("sasl.username")
    return AdminSession(
        admin=CountingAdmin(client, debug=debug),
        principal=f"User:{username}" if username else "the client",
        bootstrap=settings.get("bootstrap.servers", ""),
        timeout=timeout,
    )


def _librdkafka_logger(debug: bool) -> logging.Logger:
    """Where librdkafka's own log lines go: stderr with `--debug`, else nowhere. Without it,
    an unreachable broker prints a connection failure every 50 ms before ktb can say one
    clear sentence about it. A standalone logger: nothing global is configured."""
    logger = logging.Logger("ktb.librdkafka", logging.DEBUG if debug else logging.CRITICAL + 1)
    if debug:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("debug: librdkafka: %(message)s"))
        logger.addHandler(handler)
    return logger


def open_session(options: ConnectionOptions, env: Mapping[str, str]) -> AdminSession:
    """A session for the command line's connection options and `KTB_KAFKA_*` variables."""
    return connect(resolve_client_config(options, env), debug=options.debug)


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
    """The result of one per-resource future, or the message of its failure."""
    try:
        return future.result(), None
    except Exception as error:
        return None, failure_message(error, session, operation, resource)


def request(
    session: AdminSession, method: str, operation: str, resource: str, *args: Any, **kwargs: Any
) -> Any:
    """Send a whole-cluster request and wait for it; any failure becomes a `ClusterError`."""
    try:
        result = session.admin.call(method, *args, **kwargs)
        return result.result() if isinstance(result, Future) else result
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
