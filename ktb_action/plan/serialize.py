"""Writing a plan file and reading it back for `apply --plan` (format: docs/plan-json.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ktb_action.diagnostics import Span
from ktb_action.errors import UsageError
from ktb_action.plan.model import PLAN_FORMAT_VERSION, Action, Change, Plan, Status
from ktb_action.render.plan_json import render_json


def write_plan(plan: Plan, path: Path) -> None:
    """Save the plan as JSON (always JSON, whatever `--format` printed)."""
    path.write_text(render_json(plan), encoding="utf-8")


def read_plan(path: Path) -> Plan:
    """The plan saved in `path`; `UsageError` if it cannot be read or is not a plan file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"cannot read plan file `{path}`: {error.strerror}") from None
    except json.JSONDecodeError as error:
        raise UsageError(
            f"plan file `{path}` is not JSON: {error.msg} (line {error.lineno})"
        ) from None
    try:
        return plan_from_dict(data)
    except (KeyError, TypeError, ValueError) as error:
        raise UsageError(
            f"`{path}` is not a ktb plan file: {error}",
            hint="write one with `ktb plan --out plan.json`",
        ) from None


def plan_from_dict(data: Any) -> Plan:
    """The plan `render.plan_json.plan_to_dict` described; raises on anything else."""
    version = data["format_version"]
    if version != PLAN_FORMAT_VERSION:
        raise ValueError(
            f"format_version {version!r} is not {PLAN_FORMAT_VERSION}: "
            "make the plan with this version of ktb"
        )
    return Plan(
        changes=tuple(_change(c) for c in data["changes"]),
        fingerprint=str(data["fingerprint"]),
        contexts=tuple(str(c) for c in data["contexts"]),
    )


def _change(data: dict[str, Any]) -> Change:
    source = data.get("source")
    return Change(
        action=Action(data["action"]),
        name=str(data["name"]),
        before=data["before"],
        after=data["after"],
        source=None if source is None else Span.point(str(source["file"]), int(source["line"])),
        status=Status(data["status"]),
        reason=data.get("reason"),
        project=data.get("project"),
    )
