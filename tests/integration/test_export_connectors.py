"""`ktb export` of connectors made through Kafka Connect's REST API (not by ktb), on the real
Connect worker beside the test broker: each connector as an artefact file, its secrets never
written, and a plan of the exported files against the same worker."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from tests.export_support import assert_no_change_and_valid, export, files_below, ktb
from tests.kafka_fixture import KafkaCluster, unique_name, wait_for

pytestmark = pytest.mark.integration

FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector"
MIRROR_SOURCE = "org.apache.kafka.connect.mirror.MirrorSourceConnector"


@dataclass(frozen=True)
class Made:
    """The connectors made on the worker and the settings naming it (label `dev`)."""

    context: str
    url: str
    settings: Path

    def name(self, short: str) -> str:
        return f"{self.context}.shop.{short}"


def _file_source(made_context: str) -> dict[str, str]:
    return {
        "connector.class": FILE_SOURCE,
        "tasks.max": "1",
        "file": f"/tmp/{made_context}.txt",
        "topic": f"{made_context}.shop.lines",
    }


def _mirror_source(kafka: KafkaCluster, context: str) -> dict[str, str]:
    admin = kafka.admin_config
    jaas = (
        "org.apache.kafka.common.security.plain.PlainLoginModule required "
        f'username="{admin["sasl.username"]}" password="{admin["sasl.password"]}";'
    )
    return {
        "connector.class": MIRROR_SOURCE,
        "source.cluster.alias": "upstream",
        "target.cluster.alias": "local",
        "topics": f"{context}\\..*",
        **{
            f"{side}.cluster.{key}": value
            for side in ("source", "target")
            for key, value in {
                "bootstrap.servers": kafka.bootstrap,
                "security.protocol": "SASL_PLAINTEXT",
                "sasl.mechanism": "PLAIN",
                "sasl.jaas.config": jaas,
            }.items()
        },
    }


def _states(url: str) -> dict[str, str]:
    found = requests.get(f"{url}/connectors?expand=status", timeout=10).json()
    return {name: entry["status"]["connector"]["state"] for name, entry in found.items()}


def _make(made: Made, short: str, config: dict[str, str], state: str = "RUNNING") -> None:
    name = made.name(short)
    response = requests.put(f"{made.url}/connectors/{name}/config", json=config, timeout=30)
    assert response.ok, response.text
    if state == "PAUSED":
        wait_for(lambda: name in _states(made.url), f"connector `{name}` is not listed")
        requests.put(f"{made.url}/connectors/{name}/pause", timeout=10).raise_for_status()
    wait_for(lambda: _states(made.url).get(name) == state, f"connector `{name}` is not {state}")


@pytest.fixture
def made(kafka: KafkaCluster, connect_url: str, tmp_path: Path) -> Iterator[Made]:
    """Settings naming the worker; the test makes its connectors with `_make`."""
    settings = tmp_path / "export.yaml"
    settings.write_text(f'connect:\n  clusters: ["dev:{connect_url}"]\n')
    made = Made(unique_name("exconn").replace("-", ""), connect_url, settings)
    yield made
    # The worker outlives the session: connectors left behind would run on every restart.
    for name in _states(connect_url):
        if name.startswith(made.context):
            requests.delete(f"{connect_url}/connectors/{name}", timeout=10)


def test_a_plan_of_exported_connectors_without_secrets_shows_no_change(
    kafka: KafkaCluster, made: Made, tmp_path: Path
) -> None:
    _make(made, "lines-source", _file_source(made.context))
    _make(made, "paused-source", _file_source(made.context), "PAUSED")
    out = tmp_path / "out"
    export(kafka, made.settings, made.context, out)

    assert_no_change_and_valid(kafka, out)


def test_a_connector_is_written_as_an_artefact_file_with_its_run_state(
    kafka: KafkaCluster, made: Made, tmp_path: Path
) -> None:
    _make(made, "paused-source", _file_source(made.context), "PAUSED")
    out = tmp_path / "out"
    export(kafka, made.settings, made.context, out)

    name = made.name("paused-source")
    assert (out / "topology" / "connectors" / "dev" / f"{name}.json").read_text() == (
        "{\n"
        f'  "name": "{name}",\n'
        '  "state": "paused",\n'
        '  "config": {\n'
        f'    "connector.class": "{FILE_SOURCE}",\n'
        f'    "file": "/tmp/{made.context}.txt",\n'
        '    "tasks.max": "1",\n'
        f'    "topic": "{made.context}.shop.lines"\n'
        "  }\n"
        "}\n"
    )
    platform = (out / "topology" / "_platform.yaml").read_text()
    assert (
        f'        - path: "connectors/dev/{name}.json"\n'
        '          server: "dev"\n'
        f'          name: "{name}"\n'
    ) in platform
    assert f'  clusters:\n    - "dev:{made.url}"\n' in (out / "ktb.yaml").read_text()


def test_a_secret_is_never_exported_and_the_plan_shows_it_moving_to_a_reference(
    kafka: KafkaCluster, made: Made, tmp_path: Path
) -> None:
    """Connect returns a literal secret; the file holds a `${env:…}` reference instead, so
    a plan cannot show no change: it shows that applying would replace each literal with
    the reference (Connect's environment config provider resolves it on the worker)."""
    _make(made, "mirror", _mirror_source(kafka, made.context))
    out = tmp_path / "out"

    exported = export(kafka, made.settings, made.context, out)

    password = kafka.admin_config["sasl.password"]
    assert [p for p in out.rglob("*") if p.is_file() and password in p.read_text()] == []
    variable = f"CONNECT_DEV_{made.context.upper()}_SHOP_MIRROR"
    name = made.name("mirror")
    assert [line for line in exported.stdout.splitlines() if name in line] == [
        f"  `dev/{name}` `source.cluster.sasl.jaas.config`: "
        f"{variable}_SOURCE_CLUSTER_SASL_JAAS_CONFIG",
        f"  `dev/{name}` `target.cluster.sasl.jaas.config`: "
        f"{variable}_TARGET_CLUSTER_SASL_JAAS_CONFIG",
    ]
    plan = ktb(kafka, "plan", "--root", str(out))
    assert plan.exit_code == 0, plan.output
    assert plan.stdout == (
        "Only context platform was compared (others were not read).\n"
        "\n"
        f"  ~ connector dev/{name}\n"
        "      ~ source.cluster.sasl.jaas.config: (secret) -> (config provider reference)\n"
        "      ~ target.cluster.sasl.jaas.config: (secret) -> (config provider reference)\n"
        "\n"
        "Plan: 0 to create, 1 to update, 0 to delete.\n"
    ), plan.output


def test_a_second_export_of_unchanged_connectors_writes_identical_files(
    kafka: KafkaCluster, made: Made, tmp_path: Path
) -> None:
    _make(made, "lines-source", _file_source(made.context))
    _make(made, "mirror", _mirror_source(kafka, made.context))
    export(kafka, made.settings, made.context, tmp_path / "one")
    export(kafka, made.settings, made.context, tmp_path / "two")

    first = files_below(tmp_path / "one")
    assert first == files_below(tmp_path / "two")
    assert len([f for f in first if f.startswith("topology/connectors/dev/")]) == 2
