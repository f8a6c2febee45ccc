"""A plan as versioned JSON (docs/plan-json.md), for machines and for `apply --plan`."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from ktb_action.core.plan import (
    NOT_FINGERPRINTED,
    PLAN_FORMAT_VERSION,
    Change,
    Plan,
    summarize,
)
from ktb_action.kinds.registry import kind_named


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as plain data: `format_version`, `fingerprint`, `contexts`, `changes`,
    `summary` (counts of ready creates/updates/deletes, blocked and unsupported changes)."""
    if plan.fingerprint == NOT_FINGERPRINTED:
        # `apply --plan` could never match such a file: a bug of ktb's own, never the user's.
        raise ValueError("a plan computed without a fingerprint cannot be written")
    return {
        "format_version": PLAN_FORMAT_VERSION,
        "fingerprint": plan.fingerprint,
        "contexts": list(plan.contexts),
        "changes": [change_to_dict(c) for c in plan.changes],
        "summary": asdict(summarize(plan.changes)),
    }


def change_to_dict(change: Change) -> dict[str, Any]:
    """One change: its verb and address, its values in its kind's encoding, and `source`
    (`{file, line}` when it comes from a file, else null); `changed_outside_ktb: true` only on
    a change that puts back what was changed outside ktb."""
    kind = kind_named(change.kind)
    source = change.source
    drift = {"changed_outside_ktb": True} if change.changed_outside else {}
    return {
        "kind": change.kind,
        "verb": str(change.verb),
        "name": change.name,
        "status": str(change.status),
        "reason": change.reason,
        "before": None if change.before is None else kind.encode(change.before),
        "after": None if change.after is None else kind.encode(change.after),
        "project": change.project,
        "source": None if source is None else {"file": source.file, "line": source.line},
        **drift,
    }


def render_json(plan: Plan) -> str:
    """The plan as indented JSON text, ending with a newline."""
    return json.dumps(plan_to_dict(plan), indent=2) + "\n"
