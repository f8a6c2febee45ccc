"""The AdminClient at the edge: creation from a `ClientConfig`, request counting, and the
translation of confluent-kafka errors into `ClusterError` with messages a user can act on.

Every wait on an answer is judged by the session's `ConnectionWatch` (`connection_watch`):
a wrong password or address is one specific error within a second or two instead of a
timeout. Nothing outside `ktb_action.kafka` sees a confluent-kafka type or exception.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from confluent_kafka.admin import AdminClient
from confluent_kafka.cimpl import KafkaError, KafkaException

from ktb_action.core.no_answer import NoAnswer
from ktb_action.errors import ClusterError
from ktb_action.kafka.config import ClientConfig
from ktb_action.kafka.connection_watch import ConnectionWatch, NoAnswerError, librdkafka_logger
from ktb_action.kafka.mechanisms import describe_mechanism
from ktb_action.kafka.msk_iam import is_msk_iam, token_callback

P = ParamSpec("P")
R = TypeVar("R")

DEFAULT_TIMEOUT_S = 60.0
CONNECT_TIMEOUT_S = 15.0
"""How long the first request of a run may take when librdkafka reports nothing (a host that
drops packets); refused connections and failed logins are reported much sooner."""
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


_NO_ANSWER = {"_TRANSPORT", "_TIMED_OUT", "_ALL_BROKERS_DOWN", "REQUEST_TIMED_OUT"}
"""librdkafka error names that mean the request's answer was lost, not refused."""


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
