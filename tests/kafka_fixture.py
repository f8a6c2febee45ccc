"""pytest plugin: a real Kafka cluster for integration tests, and SCRAM users on it.

Registered in `tests/conftest.py` (`pytest_plugins = ["tests.kafka_fixture"]`).

Which cluster:
- `KTB_TEST_BOOTSTRAP` set: that cluster, with the client settings of the Java `.properties`
  file named by `KTB_TEST_CLIENT_CONFIG` (none: PLAINTEXT without credentials);
- otherwise the local dev broker (`ktb_action.devkafka`), started or reused in-process; it is
  left running after the session so the next run starts in a fraction of a second
  (`scripts/kafka-local down` stops it).

A cluster that cannot be had fails the session when `CI=true` and skips it elsewhere: a
laptop without Java may skip, a pipeline must never turn green by skipping.
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import pytest
from confluent_kafka import KafkaException
from confluent_kafka.admin import (
    AdminClient,
    ScramCredentialInfo,
    ScramMechanism,
    UserScramCredentialDeletion,
    UserScramCredentialUpsertion,
)

from ktb_action.devkafka import DevKafkaError, admin_client_config, settings_from_env, up
from ktb_action.kafka.config import ConnectionOptions, resolve_client_config

ENV_BOOTSTRAP = "KTB_TEST_BOOTSTRAP"
ENV_CLIENT_CONFIG = "KTB_TEST_CLIENT_CONFIG"
SCRAM_MECHANISM = "SCRAM-SHA-512"
# Kafka's minimum for SCRAM-SHA-512; more only slows every login down.
SCRAM_ITERATIONS = 4096
REQUEST_TIMEOUT_S = 10.0

_SASL_OF = {"PLAINTEXT": "SASL_PLAINTEXT", "SSL": "SASL_SSL"}


@dataclass(frozen=True)
class KafkaCluster:
    """A cluster to test against: where it is and how its admin logs in."""

    bootstrap: str
    admin_config: dict[str, str] = field(repr=False)  # librdkafka settings, with the password
    plaintext_bootstrap: str | None  # the dev broker's no-auth listener; None for others
    info: dict[str, Any] = field(repr=False)  # the dev broker's broker.json; {} for others


def unique_name(prefix: str) -> str:
    """`<prefix>-<10 hex>`: names that never clash with a previous run on a reused broker."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def in_ci(env: Mapping[str, str]) -> bool:
    """Whether we run in a pipeline (GitHub and GitLab both set `CI=true`)."""
    return env.get("CI", "").strip().lower() in {"true", "1"}


def unavailable(reason: str, env: Mapping[str, str]) -> NoReturn:
    """Fail in CI, skip elsewhere, with the reason and what to do about it."""
    message = (
        f"no Kafka cluster for integration tests: {reason}\n"
        f"(start one with `scripts/kafka-local up`, or set {ENV_BOOTSTRAP} and "
        f"{ENV_CLIENT_CONFIG} to use another cluster)"
    )
    if in_ci(env):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def cluster_from_env(env: Mapping[str, str]) -> KafkaCluster | None:
    """The cluster named by `KTB_TEST_BOOTSTRAP`, or None when the variable is unset."""
    bootstrap = env.get(ENV_BOOTSTRAP, "").strip()
    if not bootstrap:
        return None
    options = ConnectionOptions(
        bootstrap_servers=bootstrap,
        client_config=Path(env[ENV_CLIENT_CONFIG]) if env.get(ENV_CLIENT_CONFIG) else None,
    )
    return KafkaCluster(
        bootstrap=bootstrap,
        admin_config=resolve_client_config(options, {}).as_dict(),
        plaintext_bootstrap=None,
        info={},
    )


def cluster_from_devkafka(env: Mapping[str, str]) -> KafkaCluster:
    """The local dev broker, started or reused; `DevKafkaError` if it cannot be had."""
    info = up(settings_from_env(env, Path.home()), env, _progress)
    return KafkaCluster(
        bootstrap=info.sasl_bootstrap,
        admin_config=admin_client_config(info),
        plaintext_bootstrap=info.plaintext_bootstrap,
        info=info.to_json(),
    )


