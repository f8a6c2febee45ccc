"""librdkafka's reports about logins and connections become one specific error, fast, and
never show a secret (fed here as `error_cb` and log input, without a broker)."""

from __future__ import annotations

import logging
from concurrent.futures import Future
from typing import Any

import pytest
from confluent_kafka import KafkaError

from ktb_action.errors import ClusterError
from ktb_action.kafka.admin import CountingAdmin
from ktb_action.kafka.connection_watch import (
    LOST_AFTER_S,
    UNREACHABLE_GRACE_S,
    ConnectionWatch,
    NoAnswerError,
    librdkafka_logger,
)

PASSWORD = "s3cr3t-Pa55"
SASL = {
    "bootstrap.servers": "127.0.0.1:1234",
    "security.protocol": "SASL_PLAINTEXT",
    "sasl.mechanism": "PLAIN",
    "sasl.username": "admin",
    "sasl.password": PASSWORD,
}
WRONG_PASSWORD = (
    "sasl_plaintext://127.0.0.1:1234/bootstrap: SASL authentication error: Authentication "
    "failed: Invalid username or password (after 301ms in state AUTH_REQ)"
)
REFUSED = (
    "127.0.0.1:1234/bootstrap: Connect to ipv4#127.0.0.1:1234 failed: Connection refused "
    "(after 0ms in state CONNECT)"
)


def error(name: str, text: str) -> KafkaError:
    return KafkaError(getattr(KafkaError, name), text)


def first_failure(watch: ConnectionWatch, *reports: tuple[str, str]) -> ClusterError | None:
    for name, text in reports:
        watch.on_error(error(name, text))
    return watch.failure(now=float("inf"))


def test_a_wrong_password_names_the_user_the_broker_and_the_mechanism() -> None:
    failure = first_failure(ConnectionWatch(SASL), ("_AUTHENTICATION", WRONG_PASSWORD))
    assert failure is not None
    assert (failure.message, failure.hint) == (
        "authentication failed for `admin` at 127.0.0.1:1234 (SASL PLAIN): "
        "Invalid username or password",
        "check the username and password in the client config's sasl.jaas.config, "
        "or KTB_KAFKA_SASL_USERNAME / KTB_KAFKA_SASL_PASSWORD",
    )


def test_a_failed_login_is_final_at_once() -> None:
    watch = ConnectionWatch(SASL)
    watch.on_error(error("_AUTHENTICATION", WRONG_PASSWORD))
    assert watch.failure(now=0.0) is not None


def test_an_unsupported_mechanism_names_the_listener_s_mechanisms() -> None:
    text = (
        "sasl_plaintext://127.0.0.1:1234/bootstrap: SASL SCRAM-SHA-256 mechanism handshake "
        "failed: Broker: Unsupported SASL mechanism: broker's supported mechanisms: "
        "PLAIN,SCRAM-SHA-512 (after 301ms in state AUTH_HANDSHAKE)"
    )
    watch = ConnectionWatch({**SASL, "sasl.mechanism": "SCRAM-SHA-256"})
    failure = first_failure(watch, ("_AUTHENTICATION", text))
    assert failure is not None
    assert failure.message == (
        "authentication failed for `admin` at 127.0.0.1:1234 (SASL SCRAM-SHA-256): "
        "Unsupported SASL mechanism: broker's supported mechanisms: PLAIN,SCRAM-SHA-512"
    )


def test_sasl_on_a_listener_without_sasl_says_so() -> None:
    text = (
        "sasl_plaintext://127.0.0.1:1234/bootstrap: SASL PLAIN mechanism handshake failed: "
        "Broker: Request not valid in current SASL state: broker's supported mechanisms:  "
        "(after 9ms in state AUTH_HANDSHAKE)"
    )
    failure = first_failure(ConnectionWatch(SASL), ("_AUTHENTICATION", text))
    assert failure is not None
    assert failure.message == (
        "authentication failed for `admin` at 127.0.0.1:1234 (SASL PLAIN): "
        "Request not valid in current SASL state (the listener offers no SASL)"
    )


