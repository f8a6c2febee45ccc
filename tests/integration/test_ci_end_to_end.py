"""`ktb ci` as the image runs it (`ktb ci` in the checkout), with GitHub's published webhook
payloads, the fake GitHub API and a real Kafka broker: a pull request gets its check run,
annotations and plan comment; a push to the default branch applies; a second push is a no-op.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from confluent_kafka.admin import AdminClient

from tests.ci.conftest import published_webhook
from tests.fakes.github_api import fake_github
from tests.fakes.server import ContractServer
from tests.kafka_fixture import KafkaCluster, unique_name

pytestmark = pytest.mark.integration

KTB = Path(sys.executable).parent / "ktb"
TOKEN = "ghs_end_to_end_token"
TOPOLOGY = """\
context: "{context}"
projects:
  - name: "orders"
    topics:
      - name: "created"
        config:
          num.partitions: "1"
          replication.factor: "1"
          {retention}: "3600000"
"""
RETENTION_LINE = 9


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=ktb", "-c", "user.email=ktb@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def _commit(repo: Path, context: str, retention_key: str) -> str:
    (repo / "topologies").mkdir(exist_ok=True)
    text = TOPOLOGY.format(context=context, retention=retention_key)
    (repo / "topologies" / "orders.yaml").write_text(text, encoding="utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", f"topology with {retention_key}")
    return _git(repo, "rev-parse", "HEAD")


def _client_config(kafka: KafkaCluster) -> str:
    return str(kafka.info.get("admin_properties") or os.environ.get("KTB_TEST_CLIENT_CONFIG", ""))


def _ktb_ci(
    repo: Path, kafka: KafkaCluster, github: ContractServer, event: str, payload: dict[str, Any]
) -> tuple[subprocess.CompletedProcess[str], str]:
    runner = repo.parent / f"runner-{len(github.requests)}"
    runner.mkdir()
    (runner / "event.json").write_text(json.dumps(payload), encoding="utf-8")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(runner),
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": event,
        "GITHUB_EVENT_PATH": str(runner / "event.json"),
        "GITHUB_SHA": _git(repo, "rev-parse", "HEAD"),
        "GITHUB_REPOSITORY": payload["repository"]["full_name"],
        "GITHUB_API_URL": github.url,
        "GITHUB_STEP_SUMMARY": str(runner / "summary.md"),
        "GITHUB_OUTPUT": str(runner / "output"),
        "INPUT_TOPOLOGY": "topologies",
        "INPUT_BOOTSTRAP-SERVERS": kafka.bootstrap,
        "INPUT_CLIENT-CONFIG": _client_config(kafka),
        "INPUT_GITHUB-TOKEN": TOKEN,
        "INPUT_MODE": "auto",
        "INPUT_COMMENT": "true",
        "INPUT_FAIL-ON-WARNINGS": "false",
    }
    result = subprocess.run(
        [str(KTB), "ci"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert TOKEN not in result.stdout + result.stderr
    return result, (runner / "output").read_text(encoding="utf-8")


def _topics(kafka: KafkaCluster) -> set[str]:
    config: dict[str, str | int | float | bool] = dict(kafka.admin_config)
    return set(AdminClient(config).list_topics(timeout=10).topics)


def test_pull_request_is_annotated_and_planned_then_push_applies_once(
    kafka: KafkaCluster, tmp_path: Path
) -> None:
    with fake_github() as github:
        _pull_request_then_two_pushes(kafka, github, tmp_path)
    assert github.violations == []


def _pull_request_then_two_pushes(
    kafka: KafkaCluster, github: ContractServer, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "master")
    context = unique_name("ci")
    topic = f"{context}.orders.created"
    # A Confluent Server config: a warning (Apache Kafka refuses it), so the job still plans.
    head = _commit(repo, context, "confluent.tier.local.hotset.ms")

    pull = published_webhook("pull_request", action="opened")
    pull["pull_request"]["head"]["sha"] = head
    # The pull request adds the whole file (annotations go on added lines by default).
    added = {**github.example("pulls/list-files")[0], "filename": "topologies/orders.yaml"}
    github.answer("pulls/list-files", 200, [{**added, "patch": "@@ -0,0 +1,10 @@"}])
    result, _ = _ktb_ci(repo, kafka, github, "pull_request", pull)

    assert result.returncode == 0, result.stdout + result.stderr
    (check,) = github.calls("checks/create")
    annotations = check.body["output"]["annotations"]
    assert (check.body["head_sha"], check.body["conclusion"]) == (head, "neutral")
    assert [(a["path"], a["start_line"], a["title"]) for a in annotations] == [
        ("topologies/orders.yaml", RETENTION_LINE, "topic-config-unknown")
    ]
    (comment,) = github.calls("issues/create-comment")
    assert comment.path == f"/repos/Codertocat/Hello-World/issues/{pull['number']}/comments"
    assert f"{context}.orders.created" in comment.body["body"].replace("\\", "")
    assert topic not in _topics(kafka)

    _commit(repo, context, "retention.ms")
    push = published_webhook("push", where=lambda e: e["ref"] == "refs/heads/master")
    applied, outputs = _ktb_ci(repo, kafka, github, "push", push)

    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert topic in _topics(kafka)
    assert "has-changes<<" in outputs
    assert outputs.split("has-changes<<", 1)[1].split("\n")[1] == "true"

    again, outputs = _ktb_ci(repo, kafka, github, "push", push)

    assert again.returncode == 0, again.stdout + again.stderr
    assert "nothing to apply: Kafka already matches the topology" in again.stdout
    assert outputs.split("has-changes<<", 1)[1].split("\n")[1] == "false"
    assert [c.body["conclusion"] for c in github.calls("checks/create")] == [
        "neutral",
        "success",
        "success",
    ]
