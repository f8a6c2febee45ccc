"""Reading subjects for a plan: one list request for every subject's latest version, then,
for declared schemas that differ from it, the registry's own answers (is it registered? is
it compatible?) concurrently within a bound: never a request for an unchanged subject."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from ktb_action.core.kind import Declared
from ktb_action.diagnostics import Diagnostic, Severity
from ktb_action.errors import KtbError
from ktb_action.kinds.subjects.locate import reason_span
from ktb_action.kinds.subjects.port import Latest, Reference, RegistryPort
from ktb_action.kinds.subjects.values import Incompatibility, SubjectSpec, SubjectState

UNKNOWN_REFERENCE = "schema-reference-unknown"

MAX_CONCURRENT_REQUESTS = 8
"""Registry requests in flight at once (lookups, compatibility checks, levels)."""


def schema_text(root: Path, spec: SubjectSpec) -> str:
    """The schema file's text (a KtbError, not a traceback, when it cannot be read)."""
    try:
        return (root / spec.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise KtbError(
            f"schema file `{spec.file}` of subject `{spec.subject}` cannot be read: "
            f"{type(error).__name__}",
            hint="check the `schema.file` path, relative to the topology file's directory",
        ) from None


def read_subjects(
    registry: RegistryPort, root: Path, desired: Mapping[str, Declared[SubjectSpec]]
) -> dict[str, SubjectState]:
    """Every subject on the registry, each declared one seen against its schema file."""
    latest = {item.subject: item for item in registry.latest_versions()}
    found = {name: SubjectState(item.version) for name, item in sorted(latest.items())}
    declared = [(name, d.value) for name, d in desired.items() if name in latest]
    with ThreadPoolExecutor(MAX_CONCURRENT_REQUESTS) as pool:
        states = pool.map(lambda pair: _against(registry, root, latest, pair[1]), declared)
        for (name, _), state in zip(declared, states, strict=True):
            found[name] = state
    return _following_referenced(found, desired)


def _following_referenced(
    found: dict[str, SubjectState], desired: Mapping[str, Declared[SubjectSpec]]
) -> dict[str, SubjectState]:
    """A subject whose unpinned reference names a declared subject that gets a new version
    gets one too, referencing that version: one apply converges."""
    changing = {name for name in desired if name not in found or not found[name].current}
    grew = True
    while grew:  # until a chain of references (a -> b -> c) has followed its end
        grew = False
        for name, declared in desired.items():
            state = found.get(name)
            if (
                name not in changing
                and state is not None
                and any(
                    ref.version is None and ref.subject in changing
                    for ref in declared.value.references
                )
            ):
                found[name] = replace(state, current=False)
                changing.add(name)
                grew = True
    return found


def resolved(
    spec: SubjectSpec, version_of: Callable[[str], int | None]
) -> tuple[Reference, ...] | None:
    """The spec's references at the versions they name, else at their subjects' latest
    (`version_of`); None when a subject has no version yet."""
    found = []
    for ref in spec.references:
        version = ref.version if ref.version is not None else version_of(ref.subject)
        if version is None:
            return None
        found.append(Reference(ref.name, ref.subject, version))
    return tuple(found)


def _against(
    registry: RegistryPort, root: Path, latest: Mapping[str, Latest], spec: SubjectSpec
) -> SubjectState:
    """The subject's state against the declared schema: its level when one is declared; the
    registry's lookup and compatibility check only when the text or the references are not
    the latest's. A reference to a subject the registry lacks yet (apply registers it
    first) leaves the verdict to apply."""
    have = latest[spec.subject]
    level = registry.subject_level(spec.subject) if spec.level is not None else None
    state = SubjectState(have.version, level)
    text = schema_text(root, spec)
    references = resolved(spec, lambda subject: _version(latest, subject))
    if references == have.references and _same(text, have.schema):
        return state
    if references is None:
        return replace(state, current=False)
    if registry.registered_version(spec.subject, text, spec.schema_type, references) is not None:
        return state
    verdict = registry.check(spec.subject, text, spec.schema_type, references)
    reasons = () if verdict.compatible else verdict.messages or ("no reason was given",)
    return replace(
        state,
        current=False,
        incompatible=tuple(Incompatibility(m, reason_span(m, text, spec.file)) for m in reasons),
    )


def unknown_references(
    desired: Mapping[str, Declared[SubjectSpec]], actual: Mapping[str, SubjectState]
) -> list[Diagnostic]:
    """An error at each reference to a subject that no topology declares and the registry
    does not have: the registry would refuse the schema."""
    return [
        Diagnostic(
            UNKNOWN_REFERENCE,
            Severity.ERROR,
            f"schema of subject `{name}` references subject `{ref.subject}`, which is neither "
            "declared nor on the registry",
            ref.span or declared.source,
            "declare a topic whose schema is that subject, or correct the `subject:` name",
        )
        for name, declared in desired.items()
        for ref in declared.value.references
        if ref.subject not in desired and ref.subject not in actual
    ]


def _version(latest: Mapping[str, Latest], subject: str) -> int | None:
    found = latest.get(subject)
    return None if found is None else found.version


def _same(text: str, registered: str) -> bool:
    """The same JSON document (key order and whitespace aside), or the same text."""
    return _parsed(text) == _parsed(registered) if text != registered else True


def _parsed(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text
