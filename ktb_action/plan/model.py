"""Plan types only (as Terraform's `plans` package): computing, rendering and applying a plan
live elsewhere and share these values."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ktb_action.diagnostics import Diagnostic, Span

PLAN_FORMAT_VERSION = 1


class Action(StrEnum):
    """What a change does to one resource."""

    CREATE_TOPIC = "create_topic"
    UPDATE_TOPIC_CONFIG = "update_topic_config"
    INCREASE_PARTITIONS = "increase_partitions"
    DELETE_TOPIC = "delete_topic"
    CREATE_ACL = "create_acl"
    DELETE_ACL = "delete_acl"

    @property
    def symbol(self) -> str:
        """Terraform's marker: `+` create, `~` update, `-` delete."""
        if self in (Action.CREATE_TOPIC, Action.CREATE_ACL):
            return "+"
        if self in (Action.DELETE_TOPIC, Action.DELETE_ACL):
            return "-"
        return "~"

    @property
    def resource_type(self) -> str:
        """`topic` or `acl`."""
        return "acl" if self in (Action.CREATE_ACL, Action.DELETE_ACL) else "topic"


class Status(StrEnum):
    """Whether apply may execute a change."""

    READY = "ready"
    BLOCKED_BY_POLICY = "blocked_by_policy"
    """Would happen, but the policy forbids it (e.g. deletion disabled): shown, never done."""
    UNSUPPORTED = "unsupported"
    """Cannot be done by ktb (replication-factor change, partition decrease): an error."""


@dataclass(frozen=True, slots=True)
class Change:
    """One action on one resource, with before/after values and where it was declared."""

    action: Action
    name: str
    """The resource address: the full topic name, or the ACL binding's address."""
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    source: Span | None = None
    status: Status = Status.READY
    reason: str | None = None
    """Why the change is blocked or unsupported, in words a user can act on."""
    project: str | None = None
    """The project that declares the resource, for grouping in rendered plans."""


@dataclass(frozen=True, slots=True)
class Plan:
    """An ordered list of changes, computed from a state whose fingerprint it keeps."""

    changes: tuple[Change, ...]
    fingerprint: str
    """Hash of the actual state the plan was computed from: apply refuses if it changed."""
    contexts: tuple[str, ...] = ()
    """The contexts (managed scopes) the plan covers; others were not looked at."""
    diagnostics: tuple[Diagnostic, ...] = field(default=())

    @property
    def has_changes(self) -> bool:
        """True when apply would do something (blocked changes are reported, not done)."""
        return any(c.status is Status.READY for c in self.changes)


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts of a plan for its summary line: ready changes by kind, and the others."""

    create: int = 0
    update: int = 0
    delete: int = 0
    blocked: int = 0
    unsupported: int = 0


def summarize(changes: tuple[Change, ...]) -> Summary:
    """Count changes: ACLs count as create/delete; blocked and unsupported ones apart."""
    create = update = delete = blocked = unsupported = 0
    for change in changes:
        if change.status is Status.BLOCKED_BY_POLICY:
            blocked += 1
        elif change.status is Status.UNSUPPORTED:
            unsupported += 1
        elif change.action.symbol == "+":
            create += 1
        elif change.action.symbol == "-":
            delete += 1
        else:
            update += 1
    return Summary(create, update, delete, blocked, unsupported)
