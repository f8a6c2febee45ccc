"""The users and quotas kinds through the planner: what each plans, how it reads in text,
how its values round-trip through a plan file, and that nothing is read when nothing is
declared or managed."""

from __future__ import annotations

import json
from dataclasses import dataclass

from ktb_action.core.plan import Address, Status, Verb
from ktb_action.core.plan_file import plan_from_dict
from ktb_action.kinds.quotas.values import QuotaEntity, QuotaValues
from ktb_action.kinds.registry import kind_named
from ktb_action.kinds.users.values import Mechanism, ScramCredential
from ktb_action.render.plan_json import plan_to_dict
from ktb_action.render.plan_text import render_text
from ktb_action.settings import AllowDelete, Settings
from ktb_action.topology.model import PasswordRef, Platform, Quota, ScramUser, Topology
from tests.unit.fake_cluster import FakeReader, plan_of

SHA_512 = Mechanism.SCRAM_SHA_512
REF = PasswordRef("env", "ALICE_PASSWORD")


def with_platform(**platform: object) -> Topology:
    return Topology(context="ctx", platform=Platform(**platform))  # type: ignore[arg-type]


def alice(iterations: str = "4096") -> ScramUser:
    return ScramUser(
        "User:alice", mechanisms=("SCRAM-SHA-512",), iterations=iterations, password=REF
    )


@dataclass(frozen=True)
class CountingReader(FakeReader):
    """Fails the test if users are read."""

    def read_users(self) -> dict[str, tuple[ScramCredential, ...]]:
        raise AssertionError("users were read")


def test_a_declared_user_is_created_with_its_credential_and_its_password_reference() -> None:
    plan = plan_of([with_platform(users=(alice(),))], FakeReader())
    assert render_text(plan).splitlines()[2 : 2 + 4] == [
        "  + user alice",
        "      SCRAM-SHA-512: 4096 iterations",
        "      password: set from ${env:ALICE_PASSWORD}",
        "",
    ]


def test_a_user_with_its_credentials_plans_nothing() -> None:
    reader = FakeReader(users={"alice": (ScramCredential(SHA_512, 4096),)})
    assert plan_of([with_platform(users=(alice(),))], reader).changes == ()


def test_other_iterations_are_an_update_that_sets_the_password_again() -> None:
    reader = FakeReader(users={"alice": (ScramCredential(SHA_512, 4096),)})
    plan = plan_of([with_platform(users=(alice("8192"),))], reader)
    assert render_text(plan).splitlines()[2 : 2 + 3] == [
        "  ~ user alice",
        "      ~ SCRAM-SHA-512: 4096 -> 8192 iterations",
        "      password: set again from ${env:ALICE_PASSWORD}",
    ]


def test_a_rotation_asked_for_updates_a_user_whose_credentials_match() -> None:
    reader = FakeReader(users={"alice": (ScramCredential(SHA_512, 4096),)})
    settings = Settings(rotate_passwords=("User:alice",))
    plan = plan_of([with_platform(users=(alice(),))], reader, settings)
    assert render_text(plan).splitlines()[2 : 2 + 2] == [
        "  ~ user alice",
        "      password: set again from ${env:ALICE_PASSWORD} (rotation asked for)",
    ]


def test_an_undeclared_user_is_deleted_only_under_managed_prefixes_and_when_allowed() -> None:
    reader = FakeReader(users={"svc-old": (ScramCredential(SHA_512, 4096),), "other": ()})
    managed = Settings(principal_managed_prefixes=("User:svc-",))
    (blocked,) = plan_of([with_platform()], reader, managed).changes
    assert (blocked.address, blocked.status, blocked.reason) == (
        Address("user", "svc-old"),
        Status.BLOCKED_BY_POLICY,
        "would delete, blocked by policy: set allow_delete.users",
    )
    allowed = Settings(
        principal_managed_prefixes=("User:svc-",), allow_delete=AllowDelete(users=True)
    )
    (delete,) = plan_of([with_platform()], reader, allowed).changes
    assert (delete.verb, delete.status) == (Verb.DELETE, Status.READY)


def test_users_are_not_read_when_none_is_declared_or_managed() -> None:
    assert plan_of([with_platform()], CountingReader()).changes == ()


def test_quotas_are_created_updated_key_by_key_and_read_in_text() -> None:
    entity = QuotaEntity.of(user="app")
    reader = FakeReader(
        quotas={entity: QuotaValues({"producer_byte_rate": 1024.0, "request_percentage": 50.0})}
    )
    declared = (
        Quota("User:app", producer_byte_rate=2048, consumer_byte_rate=4096),
        Quota(None, client_id="batch", request_percentage=25.5),
    )
    plan = plan_of([with_platform(quotas=declared)], reader)
    assert render_text(plan).splitlines()[2 : 2 + 8] == [
        "  ~ quota user=app",
        "      ~ producer_byte_rate: 1024 -> 2048",
        "      + consumer_byte_rate: 4096",
        "      - request_percentage: 50 (removed)",
        "  + quota client-id=batch",
        "      request_percentage: 25.5",
        "",
        "Plan: 1 to create, 1 to update, 0 to delete.",
    ]


def test_quotas_are_not_read_when_none_is_declared_or_managed() -> None:
    reader = FakeReader(
        quotas={QuotaEntity.of(user="app"): QuotaValues({"request_percentage": 1.0})}
    )
    assert plan_of([with_platform()], reader).changes == ()


def test_user_and_quota_changes_round_trip_through_a_plan_file() -> None:
    declared = with_platform(
        users=(alice(),), quotas=(Quota(None, default_user=True, request_percentage=10),)
    )
    plan = plan_of([declared], FakeReader())
    data = json.loads(json.dumps(plan_to_dict(plan)))
    assert plan_from_dict(data, kind_named) == plan
    assert [c["after"] for c in data["changes"]] == [
        {
            "credentials": [{"mechanism": "SCRAM-SHA-512", "iterations": 4096}],
            "password": {"source": "env", "target": "ALICE_PASSWORD", "base": ""},
            "password_version": None,
            "rotate": False,
        },
        {"entity": [["user", None]], "values": {"request_percentage": 10.0}},
    ]