def scram_client_config(cluster: KafkaCluster, name: str, password: str) -> dict[str, str]:
    """The librdkafka config of user `name` over SCRAM-SHA-512 on the cluster's SASL listener.

    TLS settings of the admin config are kept; only the SASL identity changes.
    """
    config = {k: v for k, v in cluster.admin_config.items() if not k.startswith("sasl.")}
    protocol = config.get("security.protocol", "PLAINTEXT").upper()
    config["security.protocol"] = _SASL_OF.get(protocol, protocol)
    config.update(
        {"sasl.mechanism": SCRAM_MECHANISM, "sasl.username": name, "sasl.password": password}
    )
    return config


def create_scram_user(cluster: KafkaCluster, name: str, password: str) -> dict[str, str]:
    """Create (or reset) SCRAM-SHA-512 user `name` through the admin API.

    Returns the user's librdkafka config, once the broker accepts its login (credentials
    reach the brokers asynchronously, and a test must not race them).
    """
    admin = AdminClient(cluster.admin_config)
    upsert = UserScramCredentialUpsertion(
        name,
        ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
        password.encode(),
    )
    for future in admin.alter_user_scram_credentials([upsert]).values():
        future.result(timeout=REQUEST_TIMEOUT_S)
    config = scram_client_config(cluster, name, password)
    wait_for(lambda: _logs_in(config), f"SCRAM user `{name}` cannot log in")
    return config


def delete_scram_user(cluster: KafkaCluster, name: str) -> None:
    """Remove the SCRAM-SHA-512 credential of `name` (tests clean up on a reused broker)."""
    admin = AdminClient(cluster.admin_config)
    deletion = UserScramCredentialDeletion(name, ScramMechanism.SCRAM_SHA_512)
    for future in admin.alter_user_scram_credentials([deletion]).values():
        future.result(timeout=REQUEST_TIMEOUT_S)


@pytest.fixture(scope="session")
def kafka() -> KafkaCluster:
    """The cluster for integration tests (see the module docstring for which one)."""
    cluster, reason = find_cluster(os.environ)
    if cluster is None:
        unavailable(reason, os.environ)
    return cluster


def find_cluster(env: Mapping[str, str]) -> tuple[KafkaCluster | None, str]:
    """The cluster to test against, or None and the reason why there is none."""
    try:
        cluster = cluster_from_env(env)
        if cluster is None:
            return cluster_from_devkafka(env), ""
    except OSError as error:
        return None, f"cannot read {ENV_CLIENT_CONFIG}: {error}"
    except DevKafkaError as error:
        return None, error.message + (f"\nhelp: {error.hint}" if error.hint else "")
    if not _logs_in(cluster.admin_config):
        return None, f"{ENV_BOOTSTRAP}={cluster.bootstrap} does not answer"
    return cluster, ""


@pytest.fixture
def scram_users(kafka: KafkaCluster) -> Iterator[Callable[[str, str], dict[str, str]]]:
    """A factory `(name, password) -> librdkafka config` of SCRAM users, deleted afterwards."""
    created: list[str] = []

    def make(name: str, password: str) -> dict[str, str]:
        config = create_scram_user(kafka, name, password)
        created.append(name)
        return config

    yield make
    for name in created:
        delete_scram_user(kafka, name)


def _logs_in(config: Mapping[str, str]) -> bool:
    try:
        AdminClient(dict(config)).list_topics(timeout=3.0)
    except KafkaException:
        return False
    return True


def wait_for(condition: Callable[[], bool], failure: str) -> None:
    """Poll `condition` until it holds; `AssertionError` with `failure` after the timeout."""
    deadline = time.monotonic() + REQUEST_TIMEOUT_S
    while not condition():
        if time.monotonic() >= deadline:
            raise AssertionError(f"{failure} within {REQUEST_TIMEOUT_S:.0f}s")
        time.sleep(0.2)


def _progress(message: str) -> None:
    # Shown with `-s`, or in the captured output of a failed session setup.
    print(f"kafka fixture: {message}", file=sys.stderr)
