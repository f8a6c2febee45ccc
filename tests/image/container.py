"""Running the image as a CI platform runs it: what the runner passes to `docker run`, the
container's outcome, and the Kafka connection a job is given."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import docker
from docker.models.images import Image
from docker.types import Ulimit

from tests.kafka_fixture import KafkaCluster

TAG = "ktb-action:test"
# The Docker API of podman ignores containers.conf's default ulimits, whose own defaults
# exceed this kernel's hard limits; Docker accepts these as well.
ULIMITS = [
    Ulimit(name="nofile", soft=1024, hard=20000),
    Ulimit(name="nproc", soft=4096, hard=4096),
]
RUN_TIMEOUT_S = 120
_SECRETS = ("sasl.username", "sasl.password")


@dataclass(frozen=True)
class Run:
    """What a platform's runner passes to `docker run`."""

    command: list[str] = field(default_factory=list)
    environment: Mapping[str, str] = field(default_factory=dict)
    mounts: Mapping[Path, str] = field(default_factory=dict)
    """Host directory -> path in the container."""
    working_dir: str | None = None
    entrypoint: list[str] | None = None
    """`[""]` is `--entrypoint=`; None keeps the image's."""
    user: str | None = None


@dataclass(frozen=True)
class Finished:
    """A container that ran: its exit status and its log (stdout and stderr)."""

    status: int
    log: str


def run(engine: docker.DockerClient, image: Image, spec: Run) -> Finished:
    """Run the image to completion on the host's network (where the broker and the API fakes
    listen), then remove the container."""
    container = engine.containers.run(
        image.id,
        spec.command,
        environment=dict(spec.environment),
        volumes={str(host): {"bind": inside, "mode": "rw"} for host, inside in spec.mounts.items()},
        working_dir=spec.working_dir,
        entrypoint=spec.entrypoint,
        user=spec.user,
        network_mode="host",
        ulimits=ULIMITS,
        detach=True,
    )
    try:
        status = container.wait(timeout=RUN_TIMEOUT_S)["StatusCode"]
        return Finished(status, container.logs().decode())
    finally:
        container.remove(force=True)


def owner(path: Path) -> tuple[int, int]:
    """The uid and gid owning `path`."""
    stat = path.stat()
    return stat.st_uid, stat.st_gid


def kafka_job_config(kafka: KafkaCluster, properties: Path) -> dict[str, str]:
    """Connect a job to `kafka` as pipelines do: the client settings in a `.properties` file
    of the checkout, the credentials in masked variables (returned, `KTB_KAFKA_*`)."""
    settings = {
        k: v for k, v in kafka.admin_config.items() if k not in (*_SECRETS, "bootstrap.servers")
    }
    properties.parent.mkdir(parents=True, exist_ok=True)
    properties.write_text("".join(f"{k}={v}\n" for k, v in settings.items()), encoding="utf-8")
    return {
        f"KTB_KAFKA_{key.upper().replace('.', '_')}": kafka.admin_config[key] for key in _SECRETS
    }
