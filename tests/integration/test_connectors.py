"""Connectors planned and applied by `ktb plan` / `ktb apply` against a real Connect worker
(FileStreamSource and MirrorSourceConnector), beside the real broker."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
import requests
from typer.testing import CliRunner, Result

from ktb_action.cli import app
from ktb_action.connect.client import ConnectPort
from ktb_action.devkafka.config import pick_free_ports
from tests.kafka_fixture import KafkaCluster, unique_name

pytestmark = pytest.mark.integration

runner = CliRunner()
FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector"
MIRROR_SOURCE = "org.apache.kafka.connect.mirror.MirrorSourceConnector"


def env_of(config: Mapping[str, str]) -> dict[str, str]:
    return {f"KTB_KAFKA_{key.upper().replace('.', '_')}": value for key, value in config.items()}


class Repo:
    """A repository with a topology, its connector files and a ktb.yaml."""

    def __init__(self, root: Path, url: str, kafka: KafkaCluster) -> None:
        self.root, self.url, self.kafka = root, url, kafka
        self.context = unique_name("conn")
        self.connectors: dict[str, dict[str, object]] = {}
        self.allow_delete = False

    def name(self, short: str) -> str:
        return f"{self.context}.{short}"

    def declare(self, short: str, config: Mapping[str, str], state: str = "running") -> None:
        self.connectors[short] = {"name": self.name(short), "state": state, "config": config}

    def write(self) -> None:
        (self.root / "topology" / "connectors").mkdir(parents=True, exist_ok=True)
        artefacts = ""
        for short, body in self.connectors.items():
            path = self.root / "topology" / "connectors" / f"{short}.json"
            path.write_text(json.dumps(body, indent=2) + "\n")
            artefacts += f'        - path: "connectors/{short}.json"\n          server: "dev"\n'
        (self.root / "topology" / "t.yaml").write_text(
            f'context: "{self.context}"\nprojects:\n  - name: "proj"\n'
            '    topics:\n      - name: "lines"\n        config:\n'
            '          replication.factor: "1"\n'
            f"    connectors:\n      artefacts:\n{artefacts}"
        )
        (self.root / "ktb.yaml").write_text(
            f'topology: [topology/]\nconnect:\n  clusters: ["dev:{self.url}"]\n'
            f"allow_delete:\n  connectors: {str(self.allow_delete).lower()}\n"
        )

    def ktb(self, *args: str) -> Result:
        self.write()
        return runner.invoke(
            app, [*args, "--root", str(self.root)], env=env_of(self.kafka.admin_config)
        )

    def on_worker(self) -> dict[str, tuple[dict[str, str], str]]:
        """This test's connectors as the worker has them: config and state."""
        found = requests.get(f"{self.url}/connectors?expand=info&expand=status", timeout=10).json()
        return {
            name: (entry["info"]["config"], entry["status"]["connector"]["state"])
            for name, entry in found.items()
            if name.startswith(self.context)
        }


def file_source(repo: Repo, file: str = "/tmp/ktb-lines.txt") -> dict[str, str]:
    return {
        "connector.class": FILE_SOURCE,
        "tasks.max": "1",
        "file": file,
        "topic": f"{repo.context}.proj.lines",
    }


def mirror_source(repo: Repo) -> dict[str, str]:
    admin = repo.kafka.admin_config
    jaas = (
        "org.apache.kafka.common.security.plain.PlainLoginModule required "
        f'username="{admin["sasl.username"]}" password="{admin["sasl.password"]}";'
    )
    sides = {
        f"{side}.cluster.{key}": value
        for side in ("source", "target")
        for key, value in {
            "bootstrap.servers": repo.kafka.bootstrap,
            "security.protocol": "SASL_PLAINTEXT",
            "sasl.mechanism": "PLAIN",
            "sasl.jaas.config": jaas,
        }.items()
    }
    return {
        "connector.class": MIRROR_SOURCE,
        "source.cluster.alias": "upstream",
        "target.cluster.alias": "local",
        "topics": f"{repo.context}\\..*",
        **sides,
    }


@pytest.fixture
def repo(tmp_path: Path, kafka: KafkaCluster, connect_url: str) -> Iterator[Repo]:
    made = Repo(tmp_path, connect_url, kafka)
    yield made
    # The worker outlives the session: connectors left behind would run on every restart.
    for name in made.on_worker():
        requests.delete(f"{connect_url}/connectors/{name}", timeout=10)


def test_connectors_are_created_after_their_topic_and_a_second_plan_is_empty(repo: Repo) -> None:
    repo.declare("file", file_source(repo))
    repo.declare("mirror", mirror_source(repo))
    applied = repo.ktb("apply")
    assert applied.exit_code == 0, applied.output
    assert repo.kafka.admin_config["sasl.password"] not in applied.output
    lines = applied.stdout.splitlines()
    topic = next(i for i, line in enumerate(lines) if f"{repo.context}.proj.lines" in line)
    connector = next(i for i, line in enumerate(lines) if f"dev/{repo.name('file')}" in line)
    assert topic < connector
    assert "source.cluster.sasl.jaas.config: (secret)" in applied.stdout
    assert {name: state for name, (_, state) in repo.on_worker().items()} == {
        repo.name("file"): "RUNNING",
        repo.name("mirror"): "RUNNING",
    }
    again = repo.ktb("plan", "--detailed-exitcode")
    assert (again.exit_code, again.stdout.splitlines()[-1]) == (
        0,
        "No changes. The cluster matches the topology.",
    )


