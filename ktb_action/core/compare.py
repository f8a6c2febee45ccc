"""Desired x actual x scope -> the changes of one kind. Pure: the same inputs always give
the same changes, in the same order.

The verbs are the same for every kind: declared and missing is created, declared and
different is updated (the kind says how), present, undeclared and owned is deleted when the
kind's deletion is allowed, and shown as blocked by policy otherwise. A resource is owned
when the kind says so or when the ownership state (`Scope.owned`) records that ktb applied
it; the scope's `revoke_owned` lets owned ones of some kinds go even with deletion off.
A change to a resource the cluster no longer has as ktb last applied it (by the state) is
marked `changed_outside`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any, TypeVar

from ktb_action.core.kind import Declared, ResourceKind
from ktb_action.core.plan import Address, Change, Status, Verb
from ktb_action.core.scope import Scope

V = TypeVar("V")


def compare_kind(
    kind: ResourceKind[V],
    desired: Mapping[str, Declared[V]],
    actual: Mapping[str, V],
    scope: Scope,
) -> list[Change]:
    """Creates and updates in declaration order, then deletions in the order read."""
    changes: list[Change] = []
    state = scope.owned.get(kind.name, {})
    for name, want in desired.items():
        change = kind.diff(name, want, actual.get(name), scope)
        if change is not None:
            if _changed_outside(kind, name, state.get(name), actual.get(name), scope):
                change = replace(change, changed_outside=True)
            changes.append(change)
    owned = kind.owned(desired, scope)
    allowed = scope.allow_delete.allows(kind.delete_setting)
    revoked = allowed or kind.delete_setting in scope.revoke_owned
    blocked = f"would delete, blocked by policy: set allow_delete.{kind.delete_setting}"
    for name, have in actual.items():
        if name in desired:
            continue
        # What ktb applied before is ours even when the files no longer name it.
        if name in state:
            permitted = revoked
        elif owned(name, have):
            permitted = allowed
        else:
            continue
        address = Address(kind.name, name)
        if permitted:
            changes.append(Change(Verb.DELETE, address, have, None))
        else:
            changes.append(
                Change(
                    Verb.DELETE,
                    address,
                    have,
                    None,
                    status=Status.BLOCKED_BY_POLICY,
                    reason=blocked,
                )
            )
    return changes


def _changed_outside(
    kind: ResourceKind[V],
    name: str,
    applied: Mapping[str, Any] | None,
    have: V | None,
    scope: Scope,
) -> bool:
    """Whether the server's value is not the one ktb last applied: the kind's own diff of
    that value against the server's says so, with the kind's rules for defaults."""
    if applied is None:
        return False
    try:
        last = kind.decode(applied, name)
    except (KeyError, TypeError, ValueError):
        # A state value this version cannot read tells nothing about drift.
        return False
    return kind.diff(name, Declared(last), have, scope) is not None


def creation(kind: str, name: str, want: Declared[V]) -> Change:
    """The change that creates a declared resource."""
    return Change(
        Verb.CREATE, Address(kind, name), None, want.value, want.source, project=want.project
    )
