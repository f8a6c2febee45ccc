"""`ktb plan --out` files read back into the same plan for `ktb apply --plan`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ktb_action.core.plan import Address, Change, Plan, Status, Verb
from ktb_action.core.plan_file import read_plan
from ktb_action.diagnostics import Span
from ktb_action.errors import UsageError
from ktb_action.kinds.acls.values import AclBinding, AclOperation, AclResourceType, PatternType
from ktb_action.kinds.registry import kind_named
from ktb_action.kinds.topics.values import TopicSpec
from ktb_action.render.plan_json import render_json

BINDING = AclBinding("User:c", AclResourceType.TOPIC, "t", PatternType.LITERAL, AclOperation.READ)
PLAN = Plan(
    (
        Change(
            Verb.CREATE,
            Address("topic", "t"),
            None,
            TopicSpec("t", None, 1, (("a", "b"),)),
            source=Span.point("x.yaml", 4),
            project="p",
        ),
        Change(
            Verb.UPDATE,
            Address("topic", "v"),
            TopicSpec("v", 1, 1, (("a", "b"),)),
            TopicSpec("v", 2, 1),
            changed_outside=True,
        ),
        Change(Verb.CREATE, Address("acl", BINDING.address), None, BINDING, project="p"),
        Change(
            Verb.DELETE,
            Address("topic", "u"),
            TopicSpec("u", 3, 1),
            None,
            status=Status.BLOCKED_BY_POLICY,
            reason="r",
        ),
    ),
    "sha256:00",
    ("ctx",),
)


def read_back(tmp_path: Path, data: Any) -> Plan:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return read_plan(path, kind_named)


def refusal(tmp_path: Path, data: Any) -> str:
    with pytest.raises(UsageError) as raised:
        read_back(tmp_path, data)
    return raised.value.message


def test_a_written_plan_reads_back_equal(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(render_json(PLAN), encoding="utf-8")
    assert read_plan(path, kind_named) == PLAN


def test_a_version_1_plan_is_refused(tmp_path: Path) -> None:
    data = {"format_version": 1, "fingerprint": "x", "contexts": [], "changes": []}
    assert refusal(tmp_path, data) == (
        f"`{tmp_path / 'plan.json'}` is not a ktb plan file of format version 2: "
        "format_version 1 is not 2"
    )


def test_a_change_of_an_unknown_kind_is_refused(tmp_path: Path) -> None:
    data = json.loads(render_json(PLAN))
    data["changes"][0]["kind"] = "schema"
    assert refusal(tmp_path, data).endswith(": unknown kind 'schema'")


def test_a_binding_filed_under_another_address_is_refused(tmp_path: Path) -> None:
    data = json.loads(render_json(PLAN))
    data["changes"][2]["name"] = "User:x ALLOW READ on TOPIC:LITERAL:t from *"
    assert refusal(tmp_path, data).endswith(
        f": binding `{BINDING.address}` is filed under "
        "`User:x ALLOW READ on TOPIC:LITERAL:t from *`"
    )


def test_a_topic_count_that_is_not_a_positive_number_is_refused(tmp_path: Path) -> None:
    data = json.loads(render_json(PLAN))
    data["changes"][0]["after"]["partitions"] = -1
    assert refusal(tmp_path, data).endswith(
        ": `partitions` must be a positive whole number or null, not -1"
    )


def test_a_missing_field_is_named(tmp_path: Path) -> None:
    data = json.loads(render_json(PLAN))
    del data["changes"][1]["verb"]
    assert refusal(tmp_path, data).endswith(": missing field 'verb'")


def test_a_file_that_is_not_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text("plan:")
    with pytest.raises(UsageError) as raised:
        read_plan(path, kind_named)
    assert raised.value.message == (
        f"plan file `{path}` is not JSON: Expecting value: line 1 column 1 (char 0)"
    )