def test_a_changed_key_is_planned_alone_and_applied(repo: Repo) -> None:
    repo.declare("file", file_source(repo))
    assert repo.ktb("apply").exit_code == 0
    repo.declare("file", file_source(repo, "/tmp/ktb-other.txt"))
    planned = repo.ktb("plan")
    assert "~ file: /tmp/ktb-lines.txt -> /tmp/ktb-other.txt" in planned.stdout
    assert planned.stdout.splitlines()[-1] == "Plan: 0 to create, 1 to update, 0 to delete."
    assert repo.ktb("apply").exit_code == 0
    assert repo.on_worker()[repo.name("file")][0]["file"] == "/tmp/ktb-other.txt"
    assert (
        repo.ktb("plan").stdout.splitlines()[-1] == "No changes. The cluster matches the topology."
    )


def test_a_config_the_validator_rejects_is_an_error_at_the_line_of_its_key(repo: Repo) -> None:
    repo.declare("file", {**file_source(repo), "tasks.max": "many"})
    planned = repo.ktb("plan")
    assert planned.exit_code == 1
    # json.dumps(indent=2): line 1 `{`, 2 name, 3 state, 4 `"config": {`, 5 class, 6 tasks.max
    assert (
        f"topology/connectors/file.json:6:5: error[connector-config-invalid] connector "
        f"`{repo.name('file')}`: `tasks.max`: Invalid value many for configuration tasks.max: "
        "Not a number of type INT"
    ) in planned.stderr
    assert repo.ktb("apply").exit_code == 1
    assert repo.on_worker() == {}


def test_a_declared_pause_pauses_and_running_resumes(repo: Repo) -> None:
    repo.declare("file", file_source(repo))
    assert repo.ktb("apply").exit_code == 0
    repo.declare("file", file_source(repo), state="paused")
    paused = repo.ktb("apply")
    assert "~ state: running -> paused" in paused.stdout
    assert repo.on_worker()[repo.name("file")][1] == "PAUSED"
    assert (
        repo.ktb("plan").stdout.splitlines()[-1] == "No changes. The cluster matches the topology."
    )
    repo.declare("file", file_source(repo), state="running")
    assert repo.ktb("apply").exit_code == 0
    assert repo.on_worker()[repo.name("file")][1] == "RUNNING"


def test_an_undeclared_connector_is_deleted_only_when_the_policy_allows(repo: Repo) -> None:
    repo.declare("keep", file_source(repo))
    repo.declare("gone", file_source(repo))
    assert repo.ktb("apply").exit_code == 0
    del repo.connectors["gone"]
    blocked = repo.ktb("apply")
    assert "would delete, blocked by policy: set allow_delete.connectors" in blocked.stdout
    assert set(repo.on_worker()) == {repo.name("keep"), repo.name("gone")}
    repo.allow_delete = True
    assert repo.ktb("apply").exit_code == 0
    assert set(repo.on_worker()) == {repo.name("keep")}


def test_a_worker_that_does_not_answer_is_one_error_and_the_rest_is_planned(
    tmp_path: Path, kafka: KafkaCluster
) -> None:
    (port,) = pick_free_ports(1)
    repo = Repo(tmp_path, f"http://127.0.0.1:{port}", kafka)
    repo.declare("file", file_source(repo))
    started = time.monotonic()
    planned = repo.ktb("plan")
    assert time.monotonic() - started < 10
    assert planned.exit_code == 1
    assert (
        f"error[connect-unreachable] the Connect cluster `dev` at http://127.0.0.1:{port} "
        "did not answer (ConnectionError)"
    ) in planned.stderr
    assert planned.stdout.splitlines()[-1] == "Plan: 1 to create, 0 to update, 0 to delete."


KEY_MATERIAL = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC-not-a-real-key"
"""A value for `ssl.keystore.key`: a key Connect types PASSWORD, with no secret word in its
name."""
REFERENCE = "${file:/etc/kafka/secrets.properties:truststore-password}"


def test_values_connect_types_password_are_never_printed_in_any_plan_format(
    repo: Repo, tmp_path: Path
) -> None:
    repo.declare(
        "mirror",
        {
            **mirror_source(repo),
            "ssl.keystore.key": KEY_MATERIAL,
            "source.cluster.ssl.truststore.password": REFERENCE,
        },
    )
    saved = tmp_path / "plan.json"
    outputs = {
        output_format: repo.ktb("plan", "--format", output_format, "--out", str(saved))
        for output_format in ("text", "markdown", "json")
    }
    jaas_password = repo.kafka.admin_config["sasl.password"]
    for output_format, planned in outputs.items():
        printed = planned.output + saved.read_text(encoding="utf-8")
        assert KEY_MATERIAL not in printed, output_format
        assert f'password="{jaas_password}"' not in printed, output_format
    text = outputs["text"].stdout
    assert "ssl.keystore.key: (secret)" in text
    # A secret key holding a reference shows as one: neither is ever printed.
    assert "source.cluster.ssl.truststore.password: (config provider reference)" in text
    # Connect resolves a config-provider reference; ktb neither expands nor shows it, and
    # the saved plan keeps it as written so that `apply --plan` sends it unexpanded.
    assert REFERENCE not in text + outputs["markdown"].stdout
    assert REFERENCE in saved.read_text(encoding="utf-8")


def test_the_worker_types_a_pem_key_password_and_is_asked_once_per_plugin(
    connect_url: str,
) -> None:
    port = ConnectPort("dev", connect_url, {})
    sent: list[str] = []
    port._session.hooks["response"].append(lambda response, **_: sent.append(response.url))

    types = port.config_types(MIRROR_SOURCE)
    assert port.config_types(MIRROR_SOURCE) is types
    assert types is not None
    assert (types["ssl.keystore.key"], types["source.cluster.alias"]) == ("PASSWORD", "STRING")
    assert sent == [f"{connect_url}/connector-plugins/{MIRROR_SOURCE}/config"]
    port.close()
