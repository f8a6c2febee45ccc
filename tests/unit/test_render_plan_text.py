"""The terminal plan: Terraform-like markers, config key diffs, exact summary lines."""

from __future__ import annotations

from ktb_action.core.applier import ApplyReport, ChangeResult, Outcome
from ktb_action.core.plan import Address, Change, Plan, Status, Verb
from ktb_action.kinds.acls.values import AclBinding, AclOperation, AclResourceType, PatternType
from ktb_action.kinds.topics.values import TopicSpec
from ktb_action.render.apply_text import render_apply_report
from ktb_action.render.plan_text import render_text


def topic(name: str) -> Address:
    return Address("topic", name)


CREATE = Change(
    Verb.CREATE,
    topic("ctx.p.orders"),
    None,
    TopicSpec("ctx.p.orders", None, 1, (("retention.ms", "1000"),)),
)
UPDATE = Change(
    Verb.UPDATE,
    topic("ctx.p.pay"),
    TopicSpec("ctx.p.pay", 1, 1, (("retention.ms", "604800000"), ("segment.ms", "10"))),
    TopicSpec("ctx.p.pay", 1, 1, (("cleanup.policy", "compact"), ("retention.ms", "86400000"))),
)
BLOCKED = Change(
    Verb.DELETE,
    topic("ctx.p.old"),
    TopicSpec("ctx.p.old", 1, 1),
    None,
    status=Status.BLOCKED_BY_POLICY,
    reason="would delete, blocked by policy: set allow_delete.topics",
)
BINDING = AclBinding("User:x", AclResourceType.TOPIC, "t", PatternType.LITERAL, AclOperation.READ)


def test_empty_plan_says_the_cluster_matches() -> None:
    assert (
        render_text(Plan((), "fp", ("ctx",))) == "No changes. The cluster matches the topology.\n"
    )


def test_plan_lists_changes_with_markers_and_key_diffs_then_the_summary() -> None:
    text = render_text(Plan((CREATE, UPDATE, BLOCKED), "fp", ("ctx", "ctx2")))
    assert text == (
        "Only contexts ctx, ctx2 were compared (others were not read).\n"
        "\n"
        "  + topic ctx.p.orders\n"
        "      partitions: (broker default)\n"
        "      replication_factor: 1\n"
        '      retention.ms: "1000"\n'
        "  ~ topic ctx.p.pay\n"
        '      + cleanup.policy: "compact"\n'
        '      ~ retention.ms: "604800000" -> "86400000"\n'
        '      - segment.ms: "10" (back to the broker default)\n'
        "  - topic ctx.p.old  [blocked: would delete, blocked by policy: set allow_delete.topics]\n"
        "\n"
        "Plan: 1 to create, 1 to update, 0 to delete.\n"
        "(1 change blocked by policy)\n"
    )


def test_colour_is_only_added_when_asked() -> None:
    plain = render_text(Plan((CREATE,), "fp"))
    coloured = render_text(Plan((CREATE,), "fp"), color=True)
    assert ("\033[" in plain, "\033[32m  + topic ctx.p.orders\033[0m" in coloured) == (False, True)


def test_unsupported_changes_are_marked_and_counted_apart() -> None:
    change = Change(
        Verb.UPDATE,
        topic("t"),
        TopicSpec("t", 6, 1),
        TopicSpec("t", 3, 1),
        status=Status.UNSUPPORTED,
        reason="partitions cannot be decreased (6 -> 3)",
    )
    lines = render_text(Plan((change,), "fp")).splitlines()
    assert lines == [
        "  ! topic t  [unsupported: partitions cannot be decreased (6 -> 3)]",
        "      ~ partitions: 6 -> 3",
        "",
        "Plan: 0 to create, 0 to update, 0 to delete.",
        "(1 unsupported change: apply refuses to run until fixed)",
    ]


def test_an_update_lists_the_partition_count_then_each_changed_config() -> None:
    grow = Change(
        Verb.UPDATE,
        topic("t"),
        TopicSpec("t", 3, 1, (("retention.ms", "1"),)),
        TopicSpec("t", 6, 1, (("retention.ms", "2"),)),
    )
    assert render_text(Plan((grow,), "fp")).splitlines()[:3] == [
        "  ~ topic t",
        "      ~ partitions: 3 -> 6",
        '      ~ retention.ms: "1" -> "2"',
    ]


def test_a_binding_change_is_its_address_alone() -> None:
    revoke = Change(Verb.DELETE, Address("acl", BINDING.address), BINDING, None)
    assert render_text(Plan((revoke,), "fp")).splitlines() == [
        "  - acl User:x ALLOW READ on TOPIC:LITERAL:t from *",
        "",
        "Plan: 0 to create, 0 to update, 1 to delete.",
    ]


def test_apply_report_says_what_succeeded_failed_and_was_not_attempted() -> None:
    report = ApplyReport(
        (
            ChangeResult(CREATE, Outcome.SUCCEEDED),
            ChangeResult(UPDATE, Outcome.FAILED, "User:x is not allowed ALTER_CONFIGS on TOPIC:p"),
            ChangeResult(BLOCKED, Outcome.NOT_ATTEMPTED),
        )
    )
    assert render_apply_report(report) == (
        "\n"
        "  + topic ctx.p.orders: done\n"
        "  ~ topic ctx.p.pay: FAILED: User:x is not allowed ALTER_CONFIGS on TOPIC:p\n"
        "  - topic ctx.p.old: not attempted (an earlier step failed)\n"
        "\n"
        "Apply failed: 1 succeeded, 1 failed, 1 not attempted.\n"
    )


def test_apply_report_calls_a_change_without_answer_unknown_and_asks_for_a_new_plan() -> None:
    report = ApplyReport(
        (
            ChangeResult(CREATE, Outcome.SUCCEEDED),
            ChangeResult(UPDATE, Outcome.UNKNOWN, "no answer: _TRANSPORT: Disconnected"),
            ChangeResult(BLOCKED, Outcome.NOT_ATTEMPTED),
        )
    )
    assert render_apply_report(report) == (
        "\n"
        "  + topic ctx.p.orders: done\n"
        "  ~ topic ctx.p.pay: UNKNOWN (sent, no answer): no answer: _TRANSPORT: Disconnected\n"
        "  - topic ctx.p.old: not attempted (an earlier step failed)\n"
        "\n"
        "Apply failed: 1 succeeded, 0 failed, 1 not attempted, 1 unknown.\n"
        "Kafka stopped answering, so what it has now is unknown: plan again (against the "
        "cluster, not a saved plan) before you apply anything.\n"
    )


def test_apply_report_of_writes_reads_did_not_confirm_is_a_failure() -> None:
    report = ApplyReport((ChangeResult(CREATE, Outcome.SUCCEEDED),), unseen="no answer")
    assert render_apply_report(report).splitlines()[-3:] == [
        "Apply failed: 1 succeeded, 0 failed, 0 not attempted.",
        "The writes were acknowledged but not seen: no answer.",
        "Kafka stopped answering, so what it has now is unknown: plan again (against the "
        "cluster, not a saved plan) before you apply anything.",
    ]