def test_a_tls_handshake_failure_is_final_at_once() -> None:
    text = (
        "ssl://127.0.0.1:1234/bootstrap: SSL handshake failed: Disconnected: SSL connection "
        "closed by peer: connecting to a PLAINTEXT broker listener? (after 0ms in state "
        "SSL_HANDSHAKE)"
    )
    watch = ConnectionWatch({"bootstrap.servers": "127.0.0.1:1234", "security.protocol": "SSL"})
    watch.on_error(error("_TRANSPORT", text))
    failure = watch.failure(now=0.0)
    assert failure is not None
    assert failure.message == (
        "TLS handshake with Kafka at 127.0.0.1:1234 failed: Disconnected: SSL connection "
        "closed by peer: connecting to a PLAINTEXT broker listener?"
    )


def test_every_broker_down_is_a_failure_only_after_the_grace() -> None:
    watch = ConnectionWatch({"bootstrap.servers": "127.0.0.1:1234"})
    watch.on_error(error("_TRANSPORT", REFUSED))
    watch.on_error(error("_ALL_BROKERS_DOWN", "1/1 brokers are down"))
    assert watch.down_since is not None
    assert watch.failure(now=watch.down_since + UNREACHABLE_GRACE_S - 0.1) is None
    failure = watch.failure(now=watch.down_since + UNREACHABLE_GRACE_S)
    assert failure is not None
    assert (failure.message, failure.hint) == (
        "cannot connect to Kafka at 127.0.0.1:1234: Connection refused",
        "check --bootstrap-servers (host and port), that the brokers run and this machine can "
        "reach them, and that security.protocol matches the listener",
    )


def test_every_broker_down_after_an_answer_is_no_answer_after_ten_seconds() -> None:
    watch = ConnectionWatch({"bootstrap.servers": "127.0.0.1:1234"})
    watch.answered()
    watch.on_error(error("_TRANSPORT", REFUSED))
    watch.on_error(error("_ALL_BROKERS_DOWN", "1/1 brokers are down"))
    assert watch.down_since is not None
    assert watch.failure(now=watch.down_since + LOST_AFTER_S - 0.1) is None
    failure = watch.failure(now=watch.down_since + LOST_AFTER_S)
    assert isinstance(failure, NoAnswerError)
    assert (failure.message, failure.hint) == (
        "no answer: every broker was unreachable for 10s",
        "the cluster may or may not have made the change: plan again once it answers",
    )


def test_an_outage_reported_while_idle_counts_only_from_the_start_of_a_wait() -> None:
    watch = ConnectionWatch({"bootstrap.servers": "127.0.0.1:1234"})
    watch.answered()
    watch.on_error(error("_ALL_BROKERS_DOWN", "1/1 brokers are down"))
    assert watch.down_since is not None
    later = watch.down_since + 60.0
    assert watch.failure(now=later + LOST_AFTER_S - 0.1, waiting_since=later) is None
    assert isinstance(watch.failure(now=later + LOST_AFTER_S, waiting_since=later), NoAnswerError)


def test_an_answer_after_every_broker_was_down_clears_the_outage() -> None:
    watch = ConnectionWatch({"bootstrap.servers": "127.0.0.1:1234"})
    watch.answered()
    watch.on_error(error("_ALL_BROKERS_DOWN", "1/1 brokers are down"))
    watch.answered()
    assert (watch.down_since, watch.failure(now=float("inf"))) == (None, None)


def test_one_refused_connection_among_several_brokers_is_no_failure() -> None:
    watch = ConnectionWatch({"bootstrap.servers": "127.0.0.1:1234,127.0.0.1:1235"})
    watch.on_error(error("_TRANSPORT", REFUSED))
    assert watch.failure(now=float("inf")) is None


def test_an_unresolvable_host_gives_the_resolver_s_words() -> None:
    text = (
        "nowhere.invalid:9092/bootstrap: Failed to resolve 'nowhere.invalid:9092': Name or "
        "service not known (after 0ms in state CONNECT)"
    )
    watch = ConnectionWatch({"bootstrap.servers": "nowhere.invalid:9092"})
    failure = first_failure(watch, ("_RESOLVE", text), ("_ALL_BROKERS_DOWN", "0/2 brokers"))
    assert failure is not None
    assert failure.message == (
        "cannot connect to Kafka at nowhere.invalid:9092: Failed to resolve "
        "'nowhere.invalid:9092': Name or service not known"
    )


