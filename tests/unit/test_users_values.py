"""Compiling desired SCRAM users from topologies: names, defaults, and what is left out."""

from __future__ import annotations

from ktb_action.kinds.users.values import (
    Mechanism,
    ScramCredential,
    UserSpec,
    compile_users,
    user_name,
)
from ktb_action.topology.model import PasswordRef, Platform, ScramUser, Topology

ALICE = PasswordRef("env", "ALICE")


def _compile(*users: ScramUser) -> tuple[UserSpec, ...]:
    return compile_users([Topology("c", platform=Platform(users=users))])


def test_a_user_gets_scram_sha_512_with_4096_iterations_by_default() -> None:
    assert _compile(ScramUser("User:alice", password=ALICE)) == (
        UserSpec("alice", (ScramCredential(Mechanism.SCRAM_SHA_512, 4096),), ALICE),
    )


def test_every_listed_mechanism_is_one_credential_with_the_user_s_iterations() -> None:
    user = ScramUser(
        "User:alice",
        mechanisms=("SCRAM-SHA-512", "SCRAM-SHA-256"),
        iterations="8192",
        password=ALICE,
        password_version="3",
    )
    assert _compile(user) == (
        UserSpec(
            "alice",
            (
                ScramCredential(Mechanism.SCRAM_SHA_256, 8192),
                ScramCredential(Mechanism.SCRAM_SHA_512, 8192),
            ),
            ALICE,
            "3",
        ),
    )


def test_users_of_every_topology_are_sorted_by_name() -> None:
    topologies = [
        Topology("one", platform=Platform(users=(ScramUser("User:zoe", password=ALICE),))),
        Topology("two", platform=Platform(users=(ScramUser("User:bob", password=ALICE),))),
    ]
    assert [user.name for user in compile_users(topologies)] == ["bob", "zoe"]


def test_a_user_declared_twice_counts_once_as_first_declared() -> None:
    first = ScramUser("User:alice", iterations="4096", password=ALICE)
    second = ScramUser("User:alice", iterations="8192", password=ALICE)
    assert [user.credentials[0].iterations for user in _compile(first, second)] == [4096]


def test_entries_the_rules_report_are_left_out() -> None:
    assert (
        _compile(
            ScramUser("Group:admins", password=ALICE),
            ScramUser("User:no-reference"),
            ScramUser("User:few", iterations="100", password=ALICE),
            ScramUser("User:many", iterations="16385", password=ALICE),
            ScramUser("User:unknown", mechanisms=("SCRAM-SHA-1",), password=ALICE),
        )
        == ()
    )


def test_a_user_name_is_the_principal_after_user() -> None:
    assert [user_name(p) for p in ("User:alice", "User:", "User: ", "Group:x", "alice")] == [
        "alice",
        None,
        None,
        None,
        None,
    ]
