"""`apply --plan`: a saved plan is used only if it is exactly the plan computed now."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from ktb_action.core.plan import Address, Change, Plan, Status, Verb
from ktb_action.kinds.topics.values import TopicSpec
from ktb_action.planning import StalePlanError, saved_plan
from ktb_action.render.plan_json import render_json

CREATE = Change(Verb.CREATE, Address("topic", "ctx.t"), None, TopicSpec("ctx.t", 3, 1))
DELETE = Change(
    Verb.DELETE,
    Address("topic", "ctx.old"),
    TopicSpec("ctx.old", 1, 1),
    None,
    status=Status.BLOCKED_BY_POLICY,
    reason="would delete, blocked by policy: set allow_delete.topics",
)
NOW = Plan((CREATE, DELETE), "sha256:01", ("ctx",))


def saved(tmp_path: Path, plan: Plan) -> Path:
    path = tmp_path / "plan.json"
    path.write_text(render_json(plan), encoding="utf-8")
    return path


def refusal(tmp_path: Path, plan: Plan) -> str:
    path = saved(tmp_path, plan)
    with pytest.raises(StalePlanError) as raised:
        saved_plan(path, NOW)
    prefix = f"`{path}` is not the plan ktb computes now, so nothing was applied: "
    assert raised.value.message.startswith(prefix)
    return raised.value.message.removeprefix(prefix)


def test_a_saved_plan_equal_to_the_plan_now_is_used(tmp_path: Path) -> None:
    assert saved_plan(saved(tmp_path, NOW), NOW) == NOW


def test_a_plan_of_another_cluster_state_is_refused(tmp_path: Path) -> None:
    assert refusal(tmp_path, replace(NOW, fingerprint="sha256:00")) == (
        "the cluster changed since the plan was made"
    )


def test_a_plan_of_other_contexts_is_refused(tmp_path: Path) -> None:
    assert refusal(tmp_path, replace(NOW, contexts=("ctx", "ctx2"))) == (
        "the plan covers other contexts than the topologies now give"
    )


def test_a_plan_whose_change_has_other_values_is_refused_naming_it(tmp_path: Path) -> None:
    bigger = replace(CREATE, after=TopicSpec("ctx.t", 30, 1))
    assert refusal(tmp_path, replace(NOW, changes=(bigger, DELETE))) == (
        "change 1 differs: the file has `+ topic ctx.t` (ready), "
        "ktb now plans `+ topic ctx.t` (ready)"
    )


def test_a_blocked_change_made_ready_in_the_file_is_refused(tmp_path: Path) -> None:
    unblocked = replace(DELETE, status=Status.READY, reason=None)
    assert refusal(tmp_path, replace(NOW, changes=(CREATE, unblocked))) == (
        "change 2 differs: the file has `- topic ctx.old` (ready), "
        "ktb now plans `- topic ctx.old` (blocked_by_policy)"
    )


def test_a_plan_with_an_extra_change_is_refused_naming_it(tmp_path: Path) -> None:
    extra = Change(Verb.DELETE, Address("topic", "ctx.x"), TopicSpec("ctx.x", 1, 1), None)
    assert refusal(tmp_path, replace(NOW, changes=(CREATE, DELETE, extra))) == (
        "the file has an extra change `- topic ctx.x`"
    )


def test_a_plan_missing_a_change_is_refused_naming_it(tmp_path: Path) -> None:
    assert refusal(tmp_path, replace(NOW, changes=(CREATE,))) == (
        "ktb now plans an extra change `- topic ctx.old`"
    )
