"""The project workflow's job that runs the subjects tests against Confluent's Schema Registry:
the registry it starts is the one the tests are pointed at, pinned, and reachable from it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.ci.vendored_schemas import documents
from tests.registry_fixture import REAL_REGISTRY_VARIABLE

WORKFLOW = Path(__file__).resolve().parents[2] / ".github" / "workflows" / "ci.yml"


def _job() -> dict[str, Any]:
    (workflow,) = documents(WORKFLOW)
    return dict(workflow["jobs"]["schema-registry"])


def _pytest_step() -> dict[str, Any]:
    (step,) = [s for s in _job()["steps"] if "pytest" in s.get("run", "")]
    return dict(step)


def test_the_tests_are_pointed_at_the_registry_service_on_its_mapped_port() -> None:
    registry = _job()["services"]["schema-registry"]
    assert registry["ports"] == ["8081:8081"]
    assert registry["env"]["SCHEMA_REGISTRY_LISTENERS"] == "http://0.0.0.0:8081"
    assert _pytest_step()["env"] == {
        "CI": "true",
        REAL_REGISTRY_VARIABLE: "http://localhost:8081",
    }


def test_every_subjects_integration_test_file_runs_in_the_job() -> None:
    assert "tests/integration/test_subjects_*.py" in _pytest_step()["run"].split()


def test_the_registry_stores_its_schemas_in_the_kafka_service_it_can_reach_by_name() -> None:
    services = _job()["services"]
    assert services["kafka"]["env"]["KAFKA_ADVERTISED_LISTENERS"] == "PLAINTEXT://kafka:9092"
    env = services["schema-registry"]["env"]
    assert env["SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS"] == "PLAINTEXT://kafka:9092"
    assert env["SCHEMA_REGISTRY_HOST_NAME"] == "schema-registry"


def test_both_service_images_are_pinned_to_a_release() -> None:
    tags = [service["image"].rpartition(":")[2] for service in _job()["services"].values()]
    assert all(tag[0].isdigit() for tag in tags), tags
