"""The ownership state: what it makes ours, how an apply changes it, how the file keeps it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ktb_action.config.load import load_settings
from ktb_action.core.applier import ApplyReport, ChangeResult, Outcome
from ktb_action.core.compare import compare_kind
from ktb_action.core.plan import Address, Change, Status, Verb
from ktb_action.core.scope import Scope
from ktb_action.kinds.acls.kind import ACLS
from ktb_action.kinds.acls.ownership import Ownership
from ktb_action.kinds.acls.values import AclBinding, AclOperation, AclResourceType, PatternType
from ktb_action.kinds.topics.kind import TOPICS
from ktb_action.kinds.topics.values import TopicSpec
from ktb_action.settings import AllowDelete
from ktb_action.state.errors import ConcurrentApplyError, StateUnreadableError
from ktb_action.state.file_store import FileStateStore
from ktb_action.state.julie import read_julie_state
from ktb_action.state.snapshot import Snapshot, owned_after

GONE = AclBinding("User:gone", AclResourceType.TOPIC, "ctx.orders", PatternType.LITERAL,
                  AclOperation.READ)  # fmt: skip
ELSEWHERE = TopicSpec("elsewhere.orders", 1, 1)


def scope(owned: dict[str, dict[str, dict[str, str]]], revoke: frozenset[str]) -> Scope:
    """A scope of context `ctx` with deletion off for every kind."""
    return Scope(("ctx",), ("ctx.",), ("ctx.",), AllowDelete(), owned=owned, revoke_owned=revoke)


def owning_gone(revoke: frozenset[str]) -> Scope:
    return scope({"acl": {GONE.address: ACLS.encode(GONE)}}, revoke)


def test_a_binding_ktb_applied_and_no_file_declares_is_revoked_with_deletion_off() -> None:
    changes = compare_kind(ACLS, {}, {GONE.address: GONE}, owning_gone(frozenset({"acls"})))
    assert changes == [Change(Verb.DELETE, Address("acl", GONE.address), GONE, None)]


def test_without_revocation_an_owned_binding_is_shown_left_in_place() -> None:
    changes = compare_kind(ACLS, {}, {GONE.address: GONE}, owning_gone(frozenset()))
    assert changes == [
        Change(
            Verb.DELETE,
            Address("acl", GONE.address),
            GONE,
            None,
            status=Status.BLOCKED_BY_POLICY,
            reason="would delete, blocked by policy: set allow_delete.acls",
        )
    ]


def test_an_owned_topic_outside_the_prefixes_is_deleted_only_when_topic_deletion_is() -> None:
    owned = scope({"topic": {ELSEWHERE.name: TOPICS.encode(ELSEWHERE)}}, frozenset({"acls"}))
    (change,) = compare_kind(TOPICS, {}, {ELSEWHERE.name: ELSEWHERE}, owned)
    assert (change.verb, change.status) == (Verb.DELETE, Status.BLOCKED_BY_POLICY)


def test_the_acl_kind_reads_the_principals_of_the_bindings_it_owns() -> None:
    ownership = Ownership.of({}, owning_gone(frozenset({"acls"})))
    assert (ownership.reads_principal("User:gone"), ownership.reads_principal("User:x")) == (
        True,
        False,
    )


def encode(kind: str, value: object) -> dict[str, str]:
    return {"kind": kind, "value": str(value)}


def test_after_apply_the_state_adds_adopted_created_and_updated_and_drops_deleted() -> None:
    created = Change(Verb.CREATE, Address("topic", "new"), None, "v2")
    failed = Change(Verb.CREATE, Address("topic", "broken"), None, "v3")
    deleted = Change(Verb.DELETE, Address("acl", "old"), "b", None)
    report = ApplyReport(
        (
            ChangeResult(created, Outcome.SUCCEEDED),
            ChangeResult(failed, Outcome.FAILED, "denied"),
            ChangeResult(deleted, Outcome.SUCCEEDED),
        )
    )
    previous = {"acl": {"old": {"a": "1"}, "kept": {"a": "2"}}}
    present = {"topic": {"there": {"p": "1"}}}
    assert owned_after(previous, present, report, encode) == {
        "acl": {"kept": {"a": "2"}},
        "topic": {"there": {"p": "1"}, "new": {"kind": "topic", "value": "v2"}},
    }


def test_a_new_state_file_reads_as_empty_and_a_write_moves_its_generation(
    tmp_path: Path,
) -> None:
    store = FileStateStore(tmp_path / "state.json")
    assert store.read("ctx") == Snapshot()
    claim = store.claim("ctx", 0)
    claim.write({"acl": {"x": {"a": "1"}}})
    claim.release()
    assert store.read("ctx") == Snapshot(1, {"acl": {"x": {"a": "1"}}})


def test_a_held_state_stops_a_second_apply(tmp_path: Path) -> None:
    store = FileStateStore(tmp_path / "state.json")
    store.claim("ctx", 0)
    with pytest.raises(ConcurrentApplyError) as stopped:
        store.claim("ctx", 0)
    assert (stopped.value.message, stopped.value.hint) == (
        f"another apply holds the ownership state `{store.path}`, so nothing was changed",
        f"wait for it and run again; if no apply is running, remove `{store.lock}`",
    )


def test_a_state_file_that_is_not_json_stops_the_run(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text("{not json")
    with pytest.raises(StateUnreadableError) as stopped:
        FileStateStore(path).read("ctx")
    assert stopped.value.message.startswith(f"cannot read the ownership state `{path}`")


def test_foreign_entries_in_the_state_file_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text('{"scopes": {"ctx": {"generation": "x", "owned": {"acl": [], "topic": '
                    '{"a": 1, "b": {"p": "1"}}}}}}')  # fmt: skip
    assert FileStateStore(path).read("ctx") == Snapshot(0, {"topic": {"b": {"p": "1"}}})


@pytest.mark.parametrize(
    ("name", "text", "revoke"),
    [
        ("ktb.yaml", "allow_delete: {acls: false}\n", True),
        ("julie.properties", "topology.topic.prefix.separator=.\n", False),
        ("julie.properties", "allow.delete.bindings=true\n", True),
    ],
)
def test_bindings_are_revoked_by_default_except_under_julieops_defaults(
    tmp_path: Path, name: str, text: str, revoke: bool
) -> None:
    (tmp_path / name).write_text(text)
    settings, _ = load_settings(tmp_path / name, tmp_path)
    assert settings.revoke_owned_bindings is revoke


def test_a_julieops_state_gives_its_acls_and_topics_and_skips_role_bindings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / ".cluster-state"
    binding = {"resourceType": "TOPIC", "resourceName": "ctx.orders", "host": "*",
               "operation": "READ", "principal": "User:gone", "pattern": "LITERAL"}  # fmt: skip
    rbac = {**binding, "operation": "DeveloperRead"}
    path.write_text(json.dumps({"bindings": [binding, rbac], "accounts": [], "topics": ["t"]}))
    assert read_julie_state(path) == {
        "acl": {GONE.address: ACLS.encode(GONE)},
        "topic": {"t": {}},
    }
    assert capsys.readouterr().err == (
        f"warning: binding 1 of `{path}` is not a Kafka ACL ktb can own; skipped\n"
    )
