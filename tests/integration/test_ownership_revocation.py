"""Access follows the files: bindings ktb applied and the files no longer declare are
revoked, through `ktb apply` with an ownership state, on the real broker (issue 10)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from confluent_kafka import KafkaError
from typer.testing import CliRunner, Result

from ktb_action import planning
from ktb_action.cli import app
from ktb_action.kafka.admin import connect
from ktb_action.kafka.config import ClientConfig
from ktb_action.kafka.read import KafkaReader
from ktb_action.kafka.write import KafkaWriter
from ktb_action.kinds.acls.values import AclBinding, AclOperation, AclResourceType, PatternType
from ktb_action.pipeline import load_topologies
from ktb_action.servers import SecretSources, Servers
from ktb_action.state.errors import ConcurrentApplyError
from tests.integration.test_acls_effective import first_message, produce
from tests.kafka_fixture import KafkaCluster, unique_name

pytestmark = pytest.mark.integration

runner = CliRunner()


def env_of(config: Mapping[str, str]) -> dict[str, str]:
    """`KTB_KAFKA_*` variables carrying a librdkafka config, as a pipeline would set them."""
    return {f"KTB_KAFKA_{key.upper().replace('.', '_')}": value for key, value in config.items()}


def project(root: Path, context: str, body: str, settings: str = "") -> None:
    """A repository: ktb.yaml keeping the state in `state.json`, and one topology file."""
    (root / "ktb.yaml").write_text(
        f"topology: [topology.yaml]\nownership:\n  state_file: state.json\n{settings}"
    )
    (root / "topology.yaml").write_text(
        f'context: "{context}"\nprojects:\n  - name: "proj"\n{body}'
        '    topics:\n      - name: "orders"\n'
        '        config: {num.partitions: "1", replication.factor: "1"}\n'
    )


def ktb_apply(kafka: KafkaCluster, root: Path, command: str = "apply") -> Result:
    result = runner.invoke(app, [command, "--root", str(root)], env=env_of(kafka.admin_config))
    assert result.exit_code == 0, result.output
    return result


def revoked_in_plan(output: str) -> set[str]:
    """The bindings a rendered plan revokes (its `- acl …` lines)."""
    return {line.strip()[len("- acl ") :] for line in output.splitlines() if "- acl" in line}


def bindings_of(kafka: KafkaCluster, principal: str) -> set[str]:
    """The addresses of every binding `principal` has."""
    reader = KafkaReader(connect(ClientConfig(kafka.admin_config), timeout=30.0))
    return {b.address for b in reader.read_acls(lambda p: p == principal)}


def owned_acls(root: Path) -> set[str]:
    """The binding addresses the state file records as owned."""
    scopes = json.loads((root / "state.json").read_text())["scopes"]
    return {name for scope in scopes.values() for name in scope["owned"].get("acl", {})}


def test_a_removed_consumer_loses_exactly_its_bindings_and_is_then_denied(
    kafka: KafkaCluster, scram_users: Callable[[str, str], dict[str, str]], tmp_path: Path
) -> None:
    keep, gone = unique_name("keep"), unique_name("gone")
    scram_users(keep, "keep-secret")
    gone_config = scram_users(gone, "gone-secret")
    context = unique_name("own")
    consumers = f'    consumers:\n      - principal: "User:{keep}"\n'
    project(tmp_path, context, consumers + f'      - principal: "User:{gone}"\n')
    ktb_apply(kafka, tmp_path)
    kept = bindings_of(kafka, f"User:{keep}")
    removed = bindings_of(kafka, f"User:{gone}")
    produce(kafka.admin_config, f"{context}.proj.orders", b"paid")
    assert first_message(gone_config, f"{context}.proj.orders", f"{context}.g") == (b"paid", None)

    project(tmp_path, context, consumers)
    plan = ktb_apply(kafka, tmp_path, "plan").output
    ktb_apply(kafka, tmp_path)

    assert revoked_in_plan(plan) == removed
    assert bindings_of(kafka, f"User:{gone}") == set()
    assert bindings_of(kafka, f"User:{keep}") == kept
    assert owned_acls(tmp_path) == kept
    # Its group binding went with the topic ones: the group is the first thing refused.
    assert first_message(gone_config, f"{context}.proj.orders", f"{context}.g") == (
        None,
        KafkaError(KafkaError.GROUP_AUTHORIZATION_FAILED).name(),
    )


def test_a_removed_transaction_id_loses_only_its_transactional_bindings(
    kafka: KafkaCluster, tmp_path: Path
) -> None:
    writer = f"User:{unique_name('writer')}"
    context = unique_name("txn")
    producer = f'    producers:\n      - principal: "{writer}"\n'
    project(tmp_path, context, producer + f'        transactionId: "{context}.tx"\n')
    ktb_apply(kafka, tmp_path)
    before = bindings_of(kafka, writer)

    project(tmp_path, context, producer)
    ktb_apply(kafka, tmp_path)

    # A transactional producer also writes idempotently (docs/acl-mapping.md).
    transactional = {
        f"{writer} ALLOW DESCRIBE on TRANSACTIONAL_ID:LITERAL:{context}.tx from *",
        f"{writer} ALLOW WRITE on TRANSACTIONAL_ID:LITERAL:{context}.tx from *",
        f"{writer} ALLOW IDEMPOTENT_WRITE on CLUSTER:LITERAL:kafka-cluster from *",
    }
    assert transactional <= before
    assert bindings_of(kafka, writer) == before - transactional


def test_first_adoption_owns_the_declared_bindings_and_deletes_nothing_undeclared(
    kafka: KafkaCluster, tmp_path: Path
) -> None:
    reader = f"User:{unique_name('adopted')}"
    context = unique_name("adopt")
    declared, by_hand = (
        AclBinding(reader, AclResourceType.TOPIC, f"{context}.proj.{topic}", PatternType.LITERAL,
                   AclOperation.READ)
        for topic in ("orders", "legacy")
    )  # fmt: skip
    writer = KafkaWriter(connect(ClientConfig(kafka.admin_config), timeout=30.0))
    assert writer.create_acls([declared, by_hand]) == {
        declared.address: None,
        by_hand.address: None,
    }
    writer.wait_until_visible()
    project(tmp_path, context, f'    consumers:\n      - principal: "{reader}"\n')

    plan = ktb_apply(kafka, tmp_path, "plan").output
    ktb_apply(kafka, tmp_path)

    assert revoked_in_plan(plan) == {
        f"{by_hand.address}  [blocked: would delete, blocked by policy: set allow_delete.acls]"
    }
    assert by_hand.address in bindings_of(kafka, reader)
    assert owned_acls(tmp_path) == bindings_of(kafka, reader) - {by_hand.address}
    assert declared.address in owned_acls(tmp_path)


def servers_of(kafka: KafkaCluster, root: Path) -> Servers:
    """The ports `ktb apply` opens, with repository root `root`."""
    session = connect(ClientConfig(kafka.admin_config), timeout=30.0)
    return Servers(KafkaReader(session), KafkaWriter(session), SecretSources(root=root))


def test_of_two_applies_planned_together_the_second_stops_before_changing_kafka(
    kafka: KafkaCluster, tmp_path: Path
) -> None:
    first, second = f"User:{unique_name('first')}", f"User:{unique_name('second')}"
    context = unique_name("race")
    settings = tmp_path / "ktb.yaml"
    plans = []
    for principal in (first, second):
        project(tmp_path, context, f'    consumers:\n      - principal: "{principal}"\n')
        loaded = load_topologies((), tmp_path, settings)
        servers = servers_of(kafka, tmp_path)
        plans.append((planning.make_plan(loaded, servers), servers))
    (plan_a, servers_a), (plan_b, servers_b) = plans

    planning.apply(plan_a, servers_a)
    with pytest.raises(ConcurrentApplyError) as stopped:
        planning.apply(plan_b, servers_b)

    assert stopped.value.message == (
        f"another apply of scope `{context}` changed the ownership state since this plan was "
        "made (generation 0, now 1), so nothing was changed"
    )
    assert bindings_of(kafka, second) == set()
    assert owned_acls(tmp_path) == bindings_of(kafka, first)
    assert json.loads((tmp_path / "state.json").read_text())["scopes"][context]["generation"] == 1
    assert not (tmp_path / "state.json.lock").exists()


def julie_binding(binding: AclBinding) -> dict[str, str]:
    """A binding as JulieOps' FileBackend writes it into `.cluster-state`."""
    return {
        "resourceType": str(binding.resource_type),
        "resourceName": binding.resource_name,
        "host": binding.host,
        "operation": str(binding.operation),
        "principal": binding.principal,
        "pattern": str(binding.pattern_type),
    }


