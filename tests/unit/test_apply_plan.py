"""apply: safe order, one batched call per phase, exact reports of partial failures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from ktb_action.core.applier import (
    ApplyReport,
    ChangeResult,
    NoAnswer,
    Outcome,
    UnsupportedChangesError,
)
from ktb_action.core.kind import Results
from ktb_action.core.plan import Address, Change, Plan, Status, Verb
from ktb_action.errors import ClusterError
from ktb_action.kinds.acls.values import AclBinding, AclOperation, AclResourceType, PatternType
from ktb_action.kinds.topics.values import TopicSpec
from ktb_action.planning import apply
from ktb_action.servers import Servers
from tests.unit.fake_cluster import FakeReader

BINDING = AclBinding("User:c", AclResourceType.TOPIC, "t1", PatternType.LITERAL, AclOperation.READ)


class RecordingWriter:
    """A `ClusterWriter` that records each batched call and fails the names it is told to
    (in every call, or only in the calls of method `failing_in`)."""

    def __init__(
        self, failing: Mapping[str, str] | None = None, failing_in: str | None = None
    ) -> None:
        self.calls: list[tuple[str, object]] = []
        self.failing = dict(failing or {})
        self.failing_in = failing_in

    def _results(self, method: str, payload: object, keys: Sequence[str]) -> Results:
        self.calls.append((method, payload))
        if self.failing_in not in (None, method):
            return dict.fromkeys(keys)
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


def topic(name: str) -> Address:
    return Address("topic", name)


ACL = Address("acl", BINDING.address)
CREATE_T1 = Change(Verb.CREATE, topic("t1"), None, TopicSpec("t1", None, 1))
CREATE_T2 = Change(Verb.CREATE, topic("t2"), None, TopicSpec("t2", 2, None, (("a", "b"),)))
T3 = TopicSpec("t3", 1, 1, (("a", "1"), ("b", "2")))
UPDATE_T3 = Change(Verb.UPDATE, topic("t3"), T3, TopicSpec("t3", 4, 1, (("a", "3"),)))
CREATE_ACL = Change(Verb.CREATE, ACL, None, BINDING)
DELETE_ACL = Change(Verb.DELETE, ACL, BINDING, None)
DELETE_T4 = Change(Verb.DELETE, topic("t4"), TopicSpec("t4", 1, 1), None)


def make_plan(*changes: Change) -> Plan:
    return Plan(changes=changes, fingerprint="fp")


def apply_plan(plan: Plan, writer: RecordingWriter) -> ApplyReport:
    return apply(plan, Servers(FakeReader(), writer))


def test_each_phase_is_one_batched_call_in_safe_order_then_reads_are_awaited() -> None:
    writer = RecordingWriter()
    plan = make_plan(DELETE_T4, DELETE_ACL, CREATE_ACL, UPDATE_T3, CREATE_T2, CREATE_T1)
    apply_plan(plan, writer)
    writes, waits = writer.calls[:6], writer.calls[6:]
    assert writes == [
        ("create_topics", [TopicSpec("t2", 2, None, (("a", "b"),)), TopicSpec("t1", None, 1)]),
        ("alter_topic_configs", {"t3": {"a": "3", "b": None}}),
        ("create_partitions", {"t3": 4}),
        ("create_acls", [BINDING]),
        ("delete_acls", [BINDING]),
        ("delete_topics", ["t4"]),
    ]
    assert {method for method, _ in waits} == {"wait_until_visible"}


def test_an_update_without_new_partitions_only_alters_configs() -> None:
    writer = RecordingWriter()
    after = TopicSpec("t3", 1, 1, (("a", "1"), ("b", "3")))
    apply_plan(make_plan(Change(Verb.UPDATE, topic("t3"), T3, after)), writer)
    assert writer.calls == [
        ("alter_topic_configs", {"t3": {"b": "3"}}),
        ("wait_until_visible", None),
    ]


def test_an_update_with_only_new_partitions_only_adds_partitions() -> None:
    writer = RecordingWriter()
    after = TopicSpec("t3", 4, 1, T3.configs)
    apply_plan(make_plan(Change(Verb.UPDATE, topic("t3"), T3, after)), writer)
    assert writer.calls == [("create_partitions", {"t3": 4}), ("wait_until_visible", None)]


def test_an_update_fails_with_the_error_of_its_config_step() -> None:
    denied = "User:x is not allowed ALTER_CONFIGS on TOPIC:t3"
    report = apply_plan(
        make_plan(UPDATE_T3), RecordingWriter({"t3": denied}, "alter_topic_configs")
    )
    assert report.results == (ChangeResult(UPDATE_T3, Outcome.FAILED, denied),)


def test_an_update_fails_with_the_error_of_its_partition_step() -> None:
    denied = "User:x is not allowed ALTER on TOPIC:t3"
    report = apply_plan(make_plan(UPDATE_T3), RecordingWriter({"t3": denied}, "create_partitions"))
    assert report.results == (ChangeResult(UPDATE_T3, Outcome.FAILED, denied),)


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
        Verb.DELETE,
        topic("t9"),
        TopicSpec("t9", 1, 1),
        None,
        status=Status.BLOCKED_BY_POLICY,
        reason="no",
    )
    writer = RecordingWriter()
    report = apply_plan(make_plan(blocked), writer)
    assert (report.results, writer.calls) == ((), [])


def test_unsupported_changes_refuse_the_whole_run() -> None:
    unsupported = Change(
        Verb.UPDATE,
        topic("t3"),
        TopicSpec("t3", 6, 1),
        TopicSpec("t3", 3, 1),
        status=Status.UNSUPPORTED,
        reason="partitions cannot be decreased (6 -> 3)",
    )
    writer = RecordingWriter()
    with pytest.raises(UnsupportedChangesError) as raised:
        apply_plan(make_plan(CREATE_T1, unsupported), writer)
    assert (raised.value.message, writer.calls) == (
        "the plan has 1 unsupported change(s), so nothing was applied; "
        "first: `topic t3`: partitions cannot be decreased (6 -> 3)",
        [],
    )


def test_a_change_sent_without_answer_is_unknown_and_later_phases_are_not_attempted() -> None:
    writer = RecordingWriter({"t2": NoAnswer("no answer: every broker was unreachable for 10s")})
    report = apply_plan(make_plan(CREATE_T1, CREATE_T2, CREATE_ACL), writer)
    assert report.results == (
        ChangeResult(CREATE_T1, Outcome.SUCCEEDED),
        ChangeResult(CREATE_T2, Outcome.UNKNOWN, "no answer: every broker was unreachable for 10s"),
        ChangeResult(CREATE_ACL, Outcome.NOT_ATTEMPTED),
    )
    assert not report.ok


class UnseenWriter(RecordingWriter):
    """Acknowledges every write, then cannot confirm them with reads."""

    def wait_until_visible(self) -> None:
        raise ClusterError("reads did not show the acknowledged writes within 60s")


def test_writes_that_reads_cannot_confirm_keep_their_results_and_fail_the_report() -> None:
    report = apply_plan(make_plan(CREATE_T1), UnseenWriter())
    assert report == ApplyReport(
        (ChangeResult(CREATE_T1, Outcome.SUCCEEDED),),
        unseen="reads did not show the acknowledged writes within 60s",
    )
    assert not report.ok
