"""apply: safe order, one batched call per phase, exact reports of partial failures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from ktb_action.apply import (
    ApplyReport,
    ChangeResult,
    Outcome,
    UnsupportedChangesError,
    apply_plan,
)
from ktb_action.kafka.write import Results
from ktb_action.plan.model import Action, Change, Plan, Status
from ktb_action.resources import (
    AclBinding,
    AclOperation,
    AclResourceType,
    PatternType,
    TopicSpec,
    acl_to_dict,
)

BINDING = AclBinding("User:c", AclResourceType.TOPIC, "t1", PatternType.LITERAL, AclOperation.READ)


class RecordingWriter:
    """A `ClusterWriter` that records each batched call and fails the names it is told to."""

    def __init__(self, failing: Mapping[str, str] | None = None) -> None:
        self.calls: list[tuple[str, object]] = []
        self.failing = dict(failing or {})

    def _results(self, method: str, payload: object, keys: Sequence[str]) -> Results:
        self.calls.append((method, payload))
        return {k: self.failing.get(k) for k in keys}

    def create_topics(self, topics: Sequence[TopicSpec]) -> Results:
        return self._results("create_topics", list(topics), [t.name for t in topics])

    def alter_topic_configs(self, updates: Mapping[str, Mapping[str, str | None]]) -> Results:
        return self._results("alter_topic_configs", dict(updates), list(updates))

    def create_partitions(self, totals: Mapping[str, int]) -> Results:
        return self._results("create_partitions", dict(totals), list(totals))

    def create_acls(self, bindings: Sequence[AclBinding]) -> Results:
        return self._results("create_acls", list(bindings), [b.address for b in bindings])

    def delete_acls(self, bindings: Sequence[AclBinding]) -> Results:
        return self._results("delete_acls", list(bindings), [b.address for b in bindings])

    def delete_topics(self, names: Sequence[str]) -> Results:
        return self._results("delete_topics", list(names), list(names))

    def wait_until_visible(self) -> None:
        self.calls.append(("wait_until_visible", None))


CREATE_T1 = Change(
    Action.CREATE_TOPIC, "t1", None, {"partitions": None, "replication_factor": 1, "configs": {}}
)
CREATE_T2 = Change(
    Action.CREATE_TOPIC,
    "t2",
    None,
    {"partitions": 2, "replication_factor": None, "configs": {"a": "b"}},
)
UPDATE_T3 = Change(Action.UPDATE_TOPIC_CONFIG, "t3", {"a": "1", "b": "2"}, {"a": "3", "b": None})
GROW_T3 = Change(Action.INCREASE_PARTITIONS, "t3", {"partitions": 1}, {"partitions": 4})
CREATE_ACL = Change(Action.CREATE_ACL, BINDING.address, None, acl_to_dict(BINDING))
DELETE_ACL = Change(Action.DELETE_ACL, BINDING.address, acl_to_dict(BINDING), None)
DELETE_T4 = Change(Action.DELETE_TOPIC, "t4", {"partitions": 1}, None)


def make_plan(*changes: Change) -> Plan:
    return Plan(changes=changes, fingerprint="fp")


def test_each_phase_is_one_batched_call_in_safe_order_then_one_wait_for_reads() -> None:
    writer = RecordingWriter()
    plan = make_plan(DELETE_T4, DELETE_ACL, CREATE_ACL, GROW_T3, UPDATE_T3, CREATE_T2, CREATE_T1)
    apply_plan(plan, writer)
    assert writer.calls == [
        ("create_topics", [TopicSpec("t2", 2, -1, (("a", "b"),)), TopicSpec("t1", -1, 1)]),
        ("alter_topic_configs", {"t3": {"a": "3", "b": None}}),
        ("create_partitions", {"t3": 4}),
        ("create_acls", [BINDING]),
        ("delete_acls", [BINDING]),
        ("delete_topics", ["t4"]),
        ("wait_until_visible", None),
    ]


def test_all_changes_succeeding_is_an_ok_report() -> None:
    report = apply_plan(make_plan(CREATE_T1, CREATE_ACL), RecordingWriter())
    assert report == ApplyReport(
        (ChangeResult(CREATE_T1, Outcome.SUCCEEDED), ChangeResult(CREATE_ACL, Outcome.SUCCEEDED))
    )
    assert report.ok


def test_a_failure_reports_the_phase_exactly_and_skips_later_phases() -> None:
    writer = RecordingWriter({"t2": "User:x is not allowed CREATE on TOPIC:t2"})
    report = apply_plan(make_plan(CREATE_T1, CREATE_T2, CREATE_ACL, DELETE_T4), writer)
    assert report.results == (
        ChangeResult(CREATE_T1, Outcome.SUCCEEDED),
        ChangeResult(CREATE_T2, Outcome.FAILED, "User:x is not allowed CREATE on TOPIC:t2"),
        ChangeResult(CREATE_ACL, Outcome.NOT_ATTEMPTED),
        ChangeResult(DELETE_T4, Outcome.NOT_ATTEMPTED),
    )
    assert [method for method, _ in writer.calls] == ["create_topics", "wait_until_visible"]
    assert not report.ok


def test_blocked_changes_are_never_executed() -> None:
    blocked = Change(
        Action.DELETE_TOPIC, "t9", {}, None, status=Status.BLOCKED_BY_POLICY, reason="no"
    )
    writer = RecordingWriter()
    report = apply_plan(make_plan(blocked), writer)
    assert (report.results, writer.calls) == ((), [])


def test_unsupported_changes_refuse_the_whole_run() -> None:
    unsupported = Change(
        Action.INCREASE_PARTITIONS,
        "t3",
        {"partitions": 6},
        {"partitions": 3},
        status=Status.UNSUPPORTED,
        reason="partitions cannot be decreased (6 -> 3)",
    )
    writer = RecordingWriter()
    with pytest.raises(UnsupportedChangesError) as raised:
        apply_plan(make_plan(CREATE_T1, unsupported), writer)
    assert (raised.value.message, writer.calls) == (
        "the plan has 1 unsupported change(s), so nothing was applied; "
        "first: `t3`: partitions cannot be decreased (6 -> 3)",
        [],
    )
