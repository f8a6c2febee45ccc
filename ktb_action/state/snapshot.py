"""The ownership state of one scope and how an apply changes it. Pure."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ktb_action.core.applier import ApplyReport, Outcome
from ktb_action.core.plan import Verb

Owned = dict[str, dict[str, dict[str, Any]]]
"""Kind -> resource name -> the encoded value ktb last applied (or adopted)."""

Encode = Callable[[str, object], dict[str, Any]]
"""Kind name, value -> the kind's encoding of the value."""


@dataclass(frozen=True)
class Snapshot:
    """The state of a scope as read: what is owned, and the generation a write must follow."""

    generation: int = 0
    """How many applies wrote the state; a write is refused unless it is still this one."""
    owned: Owned = field(default_factory=dict)


def owned_after(previous: Owned, present: Owned, report: ApplyReport, encode: Encode) -> Owned:
    """What is owned once `report`'s apply is done: what was owned before, the declared
    resources that were there already (adopted), what was created or updated; less what was
    deleted. A failed change leaves its resource as it was."""
    owned = {kind: dict(names) for kind, names in previous.items()}
    for kind, names in present.items():
        owned.setdefault(kind, {}).update(names)
    for result in report.results:
        if result.outcome is not Outcome.SUCCEEDED:
            continue
        change = result.change
        names = owned.setdefault(change.kind, {})
        if change.verb is Verb.DELETE:
            names.pop(change.name, None)
        else:
            names[change.name] = encode(change.kind, change.after)
    return {kind: names for kind, names in owned.items() if names}


def owned_of(data: Mapping[str, Any]) -> Owned:
    """The owned resources in decoded JSON; what is not a name -> object map is left out."""
    return {
        str(kind): {str(n): dict(v) for n, v in names.items() if isinstance(v, Mapping)}
        for kind, names in data.items()
        if isinstance(names, Mapping)
    }
