"""The core bound to the registered kinds: what `plan`, `apply` and `ci` run, so that all
three plan, check saved plans and apply exactly alike."""

from __future__ import annotations

from pathlib import Path

from ktb_action.core.applier import ApplyReport, apply_plan
from ktb_action.core.plan import Plan
from ktb_action.core.plan_file import first_difference, read_plan
from ktb_action.core.planner import Comparison, compare
from ktb_action.core.progress import Progress
from ktb_action.errors import KtbError
from ktb_action.kinds.registry import KINDS, kind_named
from ktb_action.pipeline import Loaded
from ktb_action.render.plan_json import change_to_dict
from ktb_action.servers import Servers


class StalePlanError(KtbError):
    """A saved plan is not the plan ktb computes now: nothing was applied."""


def comparison(loaded: Loaded, servers: Servers, progress: Progress | None = None) -> Comparison:
    """Every kind's desired and actual state for the topologies `loaded` holds."""
    return compare(loaded.reading.topologies, loaded.settings, servers, KINDS, progress)


def make_plan(loaded: Loaded, servers: Servers, progress: Progress | None = None) -> Plan:
    """The plan for the topologies `loaded` holds against `servers`."""
    return comparison(loaded, servers, progress).plan()


def saved_plan(path: Path, now: Plan) -> Plan:
    """The plan saved in `path`, only if it is exactly `now` (the plan computed from the
    files, the settings and the servers as they are): a plan file is an artefact another job
    may have written, so it can never make apply do anything ktb would not plan itself."""
    saved = read_plan(path, kind_named)
    difference = first_difference(saved, now, change_to_dict)
    if difference is not None:
        raise StalePlanError(
            f"`{path}` is not the plan ktb computes now, so nothing was applied: {difference}",
            hint="run `ktb plan --out` again, review the new plan, then apply it",
        )
    return saved


def apply(plan: Plan, servers: Servers, progress: Progress | None = None) -> ApplyReport:
    """Make the plan's ready changes on `servers`, kind by kind in phase order."""
    return apply_plan(plan, servers, KINDS, progress)
