"""Plan types only (as Terraform's `plans` package): computing, rendering and applying a plan
live elsewhere and share these values.

A change is a verb on an address (`kind`, `name`) with its kind's typed before/after values;
the kind owns the codec and the words of its values, so nothing here knows any kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ktb_action.diagnostics import Diagnostic, Span

PLAN_FORMAT_VERSION = 2

CHANGED_OUTSIDE = "changed outside ktb"
"""How a plan marks a change that puts back what someone changed since ktb applied it."""


class Verb(StrEnum):
    """What a change does to one resource."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"

    @property
    def symbol(self) -> str:
        """Terraform's marker: `+` create, `~` update, `-` delete."""
        return _SYMBOLS[self]


_SYMBOLS = {Verb.CREATE: "+", Verb.UPDATE: "~", Verb.DELETE: "-"}


class Status(StrEnum):
    """Whether apply may execute a change, and if not, why (the change's `reason` has the
    words a user can act on)."""

    READY = "ready"
    BLOCKED_BY_POLICY = "blocked_by_policy"
    """Would happen, but the policy forbids it (e.g. deletion disabled): shown, never done."""
    UNSUPPORTED = "unsupported"
    """Cannot be done by ktb (replication-factor change, partition decrease): an error."""


@dataclass(frozen=True, slots=True, order=True)
class Address:
    """Which resource: its kind (`topic`, `acl` …) and its name within the kind."""

    kind: str
    name: str

    def __str__(self) -> str:
        return f"{self.kind} {self.name}"


@dataclass(frozen=True, slots=True)
class Change:
    """One verb on one resource, with the kind's values before and after and where the
    resource was declared. `before` is None for a create, `after` for a delete."""

    verb: Verb
    address: Address
    before: object | None
    after: object | None
    source: Span | None = None
    status: Status = Status.READY
    reason: str | None = None
    """Why the change is blocked or unsupported, in words a user can act on."""
    project: str | None = None
    """The project that declares the resource, for grouping in rendered plans."""
    changed_outside: bool = False
    """The resource is not as ktb last applied it (the ownership state says how it was):
    someone changed it outside ktb since, and this change puts it back."""

    @property
    def kind(self) -> str:
        """The kind of the resource changed."""
        return self.address.kind

    @property
    def name(self) -> str:
        """The resource's name within its kind."""
        return self.address.name


NOT_FINGERPRINTED = ""
"""The fingerprint of a plan that is only shown, never written (`ktb plan` printing text or
Markdown): hashing the state takes as long as the comparison itself."""


@dataclass(frozen=True, slots=True)
class Plan:
    """An ordered list of changes, computed from a state whose fingerprint it keeps."""

    changes: tuple[Change, ...]
    fingerprint: str
    """Hash of the actual state the plan was computed from (`NOT_FINGERPRINTED` for a plan
    that is only shown)."""
    contexts: tuple[str, ...] = ()
    """The contexts (managed scopes) the plan covers; others were not looked at."""
    diagnostics: tuple[Diagnostic, ...] = field(default=())

    @property
    def has_changes(self) -> bool:
        """True when apply would do something (blocked changes are reported, not done)."""
        return any(c.status is Status.READY for c in self.changes)


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts of a plan for its summary line: ready changes by verb, and the others."""

    create: int = 0
    update: int = 0
    delete: int = 0
    blocked: int = 0
    unsupported: int = 0


def summarize(changes: tuple[Change, ...]) -> Summary:
    """Count ready changes by verb; blocked and unsupported ones apart."""
    counts = dict.fromkeys(("create", "update", "delete", "blocked", "unsupported"), 0)
    for change in changes:
        if change.status is Status.BLOCKED_BY_POLICY:
            counts["blocked"] += 1
        elif change.status is Status.UNSUPPORTED:
            counts["unsupported"] += 1
        else:
            counts[change.verb.value] += 1
    return Summary(**counts)
