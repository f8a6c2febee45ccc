"""The client-quotas kind: one resource per quota entity, created, updated key by key, and
removed, behind `ResourceKind`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ktb_action.core.compare import creation
from ktb_action.core.kind import Declared, Phase, Results
from ktb_action.core.plan import Address, Change, Verb
from ktb_action.core.scope import Scope
from ktb_action.kinds.quotas.values import (
    USER,
    USER_PREFIX,
    QuotaEntity,
    QuotaValues,
    compile_quotas,
)
from ktb_action.servers import Servers
from ktb_action.settings import Settings
from ktb_action.topology.model import Topology

KIND = "quota"


@dataclass(frozen=True, slots=True)
class QuotaSpec:
    """The quotas of one entity."""

    entity: QuotaEntity
    values: QuotaValues


def _spec(value: object) -> QuotaSpec:
    if not isinstance(value, QuotaSpec):
        raise TypeError(f"a quota change holds {type(value).__name__}, not quotas")
    return value


def _alterations(changes: Sequence[Change]) -> list[tuple[QuotaEntity, dict[str, float | None]]]:
    """Each change as the keys to set (the after values) and to remove (keys only before)."""
    found = []
    for change in changes:
        before = _spec(change.before).values if change.before is not None else QuotaValues()
        after = _spec(change.after).values if change.after is not None else QuotaValues()
        entity = _spec(change.after if change.after is not None else change.before).entity
        ops: dict[str, float | None] = {key: None for key in before if key not in after}
        ops.update(after)
        found.append((entity, ops))
    return found


def _alter(servers: Servers, changes: Sequence[Change]) -> Results:
    results = servers.quotas().alter(_alterations(changes))
    return {entity.address: error for entity, error in results.items()}


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


class QuotaKind:
    """Client quotas: set after users exist and before ACLs, removed after ACLs are."""

    name = KIND
    plural = "quotas"
    delete_setting = "quotas"
    phases = (
        Phase(35, frozenset({Verb.CREATE, Verb.UPDATE}), _alter),
        Phase(85, frozenset({Verb.DELETE}), _alter),
    )

    def compile(
        self, topologies: Sequence[Topology], settings: Settings
    ) -> dict[str, Declared[QuotaSpec]]:
        """Every quota entity the topologies declare, by address."""
        quotas = (quota for topology in topologies for quota in topology.platform.quotas)
        return {
            entity.address: Declared(QuotaSpec(entity, declared.values), declared.span)
            for entity, declared in compile_quotas(quotas).items()
        }

    def read(
        self, servers: Servers, desired: Mapping[str, Declared[QuotaSpec]], scope: Scope
    ) -> dict[str, QuotaSpec]:
        """Every quota entity on the cluster, in one request; no connection at all when the
        run declares no quota and manages no principal (nothing could be compared)."""
        if not desired and not scope.principal_prefixes:
            return {}
        found = servers.quotas().read()
        return {
            entity.address: QuotaSpec(entity, values)
            for entity, values in sorted(found.items(), key=lambda item: item[0].address)
        }

    def diff(
        self, name: str, want: Declared[QuotaSpec], have: QuotaSpec | None, scope: Scope
    ) -> Change | None:
        """Missing entities are created; others updated when any rate differs."""
        if have is None:
            return creation(KIND, name, want)
        if have.values == want.value.values:
            return None
        return Change(Verb.UPDATE, Address(KIND, name), have, want.value, want.source)

    def owned(
        self, desired: Mapping[str, Declared[QuotaSpec]], scope: Scope
    ) -> Callable[[str, QuotaSpec], bool]:
        """Quotas of a named user the settings' managed principal prefixes cover; default
        entities and client ids alone are never anyone's to remove."""
        prefixes = scope.principal_prefixes

        def owns(_: str, spec: QuotaSpec) -> bool:
            user = dict(spec.entity.parts).get(USER)
            return bool(prefixes) and user is not None and (USER_PREFIX + user).startswith(prefixes)

        return owns

    def settle(self, servers: Servers) -> None:
        """See `ResourceKind.settle`."""
        servers.quotas().wait_until_visible()

    def encode(self, value: QuotaSpec) -> dict[str, Any]:
        """`{entity: [[type, name or null] …], values: {key: number}}`."""
        return {
            "entity": [list(part) for part in value.entity.parts],
            "values": dict(value.values),
        }

    def decode(self, data: Mapping[str, Any], name: str) -> QuotaSpec:
        """See `ResourceKind.decode`; the entity must be the one the change names."""
        parts = tuple((str(kind), None if n is None else str(n)) for kind, n in data["entity"])
        values = data["values"]
        if not isinstance(values, dict) or not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in values.values()
        ):
            raise TypeError(f"the values of quota `{name}` must map keys to numbers")
        spec = QuotaSpec(QuotaEntity(parts), QuotaValues({k: float(v) for k, v in values.items()}))
        if spec.entity.address != name:
            raise ValueError(f"quota of `{spec.entity.address}` is filed under `{name}`")
        return spec

    def describe(self, change: Change) -> list[str]:
        """Each rate set, changed or removed."""
        before = dict(_spec(change.before).values) if change.before is not None else {}
        after = dict(_spec(change.after).values) if change.after is not None else {}
        if change.verb is not Verb.UPDATE:
            return [f"{key}: {_number(value)}" for key, value in (after or before).items()]
        lines = []
        for key in [*after, *(k for k in before if k not in after)]:
            old, new = before.get(key), after.get(key)
            if new is None:
                lines.append(f"- {key}: {_number(before[key])} (removed)")
            elif old is None:
                lines.append(f"+ {key}: {_number(new)}")
            elif old != new:
                lines.append(f"~ {key}: {_number(old)} -> {_number(new)}")
        return lines


QUOTAS = QuotaKind()
