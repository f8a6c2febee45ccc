"""`ktb export` of Schema Registry subjects made through the registry's REST API (not by
ktb), against the registry of `tests/registry_fixture.py`: each subject on its topic's
`schemas:` with a schema file, and a plan of the exported files shows no change."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import requests
from confluent_kafka.admin import AdminClient, NewTopic

from ktb_action.config.load import load_settings
from ktb_action.export.layout import TopicFilter
from ktb_action.export.request import ExportRequest
from ktb_action.export.run import run_export
from ktb_action.kafka.admin import connect
from ktb_action.kafka.config import ClientConfig
from ktb_action.kafka.quotas import open_quotas
from ktb_action.kafka.read import KafkaReader
from ktb_action.kinds.exporters import EXPORTERS
from ktb_action.servers import Servers
from tests.export_support import assert_no_change_and_valid, export, files_below, ktb
from tests.integration.test_subjects_registry import ADDRESS
from tests.kafka_fixture import KafkaCluster, unique_name, wait_for
from tests.registry_fixture import RegistryUnderTest

pytestmark = pytest.mark.integration

MEDIA_TYPE = "application/vnd.schemaregistry.v1+json"
USER = {
    "type": "record",
    "name": "User",
    "namespace": "com.acme",
    "fields": [{"name": "id", "type": "string"}, {"name": "home", "type": "com.acme.Address"}],
}
ORDER_KEY = {"$schema": "http://json-schema.org/draft-07/schema#", "type": "string"}
ORDER = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "properties": {"id": {"type": "string"}},
}


@dataclass(frozen=True)
class Made:
    """The topics made with the admin client and the settings naming the registry."""

    context: str
    settings: Path


def _post(url: str, path: str, body: dict[str, Any], method: str = "POST") -> None:
    response = requests.request(
        method, url + path, json=body, headers={"Content-Type": MEDIA_TYPE}, timeout=10
    )
    assert response.ok, response.text


def _register(url: str, subject: str, schema: Any, **extra: Any) -> None:
    _post(
        url,
        f"/subjects/{quote(subject, safe='')}/versions",
        {"schema": json.dumps(schema), **extra},
    )


@pytest.fixture
def made(kafka: KafkaCluster, schema_registry: RegistryUnderTest, tmp_path: Path) -> Iterator[Made]:
    """Topics `<ctx>.shop.{addresses,users,orders}` and `<ctx>-flat`, and their subjects:
    an Avro value referencing another subject's type, a JSON value and a JSON key with
    their own levels, and subjects no project topic can hold."""
    context = unique_name("exsr").replace("-", "")
    topics = [f"{context}.shop.{t}" for t in ("addresses", "users", "orders")] + [f"{context}-flat"]
    admin = AdminClient(kafka.admin_config)
    for future in admin.create_topics([NewTopic(t, 1, 1) for t in topics]).values():
        future.result(timeout=60)
    # The controller acknowledges before the broker that answers metadata has the topics.
    wait_for(
        lambda: set(topics) <= set(admin.list_topics(timeout=10).topics),
        "the topics made are not all visible",
    )
    url = schema_registry.url
    _register(url, f"{context}.shop.addresses-value", ADDRESS)
    references = [
        {"name": "com.acme.Address", "subject": f"{context}.shop.addresses-value", "version": 1}
    ]
    _register(url, f"{context}.shop.users-value", USER, references=references)
    _register(url, f"{context}.shop.orders-value", ORDER, schemaType="JSON")
    _post(url, f"/config/{context}.shop.orders-value", {"compatibility": "FULL"}, "PUT")
    _register(url, f"{context}.shop.orders-key", ORDER_KEY, schemaType="JSON")
    _post(url, f"/config/{context}.shop.orders-key", {"compatibility": "NONE"}, "PUT")
    _register(url, f"{context}-flat-value", "string")
    _register(url, f"com.acme.{context}", ADDRESS)
    settings = tmp_path / "export.yaml"
    settings.write_text(f'schema_registry:\n  url: "{url}"\n')
    yield Made(context, settings)
    admin.delete_topics(topics)
    # The next test may export the whole cluster: no topic of this one may still be listed.
    wait_for(
        lambda: not set(topics) & set(admin.list_topics(timeout=10).topics),
        "the topics deleted are still listed",
    )


def test_a_plan_of_the_exported_subjects_shows_no_change(
    kafka: KafkaCluster, made: Made, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    export(kafka, made.settings, made.context, out)

    assert_no_change_and_valid(kafka, out)


def test_each_subject_is_written_on_its_topic_with_its_type_level_and_references(
    kafka: KafkaCluster, made: Made, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    export(kafka, made.settings, made.context, out)

    c = made.context
    assert (out / "topology" / f"{c}.yaml").read_text().split("projects:\n")[1] == (
        f'  - name: "shop"\n'
        f"    topics:\n"
        f'      - name: "addresses"\n'
        f"        partitions: 1\n"
        f"        replication.factor: 1\n"
        f"        schemas:\n"
        f'          value.schema.file: "schemas/{c}.shop.addresses-value.avsc"\n'
        f'      - name: "orders"\n'
        f"        partitions: 1\n"
        f"        replication.factor: 1\n"
        f"        schemas:\n"
        f'          key.schema.file: "schemas/{c}.shop.orders-key.json"\n'
        f'          key.compatibility: "NONE"\n'
        f'          value.schema.file: "schemas/{c}.shop.orders-value.json"\n'
        f'          value.compatibility: "FULL"\n'
        f'          value.format: "JSON"\n'
        f'      - name: "users"\n'
        f"        partitions: 1\n"
        f"        replication.factor: 1\n"
        f"        schemas:\n"
        f'          value.schema.file: "schemas/{c}.shop.users-value.avsc"\n'
        f"          value.references:\n"
        f'            - name: "com.acme.Address"\n'
        f'              subject: "{c}.shop.addresses-value"\n'
        f"              version: 1\n"
    )
    schema = out / "topology" / "schemas" / f"{c}.shop.users-value.avsc"
    assert schema.read_text() == json.dumps(USER, indent=2) + "\n"


def test_subjects_no_project_topic_holds_are_listed_in_the_summary(
    kafka: KafkaCluster, made: Made, tmp_path: Path
) -> None:
    exported = export(kafka, made.settings, made.context, tmp_path / "out")

    c = made.context
    listed = [line for line in exported.stdout.splitlines() if c in line and "`: " in line]
    assert listed == [
        f"  `com.acme.{c}`: not named `<topic>-key` or `<topic>-value`: its topic is unknown",
        f"  `{c}-flat-value`: topic `{c}-flat` is a special topic, and subjects are declared "
        "on project topics only",
    ]
    assert "4 subjects and 0 connectors" in exported.stdout


def test_the_exported_levels_are_compared_by_a_plan_key_and_value_alike(
    kafka: KafkaCluster, made: Made, schema_registry: RegistryUnderTest, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    export(kafka, made.settings, made.context, out)
    for subject in ("orders-key", "orders-value"):
        path = f"/config/{made.context}.shop.{subject}"
        _post(schema_registry.url, path, {"compatibility": "BACKWARD"}, "PUT")

    plan = ktb(kafka, "plan", "--root", str(out))

    c = made.context
    assert plan.stdout == (
        f"Only contexts platform, {c} were compared (others were not read).\n"
        "\n"
        f"  ~ subject {c}.shop.orders-key\n"
        "      ~ compatibility: BACKWARD -> NONE\n"
        f"  ~ subject {c}.shop.orders-value\n"
        "      ~ compatibility: BACKWARD -> FULL\n"
        "\n"
        "Plan: 0 to create, 2 to update, 0 to delete.\n"
    ), plan.output


def test_a_second_export_of_unchanged_subjects_writes_identical_files(
    kafka: KafkaCluster, made: Made, tmp_path: Path
) -> None:
    export(kafka, made.settings, made.context, tmp_path / "one")
    export(kafka, made.settings, made.context, tmp_path / "two")

    first = files_below(tmp_path / "one")
    assert first == files_below(tmp_path / "two")
    assert len([f for f in first if f.startswith("topology/schemas/")]) == 4


def test_the_export_s_steps_read_subjects_and_connectors_too(
    kafka: KafkaCluster, made: Made, schema_registry: RegistryUnderTest, tmp_path: Path
) -> None:
    settings, _ = load_settings(made.settings, tmp_path)
    servers = Servers(
        KafkaReader(connect(ClientConfig(kafka.admin_config))),
        open_quotas=lambda: open_quotas(ClientConfig(kafka.admin_config)),
        open_registry=schema_registry.client,
    )
    only = TopicFilter((f"{made.context}*",))
    request = ExportRequest(tmp_path / "out", "the test", topics=only, settings=settings)
    steps: list[str] = []
    try:
        result = run_export(request, EXPORTERS, servers, steps.append)
    finally:
        servers.close()

    assert steps == [
        "reading topics",
        "reading users",
        "reading quotas",
        "reading ACLs",
        "reading subjects",
        "reading connectors",
        "writing the topology",
    ]
    assert (result.schemas.subjects, result.warnings) == (4, [])


def test_a_registry_that_does_not_answer_is_a_warning_and_the_rest_is_exported(
    kafka: KafkaCluster, tmp_path: Path
) -> None:
    settings = tmp_path / "export.yaml"
    settings.write_text('schema_registry:\n  url: "http://127.0.0.1:9"\n')

    exported = ktb(kafka, "export", "--settings", str(settings), "--out", str(tmp_path / "out"))

    assert exported.exit_code == 0, exported.output
    assert (
        "warning: subjects were not exported: the Schema Registry at `http://127.0.0.1:9` cannot "
        "be reached: ConnectionError (grant read access to the Schema Registry's subjects and "
        "their configs)"
    ) in exported.stderr.splitlines()
    assert (tmp_path / "out" / "topology" / "_platform.yaml").is_file()
