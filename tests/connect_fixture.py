"""pytest plugin: a real Kafka Connect worker beside the test broker.

`KTB_TEST_CONNECT_URL` names one next to a `KTB_TEST_BOOTSTRAP` cluster; otherwise the dev
broker is asked for its worker (`up --with connect`, started or reused). As with the broker,
a worker that cannot be had fails the session when `CI=true` and skips it elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ktb_action.devkafka import DevKafkaError, settings_from_env, up
from tests.kafka_fixture import ENV_BOOTSTRAP, KafkaCluster, unavailable

ENV_CONNECT_URL = "KTB_TEST_CONNECT_URL"


@pytest.fixture(scope="session")
def connect_url(kafka: KafkaCluster) -> str:
    """The REST URL of the Connect worker that uses the `kafka` cluster."""
    if os.environ.get(ENV_CONNECT_URL):
        return os.environ[ENV_CONNECT_URL]
    if os.environ.get(ENV_BOOTSTRAP):
        unavailable(f"{ENV_BOOTSTRAP} is set but {ENV_CONNECT_URL} is not", os.environ)
    try:
        info = up(
            settings_from_env(os.environ, Path.home()),
            os.environ,
            lambda _message: None,
            with_connect=True,
        )
    except DevKafkaError as error:
        unavailable(f"no Kafka Connect worker: {error.message}", os.environ)
    if info.connect_url is None:
        unavailable("the dev broker reported no Connect worker", os.environ)
    return info.connect_url
