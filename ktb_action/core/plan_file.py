"""Writing a plan file and reading it back for `apply --plan` (format: docs/plan-json.md).

A plan file is an artefact another job may have produced, so reading it trusts nothing: any
field of the wrong shape is a clear error, and apply then uses it only if it equals the plan
computed now (`first_difference`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ktb_action.core.kind import ResourceKind
from ktb_action.core.plan import PLAN_FORMAT_VERSION, Address, Change, Plan, Status, Verb
from ktb_action.diagnostics import Span
from ktb_action.errors import UsageError

Kinds = Callable[[str], ResourceKind[Any]]
"""Finds a kind by its name (`KeyError` for an unknown one)."""


def read_plan(path: Path, kinds: Kinds) -> Plan:
    """The plan saved in `path`; `UsageError` if it cannot be read or is not a plan file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"cannot read plan file `{path}`: {error.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise UsageError(f"plan file `{path}` is not JSON: {error}") from None
    try:
        return plan_from_dict(data, kinds)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise UsageError(
            f"`{path}` is not a ktb plan file of format version {PLAN_FORMAT_VERSION}: "
            f"{_words(error)}",
            hint="write one with this version of ktb: `ktb plan --out plan.json`",
        ) from None


def plan_from_dict(data: Any, kinds: Kinds) -> Plan:
    """The plan `render.plan_json.plan_to_dict` described; raises on anything else."""
    version = _field(data, "format_version", int)
    if version != PLAN_FORMAT_VERSION:
        raise ValueError(f"format_version {version!r} is not {PLAN_FORMAT_VERSION}")
    return Plan(
        changes=tuple(_change(c, kinds) for c in _field(data, "changes", list)),
        fingerprint=_field(data, "fingerprint", str),
        contexts=tuple(_text(c, "contexts") for c in _field(data, "contexts", list)),
    )


def _change(data: Any, kinds: Kinds) -> Change:
    kind_name = _field(data, "kind", str)
    try:
        kind = kinds(kind_name)
    except KeyError:
        raise ValueError(f"unknown kind {kind_name!r}") from None
    name = _field(data, "name", str)
    before, after = (data[key] for key in ("before", "after"))
    return Change(
        verb=Verb(_field(data, "verb", str)),
        address=Address(kind_name, name),
        before=None if before is None else kind.decode(_mapping(before), name),
        after=None if after is None else kind.decode(_mapping(after), name),
        source=_source(data["source"]),
        status=Status(_field(data, "status", str)),
        reason=_optional_text(data["reason"], "reason"),
        project=_optional_text(data["project"], "project"),
        changed_outside=data.get("changed_outside_ktb") is True,
    )


def _source(data: Any) -> Span | None:
    if data is None:
        return None
    return Span.point(_field(data, "file", str), _field(data, "line", int))


def _field(data: Any, key: str, kind: type[Any]) -> Any:
    if not isinstance(data, dict):
        raise TypeError(f"expected an object with `{key}`, got {type(data).__name__}")
    value = data[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise TypeError(f"`{key}` must be {kind.__name__}, not {type(value).__name__}")
    return value


def _mapping(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise TypeError(f"a change's values must be objects, not {type(value).__name__}")
    return value


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"`{what}` must hold strings, not {type(value).__name__}")
    return value


def _optional_text(value: Any, what: str) -> str | None:
    return None if value is None else _text(value, what)


def _words(error: Exception) -> str:
    return f"missing field {error}" if isinstance(error, KeyError) else str(error)


def first_difference(saved: Plan, now: Plan, encode: Callable[[Change], Any]) -> str | None:
    """Where a saved plan differs from the plan computed now (None: they are equal), in
    words naming the first differing change. `encode` is how a change is compared: its
    whole JSON form, so values, status and reason all count."""
    if saved.fingerprint != now.fingerprint:
        return "the cluster changed since the plan was made"
    if saved.contexts != now.contexts:
        return "the plan covers other contexts than the topologies now give"
    for index, (old, new) in enumerate(zip(saved.changes, now.changes, strict=False)):
        if encode(old) != encode(new):
            return (
                f"change {index + 1} differs: the file has `{old.verb.symbol} {old.address}` "
                f"({old.status}), ktb now plans `{new.verb.symbol} {new.address}` ({new.status})"
            )
    if len(saved.changes) != len(now.changes):
        longer = saved if len(saved.changes) > len(now.changes) else now
        extra = longer.changes[min(len(saved.changes), len(now.changes))]
        where = "the file has" if longer is saved else "ktb now plans"
        return f"{where} an extra change `{extra.verb.symbol} {extra.address}`"
    return None
