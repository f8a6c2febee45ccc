"""The fingerprint of the actual state: stable across listing order, changed by any change
in scope."""

from __future__ import annotations

import pytest

from ktb_action.core.fingerprint import fingerprint
from ktb_action.core.plan import NOT_FINGERPRINTED
from ktb_action.kinds.acls.values import AclBinding, AclOperation, AclResourceType, PatternType
from ktb_action.kinds.topics.values import TopicSpec
from ktb_action.render.plan_json import render_json
from ktb_action.settings import Settings
from tests.unit.fake_cluster import FakeReader, comparison_of

A = TopicSpec("ctx.a", 1, 1, (("retention.ms", "1"),))
B = TopicSpec("ctx.b", 3, 1)
READ = AclBinding("User:c", AclResourceType.TOPIC, "ctx.a", PatternType.LITERAL, AclOperation.READ)
WRITE = AclBinding(
    "User:c", AclResourceType.TOPIC, "ctx.a", PatternType.LITERAL, AclOperation.WRITE
)
SCOPE = Settings(topic_managed_prefixes=("ctx.",), principal_managed_prefixes=("User:",))


def fingerprint_of(reader: FakeReader) -> str:
    return comparison_of([], reader, SCOPE).fingerprint


def test_same_state_listed_in_another_order_has_the_same_fingerprint() -> None:
    assert fingerprint_of(FakeReader((A, B), (READ, WRITE))) == fingerprint_of(
        FakeReader((B, A), (WRITE, READ))
    )


def test_fingerprint_is_a_sha256() -> None:
    value = fingerprint({})
    assert (value[:7], len(value)) == ("sha256:", 7 + 64)


def test_a_changed_config_changes_the_fingerprint() -> None:
    changed = TopicSpec("ctx.a", 1, 1, (("retention.ms", "2"),))
    assert fingerprint_of(FakeReader((A,))) != fingerprint_of(FakeReader((changed,)))


def test_a_new_binding_changes_the_fingerprint() -> None:
    assert fingerprint_of(FakeReader((A,), (READ,))) != fingerprint_of(
        FakeReader((A,), (READ, WRITE))
    )


def test_a_topic_outside_the_scope_leaves_the_fingerprint_as_it_is() -> None:
    outside = TopicSpec("other.t", 1, 1)
    assert fingerprint_of(FakeReader((A,))) == fingerprint_of(FakeReader((A, outside)))


def test_a_plan_only_shown_has_the_same_changes_and_no_fingerprint() -> None:
    comparison = comparison_of([], FakeReader((A,), (READ,)), SCOPE)
    shown, written = comparison.plan(fingerprint=False), comparison.plan()
    assert (shown.changes, shown.fingerprint, written.fingerprint) == (
        written.changes,
        NOT_FINGERPRINTED,
        comparison.fingerprint,
    )


def test_a_plan_without_its_fingerprint_is_never_written_as_json() -> None:
    shown = comparison_of([], FakeReader((A,)), SCOPE).plan(fingerprint=False)
    with pytest.raises(ValueError, match="without a fingerprint cannot be written"):
        render_json(shown)
