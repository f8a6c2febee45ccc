"""The core bound to the registered kinds: what `plan`, `apply` and `ci` run, so that all
three plan, check saved plans and apply exactly alike."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ktb_action.core.applier import ApplyReport, apply_plan
from ktb_action.core.plan import Plan
from ktb_action.core.planner import Comparison, compare
from ktb_action.core.progress import Progress
from ktb_action.core.scope import make_scope
from ktb_action.errors import KtbError
from ktb_action.kinds.registry import KINDS, kind_named
from ktb_action.pipeline import Loaded
from ktb_action.render.plan_json import change_to_dict
from ktb_action.servers import Servers

if TYPE_CHECKING:
    from ktb_action.state.session import StateSession

# The ownership state's modules and the saved-plan reader are imported where they are used:
# most plans have neither, and they cost every run of `ktb plan` their start.


class StalePlanError(KtbError):
    """A saved plan is not the plan ktb computes now: nothing was applied."""


def comparison(loaded: Loaded, servers: Servers, progress: Progress | None = None) -> Comparison:
    """Every kind's desired and actual state for the topologies `loaded` holds, judged with
    the ownership state when the settings name one (docs/ownership.md)."""
    state = open_state(loaded, servers)
    topologies = loaded.reading.topologies
    if state is None:
        return compare(topologies, loaded.settings, servers, KINDS, progress=progress)
    result = compare(topologies, loaded.settings, servers, KINDS, state.read, progress=progress)
    state.present = result.present()
    return result


def scope_key(loaded: Loaded) -> str:
    """The name of the scope `loaded` manages, in the state and the audit trail."""
    return make_scope(loaded.reading.topologies, loaded.settings).key


def open_state(loaded: Loaded, servers: Servers) -> StateSession | None:
    """The run's ownership state session (opened once, kept on `servers`)."""
    if servers.state is not None:
        return servers.state
    settings = loaded.settings
    if settings.state_file is None and settings.state_topic is None:
        return None
    from ktb_action.state.file_store import FileStateStore  # noqa: PLC0415
    from ktb_action.state.julie import read_julie_state  # noqa: PLC0415
    from ktb_action.state.session import StateSession  # noqa: PLC0415

    if settings.state_file is not None:
        servers.state = StateSession(FileStateStore(servers.secrets.root / settings.state_file))
    elif settings.state_topic is not None and servers.open_state_topic is not None:
        servers.state = StateSession(servers.open_state_topic(settings.state_topic))
    if servers.state is not None and settings.julie_state_file is not None:
        servers.state.seed = read_julie_state(servers.secrets.root / settings.julie_state_file)
    return servers.state


def make_plan(
    loaded: Loaded,
    servers: Servers,
    progress: Progress | None = None,
    *,
    fingerprint: bool = True,
) -> Plan:
    """The plan for the topologies `loaded` holds against `servers` (without `fingerprint`,
    one only to show: see `NOT_FINGERPRINTED`)."""
    return comparison(loaded, servers, progress).plan(fingerprint=fingerprint)


def saved_plan(path: Path, now: Plan) -> Plan:
    """The plan saved in `path`, only if it is exactly `now` (the plan computed from the
    files, the settings and the servers as they are): a plan file is an artefact another job
    may have written, so it can never make apply do anything ktb would not plan itself."""
    from ktb_action.core.plan_file import first_difference, read_plan  # noqa: PLC0415

    saved = read_plan(path, kind_named)
    difference = first_difference(saved, now, change_to_dict)
    if difference is not None:
        raise StalePlanError(
            f"`{path}` is not the plan ktb computes now, so nothing was applied: {difference}",
            hint="run `ktb plan --out` again, review the new plan, then apply it",
        )
    return saved


def apply(plan: Plan, servers: Servers, progress: Progress | None = None) -> ApplyReport:
    """Make the plan's ready changes on `servers`, kind by kind in phase order; with an
    ownership state, claim it first (a concurrent apply stops this one before any change)
    and record what is owned after."""
    if servers.state is None:
        return apply_plan(plan, servers, KINDS, progress)
    return servers.state.apply(lambda: apply_plan(plan, servers, KINDS, progress), _encode)


def _encode(kind: str, value: object) -> dict[str, Any]:
    return kind_named(kind).encode(value)
