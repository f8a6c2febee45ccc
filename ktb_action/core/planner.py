"""Topologies x servers -> Plan: every registered kind compiles what the files declare, reads
what the servers have in scope, and is compared; the changes come out in apply's order."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ktb_action.core.compare import compare_kind
from ktb_action.core.fingerprint import fingerprint
from ktb_action.core.kind import CheckedKind, Declared, ResourceKind
from ktb_action.core.plan import NOT_FINGERPRINTED, Plan, Verb
from ktb_action.core.progress import Progress
from ktb_action.core.scope import Scope, make_scope
from ktb_action.diagnostics import Diagnostic
from ktb_action.settings import Settings
from ktb_action.topology.model import Topology

if TYPE_CHECKING:
    from ktb_action.servers import Servers


@dataclass(frozen=True)
class KindState:
    """One kind's desired and actual resources."""

    kind: ResourceKind[Any]
    desired: Mapping[str, Declared[Any]]
    actual: Mapping[str, Any]
    diagnostics: tuple[Diagnostic, ...] = ()
    """What a `CheckedKind` found while planning."""


@dataclass(frozen=True)
class Comparison:
    """What a plan is computed from: the scope and each kind's desired and actual state."""

    scope: Scope
    states: tuple[KindState, ...]

    @property
    def fingerprint(self) -> str:
        """The fingerprint of the actual state in scope, of every kind."""
        kinds = {s.kind.name: s.kind for s in self.states}
        return fingerprint(
            {s.kind.name: s.actual for s in self.states},
            lambda kind, value: kinds[kind].encode(value),
        )

    def present(self) -> dict[str, dict[str, dict[str, Any]]]:
        """The declared resources that exist, encoded: what an apply adopts."""
        return {
            s.kind.name: {n: s.kind.encode(s.actual[n]) for n in s.desired if n in s.actual}
            for s in self.states
        }

    def plan(self, *, fingerprint: bool = True) -> Plan:
        """The changes that make the servers match the topologies, in apply's order; without
        `fingerprint`, a plan to show only."""
        rank = phase_ranks([s.kind for s in self.states])
        changes = [
            c for s in self.states for c in compare_kind(s.kind, s.desired, s.actual, self.scope)
        ]
        changes.sort(key=lambda c: rank[c.kind, c.verb])
        found = tuple(d for s in self.states for d in s.diagnostics)
        state = self.fingerprint if fingerprint else NOT_FINGERPRINTED
        return Plan(tuple(changes), state, self.scope.contexts, found)


def phase_ranks(kinds: Sequence[ResourceKind[Any]]) -> dict[tuple[str, Verb], int]:
    """Each kind's verbs -> the order of the phase that applies them."""
    return {
        (kind.name, verb): phase.order
        for kind in kinds
        for phase in kind.phases
        for verb in phase.verbs
    }


def compare(
    topologies: Sequence[Topology],
    settings: Settings,
    servers: Servers,
    kinds: Sequence[ResourceKind[Any]],
    read_owned: Callable[[str], Mapping[str, Mapping[str, Mapping[str, Any]]]] | None = None,
    *,
    progress: Progress | None = None,
) -> Comparison:
    """Compile the topologies and read what is in scope from the servers, kind by kind;
    `read_owned` gives the ownership state of a scope (by its key), when there is one, and
    `progress` counts the kinds read."""
    scope = make_scope(topologies, settings)
    if read_owned is not None:
        scope = replace(scope, owned=read_owned(scope.key))
    states = []
    for kind in kinds:
        desired = kind.compile(topologies, settings)
        actual = kind.read(servers, desired, scope)
        found = (
            kind.check(topologies, settings, servers, desired, actual)
            if isinstance(kind, CheckedKind)
            else []
        )
        states.append(KindState(kind, desired, actual, tuple(found)))
        if progress is not None:
            progress.update(f"read {kind.plural}", len(states), len(kinds))
    return Comparison(scope, tuple(states))
