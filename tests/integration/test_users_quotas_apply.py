"""SCRAM users and client quotas planned and applied on the real broker, through the same
planner and applier as topics: exact plans, logins that follow them, and no perpetual diffs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ktb_action import planning
from ktb_action.core.applier import Outcome
from ktb_action.core.plan import Address, Plan, Status, Verb
from ktb_action.kafka.admin import connect
from ktb_action.kafka.config import ClientConfig
from ktb_action.kafka.quotas import open_quotas
from ktb_action.kafka.read import KafkaReader
from ktb_action.kafka.write import KafkaWriter
from ktb_action.kinds.quotas.values import QuotaEntity, QuotaValues
from ktb_action.kinds.users.values import Mechanism, ScramCredential
from ktb_action.pipeline import Loaded, Reading
from ktb_action.servers import SecretSources, Servers
from ktb_action.settings import AllowDelete, Settings
from ktb_action.topology.model import PasswordRef, Platform, Quota, ScramUser, Topology
from tests.kafka_fixture import KafkaCluster, logs_in, scram_client_config, unique_name, wait_for

pytestmark = pytest.mark.integration

PASSWORD_VARIABLE = "KTB_TEST_USER_PASSWORD"
PASSWORD = "s3cret-for-the-test"


@pytest.fixture
def servers(kafka: KafkaCluster, tmp_path: Path) -> Iterator[Servers]:
    config = ClientConfig(kafka.admin_config)
    session = connect(config, timeout=30.0)
    opened = Servers(
        KafkaReader(session),
        KafkaWriter(session),
        SecretSources({PASSWORD_VARIABLE: PASSWORD}, tmp_path),
        open_quotas=lambda: open_quotas(config),
    )
    yield opened
    opened.close()


def topology(*, users: tuple[ScramUser, ...] = (), quotas: tuple[Quota, ...] = ()) -> Topology:
    return Topology(context=unique_name("uq"), platform=Platform(quotas=quotas, users=users))


def user(name: str, iterations: str = "4096") -> ScramUser:
    return ScramUser(
        f"User:{name}",
        mechanisms=("SCRAM-SHA-512",),
        iterations=iterations,
        password=PasswordRef("env", PASSWORD_VARIABLE),
    )


def plan(servers: Servers, top: Topology, settings: Settings | None = None) -> Plan:
    loaded = Loaded(settings or Settings(), Reading((top,), ()))
    return planning.make_plan(loaded, servers)


def apply(servers: Servers, top: Topology, settings: Settings | None = None) -> list[Outcome]:
    return [r.outcome for r in planning.apply(plan(servers, top, settings), servers).results]


def test_a_declared_user_is_created_logs_in_and_then_plans_no_change(
    kafka: KafkaCluster, servers: Servers
) -> None:
    name = unique_name("user")
    top = topology(users=(user(name),))
    assert [(c.verb, c.address) for c in plan(servers, top).changes] == [
        (Verb.CREATE, Address("user", name))
    ]
    assert apply(servers, top) == [Outcome.SUCCEEDED]
    login = scram_client_config(kafka, name, PASSWORD)
    wait_for(lambda: logs_in(login), f"`{name}` cannot log in")
    assert plan(servers, top).changes == ()


def test_changed_iterations_are_one_update_that_reads_back(servers: Servers) -> None:
    name = unique_name("user")
    apply(servers, topology(users=(user(name),)))
    changed = topology(users=(user(name, iterations="8192"),))
    (update,) = plan(servers, changed).changes
    assert (update.verb, update.address) == (Verb.UPDATE, Address("user", name))
    assert apply(servers, changed) == [Outcome.SUCCEEDED]
    assert servers.kafka.read_users()[name] == (ScramCredential(Mechanism.SCRAM_SHA_512, 8192),)
    assert plan(servers, changed).changes == ()


def test_a_rotation_asked_for_sets_the_password_again(
    kafka: KafkaCluster, servers: Servers
) -> None:
    name = unique_name("user")
    top = topology(users=(user(name),))
    apply(servers, top)
    rotate = Settings(rotate_passwords=(f"User:{name}",))
    servers.secrets = SecretSources({PASSWORD_VARIABLE: "a-new-password"}, Path("."))
    assert apply(servers, top, rotate) == [Outcome.SUCCEEDED]
    login = scram_client_config(kafka, name, "a-new-password")
    wait_for(lambda: logs_in(login), f"`{name}` cannot log in with its new password")


def test_a_removed_user_is_deleted_when_allowed_and_can_no_longer_log_in(
    kafka: KafkaCluster, servers: Servers
) -> None:
    name = unique_name("user")
    apply(servers, topology(users=(user(name),)))
    login = scram_client_config(kafka, name, PASSWORD)
    wait_for(lambda: logs_in(login), f"`{name}` cannot log in")
    managed = Settings(principal_managed_prefixes=(f"User:{name}",))
    (blocked,) = plan(servers, topology(), managed).changes
    assert (blocked.verb, blocked.address, blocked.status) == (
        Verb.DELETE,
        Address("user", name),
        Status.BLOCKED_BY_POLICY,
    )
    allowed = Settings(
        principal_managed_prefixes=(f"User:{name}",), allow_delete=AllowDelete(users=True)
    )
    assert apply(servers, topology(), allowed) == [Outcome.SUCCEEDED]
    wait_for(lambda: not logs_in(login), f"`{name}` still logs in")


def test_a_missing_password_variable_fails_only_that_user(servers: Servers) -> None:
    name = unique_name("user")
    servers.secrets = SecretSources({}, Path("."))
    report = planning.apply(plan(servers, topology(users=(user(name),))), servers)
    (result,) = report.results
    assert (result.outcome, result.error) == (
        Outcome.FAILED,
        f"the password of user `{name}` (`${{env:{PASSWORD_VARIABLE}}}`): environment "
        f"variable `{PASSWORD_VARIABLE}` is not set",
    )


def quota(principal: str | None = None, **rates: float) -> Quota:
    client_id = rates.pop("client_id", None)
    return Quota(principal, client_id=client_id, **rates)  # type: ignore[arg-type]


def test_user_and_client_id_quotas_are_set_read_back_changed_and_removed(
    servers: Servers,
) -> None:
    name, client = unique_name("quser"), unique_name("client")
    user_quota = quota(f"User:{name}", producer_byte_rate=1048576, consumer_byte_rate=2097152)
    client_quota = quota(client_id=client, request_percentage=50)  # type: ignore[arg-type]
    top = topology(quotas=(user_quota, client_quota))
    assert [(c.verb, c.name) for c in plan(servers, top).changes] == [
        (Verb.CREATE, f"user={name}"),
        (Verb.CREATE, f"client-id={client}"),
    ]
    assert apply(servers, top) == [Outcome.SUCCEEDED, Outcome.SUCCEEDED]
    found = servers.quotas().read()
    assert found[QuotaEntity.of(user=name)] == QuotaValues(
        {"producer_byte_rate": 1048576.0, "consumer_byte_rate": 2097152.0}
    )
    assert found[QuotaEntity.of(client_id=client)] == QuotaValues({"request_percentage": 50.0})
    assert plan(servers, top).changes == ()

    changed = topology(quotas=(quota(f"User:{name}", producer_byte_rate=524288), client_quota))
    (update,) = plan(servers, changed).changes
    assert (update.verb, update.name) == (Verb.UPDATE, f"user={name}")
    assert apply(servers, changed) == [Outcome.SUCCEEDED]
    assert servers.quotas().read()[QuotaEntity.of(user=name)] == QuotaValues(
        {"producer_byte_rate": 524288.0}
    )

    allowed = Settings(
        principal_managed_prefixes=(f"User:{name}",), allow_delete=AllowDelete(quotas=True)
    )
    only_client = topology(quotas=(client_quota,))
    (delete,) = plan(servers, only_client, allowed).changes
    assert (delete.verb, delete.name, delete.status) == (
        Verb.DELETE,
        f"user={name}",
        Status.READY,
    )
    assert apply(servers, only_client, allowed) == [Outcome.SUCCEEDED]
    assert QuotaEntity.of(user=name) not in servers.quotas().read()
