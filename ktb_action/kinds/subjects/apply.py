"""Apply phases of subjects: levels and registrations (referenced subjects first), then soft
deletes; each failure is reported per subject in the registry's words."""

from __future__ import annotations

from collections.abc import Sequence

from ktb_action.core.kind import Results
from ktb_action.core.plan import Change
from ktb_action.errors import KtbError
from ktb_action.kinds.subjects.port import RegistryPort
from ktb_action.kinds.subjects.read import schema_text
from ktb_action.kinds.subjects.values import SubjectSpec, SubjectState, resolved
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
    """Set each declared level first (so a lowered level admits the schema), then register;
    referenced subjects before the subjects that use them, whose references without a
    version take the version the registry has once those are written."""
    registry = servers.registry()
    results: Results = {}
    for change in referenced_first(changes):
        spec = spec_of(change.after)
        try:
            before = None if change.before is None else state_of(change.before)
            if spec.level is not None and (before is None or before.level != spec.level):
                registry.set_level(spec.subject, spec.level)
            if needs_registration(change):
                text = schema_text(servers.secrets.root, spec)
                references = resolved(spec.references, _latest_referenced(registry, spec))
                registry.register(spec.subject, text, spec.schema_type, references)
            results[change.name] = None
        except KtbError as error:
            results[change.name] = error.message
    return results


def _latest_referenced(registry: RegistryPort, spec: SubjectSpec) -> dict[str, int]:
    """The latest version of each subject `spec` references without a version."""
    found = {}
    for ref in spec.references:
        if ref.version is None:
            version = registry.latest_version(ref.subject)
            if version is None:
                raise KtbError(
                    f"subject `{spec.subject}` references `{ref.subject}`, which the registry "
                    "does not have",
                    hint="declare the referenced schema in a topology or register it first",
                )
            found[ref.subject] = version
    return found


def referenced_first(changes: Sequence[Change]) -> list[Change]:
    """The changes ordered so that a subject comes after every subject of this phase it
    references (a reference cycle keeps the plan's order for the rest)."""
    by_name = {change.name: change for change in changes}
    ordered: dict[str, Change] = {}
    visiting: set[str] = set()

    def visit(change: Change) -> None:
        if change.name in ordered or change.name in visiting:
            return
        visiting.add(change.name)
        for ref in spec_of(change.after).references:
            if ref.subject in by_name:
                visit(by_name[ref.subject])
        ordered[change.name] = change

    for change in changes:
        visit(change)
    return list(ordered.values())


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
