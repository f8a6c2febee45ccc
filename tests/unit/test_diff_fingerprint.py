"""The fingerprint of the actual state: stable across listing order, changed by any change."""

from __future__ import annotations

from ktb_action.plan.fingerprint import fingerprint
from ktb_action.resources import (
    AclBinding,
    AclOperation,
    AclResourceType,
    ClusterState,
    PatternType,
    TopicSpec,
)

A = TopicSpec("a", 1, 1, (("retention.ms", "1"),))
B = TopicSpec("b", 3, 1)
READ = AclBinding("User:c", AclResourceType.TOPIC, "a", PatternType.LITERAL, AclOperation.READ)
WRITE = AclBinding("User:c", AclResourceType.TOPIC, "a", PatternType.LITERAL, AclOperation.WRITE)


def test_same_state_listed_in_another_order_has_the_same_fingerprint() -> None:
    assert fingerprint(ClusterState((A, B), (READ, WRITE))) == fingerprint(
        ClusterState((B, A), (WRITE, READ))
    )


def test_fingerprint_is_a_sha256() -> None:
    value = fingerprint(ClusterState())
    assert (value[:7], len(value)) == ("sha256:", 7 + 64)


def test_a_changed_config_changes_the_fingerprint() -> None:
    changed = TopicSpec("a", 1, 1, (("retention.ms", "2"),))
    assert fingerprint(ClusterState((A,))) != fingerprint(ClusterState((changed,)))


def test_a_new_binding_changes_the_fingerprint() -> None:
    assert fingerprint(ClusterState((A,), (READ,))) != fingerprint(
        ClusterState((A,), (READ, WRITE))
    )