def test_what_julieops_created_is_owned_from_the_first_run(
    kafka: KafkaCluster, tmp_path: Path
) -> None:
    gone, stays = f"User:{unique_name('julie')}", f"User:{unique_name('handmade')}"
    context = unique_name("jul")
    julie_made, by_hand = (
        AclBinding(principal, AclResourceType.TOPIC, f"{context}.proj.orders",
                   PatternType.LITERAL, AclOperation.READ)
        for principal in (gone, stays)
    )  # fmt: skip
    writer = KafkaWriter(connect(ClientConfig(kafka.admin_config), timeout=30.0))
    writer.create_acls([julie_made, by_hand])
    writer.wait_until_visible()
    rbac = {**julie_binding(julie_made), "operation": "DeveloperRead"}
    state = {"bindings": [julie_binding(julie_made), rbac], "accounts": [], "topics": []}
    (tmp_path / ".cluster-state").write_text(json.dumps(state))
    project(tmp_path, context, "", "  julie_state_file: .cluster-state\n")

    plan = ktb_apply(kafka, tmp_path, "plan").output
    ktb_apply(kafka, tmp_path)

    assert revoked_in_plan(plan) == {julie_made.address}
    assert (bindings_of(kafka, gone), bindings_of(kafka, stays)) == (set(), {by_hand.address})
