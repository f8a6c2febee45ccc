"""Apply phases of subjects: levels and registrations (referenced subjects first), then soft
deletes; each failure is reported per subject in the registry's words."""

from __future__ import annotations

from collections.abc import Sequence

from ktb_action.core.kind import Results
from ktb_action.core.plan import Change
from ktb_action.errors import KtbError
from ktb_action.kinds.subjects.port import RegistryError
from ktb_action.kinds.subjects.read import resolved, schema_text
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
    """Set each declared level first (so a lowered level admits the schema), then register;
    a referenced subject before the subjects that reference it, whose references then name
    its version (the latest unless pinned). A subject whose referenced one failed is not
    tried."""
    registry = servers.registry()
    results: Results = {}
    for change in referenced_first(changes):
        spec = spec_of(change.after)
        failed = [r.subject for r in spec.references if results.get(r.subject) is not None]
        if failed:
            results[change.name] = f"its referenced subject `{failed[0]}` was not registered"
            continue
        try:
            before = None if change.before is None else state_of(change.before)
            if spec.level is not None and (before is None or before.level != spec.level):
                registry.set_level(spec.subject, spec.level)
            if needs_registration(change):
                text = schema_text(servers.secrets.root, spec)
                references = resolved(spec, registry.latest_version)
                if references is None:
                    missing = [r.subject for r in spec.references if r.version is None]
                    raise RegistryError(f"no version of its reference `{missing[0]}` is registered")
                registry.register(spec.subject, text, spec.schema_type, references)
            results[change.name] = None
        except KtbError as error:
            results[change.name] = error.message
    return results


def referenced_first(changes: Sequence[Change]) -> list[Change]:
    """The changes in their order, except that a subject referenced by another comes first
    (depth first; a cycle, which no registry admits, keeps the order it was met in)."""
    by_name = {change.name: change for change in changes}
    ordered: list[Change] = []
    seen: set[str] = set()

    def visit(change: Change) -> None:
        if change.name in seen:
            return
        seen.add(change.name)
        for ref in spec_of(change.after).references:
            if ref.subject in by_name:
                visit(by_name[ref.subject])
        ordered.append(change)

    for change in changes:
        visit(change)
    return ordered


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
