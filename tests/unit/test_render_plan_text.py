"""The terminal plan: Terraform-like markers, config key diffs, exact summary lines."""

from __future__ import annotations

from ktb_action.apply import ApplyReport, ChangeResult, Outcome
from ktb_action.plan.model import Action, Change, Plan, Status
from ktb_action.render.apply_text import render_apply_report
from ktb_action.render.plan_text import render_text

CREATE = Change(
    Action.CREATE_TOPIC,
    "ctx.p.orders",
    None,
    {"partitions": None, "replication_factor": 1, "configs": {"retention.ms": "1000"}},
)
UPDATE = Change(
    Action.UPDATE_TOPIC_CONFIG,
    "ctx.p.pay",
    {"retention.ms": "604800000", "cleanup.policy": None, "segment.ms": "10"},
    {"retention.ms": "86400000", "cleanup.policy": "compact", "segment.ms": None},
)
BLOCKED = Change(
    Action.DELETE_TOPIC,
    "ctx.p.old",
    {},
    None,
    status=Status.BLOCKED_BY_POLICY,
    reason="would delete, blocked by policy: set allow_delete.topics",
)


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
        "(1 deletion blocked by policy)\n"
    )


def test_colour_is_only_added_when_asked() -> None:
    plain = render_text(Plan((CREATE,), "fp"))
    coloured = render_text(Plan((CREATE,), "fp"), color=True)
    assert ("\033[" in plain, "\033[32m  + topic ctx.p.orders\033[0m" in coloured) == (False, True)


def test_unsupported_changes_are_marked_and_counted_apart() -> None:
    change = Change(
        Action.INCREASE_PARTITIONS,
        "t",
        {"partitions": 6},
        {"partitions": 3},
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