def test_an_advertised_broker_that_cannot_be_reached_is_named_as_such() -> None:
    text = (
        "kafka-0:9092/1: Connect to ipv4#10.0.0.7:9092 failed: Connection refused (after 0ms "
        "in state CONNECT)"
    )
    watch = ConnectionWatch({"bootstrap.servers": "127.0.0.1:9092"})
    failure = first_failure(watch, ("_TRANSPORT", text), ("_ALL_BROKERS_DOWN", "1/1 down"))
    assert failure is not None
    assert (failure.message, failure.hint) == (
        "cannot connect to Kafka broker kafka-0:9092, which 127.0.0.1:9092 named: "
        "Connection refused",
        "the brokers' advertised.listeners must be addresses this machine can reach",
    )


def test_a_disconnect_reported_only_in_the_log_is_the_cause() -> None:
    watch = ConnectionWatch({"bootstrap.servers": "127.0.0.1:1234"})
    watch.on_log(
        "FAIL",
        "[thrd:127.0.0.1:1234/bootstrap]: 127.0.0.1:1234/bootstrap: Disconnected: connection "
        "closed by peer: receive 0 after POLLIN (after 3ms in state UP)",
    )
    failure = first_failure(watch, ("_ALL_BROKERS_DOWN", "1/1 brokers are down"))
    assert failure is not None
    assert failure.message == (
        "cannot connect to Kafka at 127.0.0.1:1234: connection closed by peer: receive 0 "
        "after POLLIN"
    )


def test_reports_after_the_first_answer_are_ignored() -> None:
    watch = ConnectionWatch(SASL)
    watch.connected = True
    assert first_failure(watch, ("_AUTHENTICATION", WRONG_PASSWORD)) is None


def test_a_password_in_a_librdkafka_error_is_redacted() -> None:
    text = WRONG_PASSWORD.replace("Invalid username or password", f"bad password {PASSWORD}")
    failure = first_failure(ConnectionWatch(SASL), ("_AUTHENTICATION", text))
    assert failure is not None
    assert failure.message == (
        "authentication failed for `admin` at 127.0.0.1:1234 (SASL PLAIN): bad password [redacted]"
    )


def log_line(logger: logging.Logger, text: str) -> None:
    """As confluent-kafka logs a librdkafka line."""
    logger.log(logging.ERROR, "%s [%s] %s", "FAIL", "rdkafka#producer-1", text)


def test_with_debug_librdkafka_lines_go_to_stderr_redacted(
    capsys: pytest.CaptureFixture[str],
) -> None:
    log_line(librdkafka_logger(ConnectionWatch(SASL), debug=True), f"sasl.password={PASSWORD}")
    assert capsys.readouterr() == (
        "",
        "debug: librdkafka: FAIL [rdkafka#producer-1] sasl.password=[redacted]\n",
    )


def test_without_debug_librdkafka_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    log_line(librdkafka_logger(ConnectionWatch(SASL), debug=False), REFUSED)
    assert capsys.readouterr() == ("", "")


class ReportingClient:
    """An AdminClient whose `poll` serves one librdkafka error report."""

    def __init__(self, watch: ConnectionWatch, report: KafkaError) -> None:
        self.watch = watch
        self.report = report

    def poll(self, timeout: float) -> int:
        self.watch.on_error(self.report)
        return 1


def test_waiting_for_a_request_stops_at_a_failed_login() -> None:
    watch = ConnectionWatch(SASL)
    client: Any = ReportingClient(watch, error("_AUTHENTICATION", WRONG_PASSWORD))
    never_answered: Future[Any] = Future()
    with pytest.raises(ClusterError) as raised:
        CountingAdmin(client, watch=watch).result(never_answered)
    assert raised.value.message == (
        "authentication failed for `admin` at 127.0.0.1:1234 (SASL PLAIN): "
        "Invalid username or password"
    )


def test_the_first_answer_marks_the_connection_established() -> None:
    watch = ConnectionWatch(SASL)
    answered: Future[Any] = Future()
    answered.set_result("metadata")
    assert CountingAdmin(object(), watch=watch).result(answered) == "metadata"
    assert watch.connected
