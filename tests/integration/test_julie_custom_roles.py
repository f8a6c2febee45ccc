"""JulieOps custom roles (`julie.roles`) on the real broker: a project key named after a role
grants exactly the role's bindings, its `{{variables}}` filled from the entry."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.corpus import require_corpus
from tests.integration.test_plan_apply_commands import ktb
from tests.kafka_fixture import KafkaCluster, unique_name

pytestmark = pytest.mark.integration

CORPUS_ROLES = require_corpus() / "src/test/resources/roles.yaml"


def test_julie_role_keys_plan_the_corpus_roles_bindings(
    kafka: KafkaCluster, tmp_path: Path
) -> None:
    context, user = unique_name("roles"), unique_name("role-user")
    shutil.copy(CORPUS_ROLES, tmp_path / "roles.yaml")
    (tmp_path / "ktb.yaml").write_text("roles_file: roles.yaml\n")
    topology = tmp_path / "topology"
    topology.mkdir()
    (topology / "t.yaml").write_text(
        f"""context: "{context}"
projects:
  - name: "p"
    app:
      - principal: "User:{user}"
        topic: "{context}.app."
        group: "{context}-app"
    other:
      - principal: "User:{user}"
        topic: "{context}.audit"
"""
    )
    validated = ktb(kafka.admin_config, topology, "validate", str(topology))
    planned = ktb(kafka.admin_config, topology, "plan", str(topology), "--format", "json")
    changes = json.loads(planned.stdout)["changes"]
    addresses = sorted((c["kind"], c["verb"], c["name"]) for c in changes)
    assert (validated.exit_code, planned.exit_code) == (0, 0)
    assert addresses == [
        ("acl", "create", f"User:{user} ALLOW ALL on TOPIC:PREFIXED:{context}.app. from *"),
        ("acl", "create", f"User:{user} ALLOW READ on GROUP:PREFIXED:{context}-app from *"),
        ("acl", "create", f"User:{user} ALLOW READ on TOPIC:LITERAL:{context}.audit from *"),
    ]
