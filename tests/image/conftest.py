"""Fixtures of the image tests: a container engine and the image built from this checkout.

The engine is whatever `DOCKER_HOST` names (`make test-image` starts podman's Docker API with
`scripts/container-engine up`; the release workflow has Docker). Without one these tests fail
when `CI=true` and skip elsewhere, like the Kafka ones.
"""

from __future__ import annotations

import gc
import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import docker
import pytest
from docker.errors import DockerException
from docker.models.images import Image

from tests.image.container import TAG
from tests.kafka_fixture import in_ci

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def engine() -> Iterator[docker.DockerClient]:
    """A client of the container engine named by `DOCKER_HOST`."""
    client, failure = _connect()
    if client is None:
        _no_engine(failure)
    yield client
    client.close()


def _connect() -> tuple[docker.DockerClient | None, str]:
    """A client that has had an answer from the engine, or None and why not."""
    with warnings.catch_warnings():
        # docker-py leaves the socket of a refused connection to the garbage collector, and
        # its ResourceWarning would fail the session instead of the clear message.
        warnings.simplefilter("ignore", ResourceWarning)
        client = None
        try:
            client = docker.from_env()  # asks the engine for its API version
            client.ping()
        except DockerException as error:
            failure = str(error) or type(error).__name__
            if client is not None:
                client.close()
        else:
            return client, ""
        gc.collect()
    return None, failure


def _no_engine(reason: str) -> NoReturn:
    message = (
        f"no container engine for the image tests: {reason}\n"
        "(`make test-image` starts one; or run `scripts/container-engine up` and export "
        "the DOCKER_HOST it prints)"
    )
    if in_ci(os.environ):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def image(engine: docker.DockerClient) -> Image:
    """The image built from this checkout's Dockerfile, without pulling its base (the engine
    has it: the real one under Docker, a stand-in under `scripts/container-engine`)."""
    built, _log = engine.images.build(path=str(REPO), tag=TAG, rm=True, pull=False)
    return built
