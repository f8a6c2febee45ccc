"""`ktb ci` keeps the ownership state and the audit trail by default: an apply on the default
branch is owned in `_ktb_state`, on record in `_ktb_audit` (naming the pull request it was
merged from), in the audit artefact and in the job summary (GitHub's published webhook
payloads, the fake GitHub API, the real broker)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ktb_action.ci.ownership import CI_AUDIT_TOPIC, CI_STATE_TOPIC
from ktb_action.kafka.admin import connect
from ktb_action.kafka.config import ClientConfig
from ktb_action.kafka.records import read_json
from ktb_action.kafka.state_topic import TopicStateStore
from tests.ci.conftest import published_webhook
from tests.fakes.github_api import fake_github
from tests.integration.test_ci_end_to_end import _commit, _git, _ktb_ci
from tests.kafka_fixture import KafkaCluster, unique_name

pytestmark = pytest.mark.integration


def test_an_apply_in_ci_is_owned_and_on_record_with_no_setting(
    kafka: KafkaCluster, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "master")
    context = unique_name("ciaudit")
    head = _commit(repo, context, "retention.ms")
    push = published_webhook("push", where=lambda e: e["ref"] == "refs/heads/master")

    with fake_github() as github:
        applied, _ = _ktb_ci(repo, kafka, github, "push", push)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert github.violations == []

    session = connect(ClientConfig(kafka.admin_config), timeout=30.0)
    state = TopicStateStore(session, dict(kafka.admin_config), CI_STATE_TOPIC).read(context)
    assert (state.generation, list(state.owned["topic"])) == (1, [f"{context}.orders.created"])
    (record,) = [
        r.value for r in read_json(dict(kafka.admin_config), CI_AUDIT_TOPIC) if r.key == context
    ]
    assert record is not None
    merged = github.example("repos/list-pull-requests-associated-with-commit")[0]
    assert (record["platform"], record["commit"], record["pull_request"], record["results"]) == (
        "github",
        head,
        str(merged["number"]),
        [
            {
                "address": f"topic {context}.orders.created",
                "verb": "create",
                "outcome": "succeeded",
                "error": None,
            }
        ],
    )
    assert json.loads((repo / "ktb-audit.json").read_text(encoding="utf-8")) == record
    summary = (repo.parent / "runner-0" / "summary.md").read_text(encoding="utf-8")
    assert "### ktb apply: 1 done, 0 failed, 0 not attempted" in summary
