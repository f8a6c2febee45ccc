"""`ktb plan --out` files read back into the same plan for `ktb apply --plan`."""

from __future__ import annotations

from pathlib import Path

import pytest

from ktb_action.diagnostics import Span
from ktb_action.errors import UsageError
from ktb_action.plan.model import Action, Change, Plan, Status
from ktb_action.plan.serialize import read_plan, write_plan


def test_a_written_plan_reads_back_equal(tmp_path: Path) -> None:
    plan = Plan(
        (
            Change(
                Action.CREATE_TOPIC,
                "t",
                None,
                {"partitions": None, "replication_factor": 1, "configs": {"a": "b"}},
                source=Span.point("x.yaml", 4),
                project="p",
            ),
            Change(Action.DELETE_TOPIC, "u", {}, None, status=Status.BLOCKED_BY_POLICY, reason="r"),
        ),
        "sha256:00",
        ("ctx",),
    )
    write_plan(plan, tmp_path / "plan.json")
    assert read_plan(tmp_path / "plan.json") == plan


def test_another_format_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text('{"format_version": 2, "fingerprint": "x", "contexts": [], "changes": []}')
    with pytest.raises(UsageError) as raised:
        read_plan(path)
    assert raised.value.message == (
        f"`{path}` is not a ktb plan file: format_version 2 is not 1: "
        "make the plan with this version of ktb"
    )


def test_a_file_that_is_not_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text("plan:")
    with pytest.raises(UsageError) as raised:
        read_plan(path)
    assert raised.value.message == (f"plan file `{path}` is not JSON: Expecting value (line 1)")
