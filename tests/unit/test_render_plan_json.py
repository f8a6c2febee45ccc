"""The plan's JSON form (docs/plan-json.md)."""

from __future__ import annotations

import json

from ktb_action.diagnostics import Span
from ktb_action.plan.model import Action, Change, Plan, Status
from ktb_action.render.plan_json import render_json


def test_json_has_the_documented_shape() -> None:
    change = Change(
        Action.UPDATE_TOPIC_CONFIG,
        "ctx.p.t",
        {"retention.ms": "1"},
        {"retention.ms": "2"},
        source=Span("t.yaml", 12, 9, 12, 21),
        project="p",
    )
    blocked = Change(
        Action.DELETE_TOPIC, "ctx.p.old", {}, None, status=Status.BLOCKED_BY_POLICY, reason="r"
    )
    assert json.loads(render_json(Plan((change, blocked), "sha256:ab", ("ctx",)))) == {
        "format_version": 1,
        "fingerprint": "sha256:ab",
        "contexts": ["ctx"],
        "changes": [
            {
                "action": "update_topic_config",
                "resource_type": "topic",
                "name": "ctx.p.t",
                "status": "ready",
                "reason": None,
                "before": {"retention.ms": "1"},
                "after": {"retention.ms": "2"},
                "project": "p",
                "source": {"file": "t.yaml", "line": 12},
            },
            {
                "action": "delete_topic",
                "resource_type": "topic",
                "name": "ctx.p.old",
                "status": "blocked_by_policy",
                "reason": "r",
                "before": {},
                "after": None,
                "project": None,
                "source": None,
            },
        ],
        "summary": {"create": 0, "update": 1, "delete": 0, "blocked": 1, "unsupported": 0},
    }
