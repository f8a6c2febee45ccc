"""The plan's JSON form (docs/plan-json.md)."""

from __future__ import annotations

import json

from ktb_action.core.plan import Address, Change, Plan, Status, Verb
from ktb_action.diagnostics import Span
from ktb_action.kinds.acls.values import AclBinding, AclOperation, AclResourceType, PatternType
from ktb_action.kinds.topics.values import TopicSpec
from ktb_action.render.plan_json import render_json

BINDING = AclBinding(
    "User:c", AclResourceType.TOPIC, "ctx.p.old", PatternType.LITERAL, AclOperation.READ
)


def test_json_has_the_documented_shape() -> None:
    change = Change(
        Verb.UPDATE,
        Address("topic", "ctx.p.t"),
        TopicSpec("ctx.p.t", 3, 1, (("retention.ms", "1"),)),
        TopicSpec("ctx.p.t", 6, 1, (("retention.ms", "2"),)),
        source=Span("t.yaml", 12, 9, 12, 21),
        project="p",
    )
    blocked = Change(
        Verb.DELETE,
        Address("acl", BINDING.address),
        BINDING,
        None,
        status=Status.BLOCKED_BY_POLICY,
        reason="r",
    )
    assert json.loads(render_json(Plan((change, blocked), "sha256:ab", ("ctx",)))) == {
        "format_version": 2,
        "fingerprint": "sha256:ab",
        "contexts": ["ctx"],
        "changes": [
            {
                "kind": "topic",
                "verb": "update",
                "name": "ctx.p.t",
                "status": "ready",
                "reason": None,
                "before": {
                    "partitions": 3,
                    "replication_factor": 1,
                    "configs": {"retention.ms": "1"},
                },
                "after": {
                    "partitions": 6,
                    "replication_factor": 1,
                    "configs": {"retention.ms": "2"},
                },
                "project": "p",
                "source": {"file": "t.yaml", "line": 12},
            },
            {
                "kind": "acl",
                "verb": "delete",
                "name": "User:c ALLOW READ on TOPIC:LITERAL:ctx.p.old from *",
                "status": "blocked_by_policy",
                "reason": "r",
                "before": {
                    "principal": "User:c",
                    "resource_type": "TOPIC",
                    "resource_name": "ctx.p.old",
                    "pattern_type": "LITERAL",
                    "operation": "READ",
                    "permission": "ALLOW",
                    "host": "*",
                },
                "after": None,
                "project": None,
                "source": None,
            },
        ],
        "summary": {"create": 0, "update": 1, "delete": 0, "blocked": 1, "unsupported": 0},
    }


def test_counts_left_to_the_broker_are_null() -> None:
    create = Change(Verb.CREATE, Address("topic", "t"), None, TopicSpec("t", None, None))
    (change,) = json.loads(render_json(Plan((create,), "fp")))["changes"]
    assert change["after"] == {"partitions": None, "replication_factor": None, "configs": {}}
