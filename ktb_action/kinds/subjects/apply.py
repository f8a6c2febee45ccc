"""Apply phases of subjects: levels and registrations (referenced subjects first), then soft
deletes; each failure is reported per subject in the registry's words."""

from __future__ import annotations

from collections.abc import Sequence

from ktb_action.core.kind import Results
from ktb_action.core.plan import Change
from ktb_action.errors import KtbError
from ktb_action.kinds.subjects.read import schema_text
from ktb_action.kinds.subjects.values import SubjectSpec, SubjectState
from ktb_action.servers import Servers


def spec_of(value: object) -> SubjectSpec:
    """A change's desired subject (a `TypeError` for anything else)."""
    if not isinstance(value, SubjectSpec):
        raise TypeError(f"a subject change holds {type(value).__name__}, not a subject")
    return value


def state_of(value: object) -> SubjectState:
    """A change's subject as the registry has it (a `TypeError` for anything else)."""
    if not isinstance(value, SubjectState):
        raise TypeError(f"a subject change holds {type(value).__name__}, not a subject state")
    return value


def needs_registration(change: Change) -> bool:
    """A new subject, or one whose declared schema the registry does not have."""
    return change.before is None or not state_of(change.before).current


def write_subjects(servers: Servers, changes: Sequence[Change]) -> Results:
    """Set each declared level first (so a lowered level admits the schema), then register."""
    registry = servers.registry()
    results: Results = {}
    for change in changes:
        spec = spec_of(change.after)
        try:
            before = None if change.before is None else state_of(change.before)
            if spec.level is not None and (before is None or before.level != spec.level):
                registry.set_level(spec.subject, spec.level)
            if needs_registration(change):
                text = schema_text(servers.secrets.root, spec)
                registry.register(spec.subject, text, spec.schema_type)
            results[change.name] = None
        except KtbError as error:
            results[change.name] = error.message
    return results


def delete_subjects(servers: Servers, changes: Sequence[Change]) -> Results:
    """Soft-delete each subject: its versions stay readable and can be restored."""
    registry = servers.registry()
    results: Results = {}
    for change in changes:
        try:
            registry.delete(change.name)
            results[change.name] = None
        except KtbError as error:
            results[change.name] = error.message
    return results
