"""Reading subjects for a plan: one list request for every subject's latest version, then,
for declared schemas that differ from it, the registry's own answers (is it registered? is
it compatible?) concurrently within a bound: never a request for an unchanged subject."""

from __future__ import annotations

import json
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from ktb_action.core.kind import Declared
from ktb_action.errors import KtbError
from ktb_action.kinds.subjects.locate import reason_span
from ktb_action.kinds.subjects.port import Latest, RegistryPort
from ktb_action.kinds.subjects.values import Incompatibility, SubjectSpec, SubjectState

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
        states = pool.map(lambda pair: _against(registry, root, latest[pair[0]], pair[1]), declared)
        for (name, _), state in zip(declared, states, strict=True):
            found[name] = state
    return found


def _against(registry: RegistryPort, root: Path, latest: Latest, spec: SubjectSpec) -> SubjectState:
    """The subject's state against the declared schema: its level when one is declared; the
    registry's lookup and compatibility check only when the text is not the latest's."""
    level = registry.subject_level(spec.subject) if spec.level is not None else None
    state = SubjectState(latest.version, level)
    text = schema_text(root, spec)
    if _same(text, latest.schema):
        return state
    if registry.registered_version(spec.subject, text, spec.schema_type) is not None:
        return state
    verdict = registry.check(spec.subject, text, spec.schema_type)
    reasons = () if verdict.compatible else verdict.messages or ("no reason was given",)
    return replace(
        state,
        current=False,
        incompatible=tuple(Incompatibility(m, reason_span(m, text, spec.file)) for m in reasons),
    )


def _same(text: str, registered: str) -> bool:
    """The same JSON document (key order and whitespace aside), or the same text."""
    return _parsed(text) == _parsed(registered) if text != registered else True


def _parsed(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text
