"""The protocol every resource kind meets, and the values the core exchanges with kinds.

A kind is one package under `ktb_action/kinds/`; the planner, the applier, the renderers and
the CI reporters reach it only through this protocol (pre-commit's languages, Terraform's
resource types), so adding a kind changes nothing here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, runtime_checkable

from ktb_action.core.plan import Change, Verb
from ktb_action.diagnostics import Diagnostic, Span

if TYPE_CHECKING:
    from ktb_action.core.scope import Scope
    from ktb_action.servers import Servers
    from ktb_action.settings import Settings
    from ktb_action.topology.model import Topology

V = TypeVar("V")

Results = dict[str, str | None]
"""Resource name -> `None` when the server did it, else why not (the server's words)."""


@dataclass(frozen=True, slots=True)
class Declared(Generic[V]):
    """A desired resource: its value, where it was declared, and by which project."""

    value: V
    source: Span | None = None
    project: str | None = None


@dataclass(frozen=True, slots=True)
class Phase:
    """One step of apply: a kind's changes of some verbs, made together in `run`. Phases of
    all kinds run in ascending `order` (topics before the ACLs that name them, deletions last).
    """

    order: int
    verbs: frozenset[Verb]
    run: Callable[[Servers, Sequence[Change]], Results]


class ResourceKind(Protocol[V]):
    """What the core needs of a kind whose resources have values of type `V`."""

    @property
    def name(self) -> str:
        """The kind in addresses (`topic`, `acl` …)."""
        ...

    @property
    def plural(self) -> str:
        """The kind in summaries (`topics`, `ACLs` …)."""
        ...

    @property
    def delete_setting(self) -> str:
        """The `allow_delete` key that lets a run delete resources of this kind."""
        ...

    @property
    def phases(self) -> tuple[Phase, ...]:
        """How apply makes this kind's changes, and when relative to other kinds."""
        ...

    def compile(self, topologies: Sequence[Topology], settings: Settings) -> dict[str, Declared[V]]:
        """Every resource of this kind the topologies declare, by name (pure)."""
        ...

    def read(
        self, servers: Servers, desired: Mapping[str, Declared[V]], scope: Scope
    ) -> dict[str, V]:
        """The resources of this kind on the servers that are declared or in scope, in a
        constant number of requests (never one per resource)."""
        ...

    def diff(self, name: str, want: Declared[V], have: V | None, scope: Scope) -> Change | None:
        """The change that makes the resource `want` (`have` None: it does not exist; see
        `core.compare.creation`), or None when it already matches. The kind says here what
        the scope forbids it to write (a blocked change, with the reason)."""
        ...

    def owned(self, desired: Mapping[str, Declared[V]], scope: Scope) -> Callable[[str, V], bool]:
        """Which undeclared resources read from the servers are ours to delete."""
        ...

    def settle(self, servers: Servers) -> None:
        """Wait, after apply wrote, until reads show the writes (a plan then is empty)."""
        ...

    def encode(self, value: V) -> dict[str, Any]:
        """The value as JSON data (plan files, fingerprints): its kind's codec."""
        ...

    def decode(self, data: Mapping[str, Any], name: str) -> V:
        """The value `encode` wrote for resource `name`; raises KeyError, TypeError or
        ValueError on anything else."""
        ...

    def describe(self, change: Change) -> list[str]:
        """The lines under a change's head in a rendered plan (plain text, unescaped)."""
        ...


@runtime_checkable
class CheckedKind(Protocol):
    """A kind that also reports findings at plan time, about the user's files or the servers
    (a server's own validation of what would be written, a server that did not answer, the
    schema registry's incompatibility reasons): optional, beside `ResourceKind`; the plan
    carries them in `diagnostics`."""

    def check(
        self,
        topologies: Sequence[Topology],
        settings: Settings,
        servers: Servers,
        desired: Mapping[str, Declared[Any]],
        actual: Mapping[str, Any],
    ) -> list[Diagnostic]:
        """Findings about the desired resources, seen against what `read` returned
        (`actual`), for `Plan.diagnostics`."""
        ...
