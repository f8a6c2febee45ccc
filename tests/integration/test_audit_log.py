"""Every apply is on record: the audit record in a file and in the audit topic, and
`ktb log` answering "who gave `User:x` access to this topic, in which PR?" (issue 10)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ktb_action import __version__
from ktb_action.cli import app
from tests.integration.test_ownership_revocation import env_of
from tests.kafka_fixture import KafkaCluster, unique_name

pytestmark = pytest.mark.integration

runner = CliRunner()


def github(actor: str, pull: int) -> dict[str, str]:
    """The variables of a GitHub Actions run of the merge of pull request `pull`."""
    return {
        "GITHUB_ACTIONS": "true",
        "GITHUB_ACTOR": actor,
        "GITHUB_REPOSITORY": "acme/kafka",
        "GITHUB_SHA": f"{pull:040d}",
        "GITHUB_REF": f"refs/pull/{pull}/merge",
        "GITHUB_SERVER_URL": "https://github.example",
        "GITHUB_RUN_ID": str(pull * 10),
    }


def apply_consumer(
    kafka: KafkaCluster, root: Path, audit_topic: str, *, context: str, principal: str, pull: int
) -> dict[str, str]:
    (root / "ktb.yaml").write_text(f"topology: [topology.yaml]\naudit:\n  topic: {audit_topic}\n")
    (root / "topology.yaml").write_text(
        f'context: "{context}"\nprojects:\n  - name: "proj"\n'
        f'    consumers:\n      - principal: "{principal}"\n'
        '    topics:\n      - name: "orders"\n'
        '        config: {num.partitions: "1", replication.factor: "1"}\n'
    )
    env = {**env_of(kafka.admin_config), **github(f"dev{pull}", pull)}
    audit = root / f"audit-{pull}.json"
    result = runner.invoke(app, ["apply", "--root", str(root), "--audit-file", str(audit)], env=env)
    assert result.exit_code == 0, result.output
    record: dict[str, str] = json.loads(audit.read_text())
    return record


def test_ktb_log_names_who_gave_a_principal_access_to_a_topic_and_in_which_pr(
    kafka: KafkaCluster, tmp_path: Path
) -> None:
    audit_topic, context = unique_name("_ktb_audit"), unique_name("aud")
    reader, other = f"User:{unique_name('x')}", f"User:{unique_name('y')}"
    record = apply_consumer(
        kafka, tmp_path, audit_topic, context=context, principal=reader, pull=41
    )
    apply_consumer(kafka, tmp_path, audit_topic, context=context, principal=other, pull=42)
    topic = f"{context}.proj.orders"

    result = runner.invoke(
        app,
        ["log", "--root", str(tmp_path), "--principal", reader, "--resource", topic],
        env=env_of(kafka.admin_config),
    )

    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{record['ended_at']}  scope {context}  by dev41 (github, repository acme/kafka, "
        f"PR 41, commit {41:040d}, run https://github.example/acme/kafka/actions/runs/410)\n"
        f"  create acl {reader} ALLOW DESCRIBE on TOPIC:LITERAL:{topic} from *: succeeded\n"
        f"  create acl {reader} ALLOW READ on TOPIC:LITERAL:{topic} from *: succeeded\n"
    )


def test_the_audit_record_says_who_where_what_and_how_it_went(
    kafka: KafkaCluster, tmp_path: Path
) -> None:
    context, reader = unique_name("rec"), f"User:{unique_name('r')}"
    record = apply_consumer(
        kafka, tmp_path, unique_name("_ktb_audit"), context=context, principal=reader, pull=7
    )
    assert {k: v for k, v in record.items() if k not in {"started_at", "ended_at", "plan"}} == {
        "format_version": 1,
        "ktb_version": __version__,
        "scope": context,
        "platform": "github",
        "actor": "dev7",
        "repository": "acme/kafka",
        "commit": f"{7:040d}",
        "ref": "refs/pull/7/merge",
        "run_url": "https://github.example/acme/kafka/actions/runs/70",
        "pull_request": "7",
        "results": [
            {"address": a, "verb": "create", "outcome": "succeeded", "error": None}
            for a in [
                f"topic {context}.proj.orders",
                *(
                    f"acl {reader} ALLOW {op} on {res} from *"
                    for op, res in (
                        ("READ", "GROUP:LITERAL:*"),
                        ("DESCRIBE", f"TOPIC:LITERAL:{context}.proj.orders"),
                        ("READ", f"TOPIC:LITERAL:{context}.proj.orders"),
                    )
                ),
            ]
        ],
    }
