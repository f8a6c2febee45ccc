"""Client quotas as values: Kafka's quota entities, their rates, and the topology compiled
to them. Pure: no I/O, nothing about how the cluster is reached.

Kafka keys a quota by an entity: a user, a client id, or both, where either may be the
default (`<default>`, the quota of every user or client id without one of its own). A user
quota of `User:alice` in a topology is the entity `user=alice`, as JulieOps applies it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from ktb_action.diagnostics import Span
from ktb_action.topology.model import QUOTA_RATES, Quota

USER = "user"
CLIENT_ID = "client-id"
ENTITY_TYPES = (USER, CLIENT_ID)
"""Kafka's entity types of client quotas, in the order Kafka writes them."""
DEFAULT_NAME = "<default>"
"""How Kafka's tools write the default entity of a type (its name on the wire is null)."""

QUOTA_KEYS = QUOTA_RATES
"""The quota keys ktb manages (the rates a topology entry may set)."""
WHOLE_NUMBER_KEYS = frozenset({"producer_byte_rate", "consumer_byte_rate"})
"""Keys Kafka stores as longs: it refuses a fractional value."""
USER_PREFIX = "User:"


@dataclass(frozen=True, slots=True)
class QuotaEntity:
    """A quota entity: `(entity type, name)` pairs, a name of None being the default.

    The pairs are kept in Kafka's order (user before client id), so that equal entities
    compare and hash equal however they were written.
    """

    parts: tuple[tuple[str, str | None], ...]

    def __post_init__(self) -> None:
        types = [entity_type for entity_type, _ in self.parts]
        if not types or len(set(types)) != len(types) or not set(types) <= set(ENTITY_TYPES):
            raise ValueError(f"not a client quota entity: {self.parts!r}")
        ordered = tuple(sorted(self.parts, key=lambda part: ENTITY_TYPES.index(part[0])))
        object.__setattr__(self, "parts", ordered)

    @staticmethod
    def of(
        *,
        user: str | None = None,
        client_id: str | None = None,
        default_user: bool = False,
        default_client_id: bool = False,
    ) -> QuotaEntity:
        """The entity of a named or default user and/or client id (at least one)."""
        parts: list[tuple[str, str | None]] = []
        if user is not None or default_user:
            parts.append((USER, user))
        if client_id is not None or default_client_id:
            parts.append((CLIENT_ID, client_id))
        return QuotaEntity(tuple(parts))

    @property
    def address(self) -> str:
        """Kafka's way of writing it: `user=alice,client-id=app`, `user=<default>`."""
        return ",".join(
            f"{entity_type}={DEFAULT_NAME if name is None else name}"
            for entity_type, name in self.parts
        )

    def __str__(self) -> str:
        return self.address


class QuotaValues(Mapping[str, float]):
    """The quotas of one entity: quota key -> value. Immutable and hashable; keys in
    `QUOTA_KEYS` order, so equal values print alike."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, float] | Iterable[tuple[str, float]] = ()) -> None:
        given = dict(items)
        unknown = sorted(set(given) - set(QUOTA_KEYS))
        if unknown:
            raise ValueError(f"not a client quota key: {unknown[0]}")
        self._items: dict[str, float] = {
            key: float(given[key]) for key in QUOTA_KEYS if key in given
        }

    def __getitem__(self, key: str) -> float:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(tuple(self._items.items()))

    def __repr__(self) -> str:
        return f"QuotaValues({self._items!r})"


@dataclass(frozen=True, slots=True)
class DeclaredQuota:
    """The quotas a topology declares for one entity, and where it declares them."""

    values: QuotaValues
    span: Span | None = None


def quota_user(principal: str) -> str | None:
    """The Kafka user a `User:<name>` principal names (None for any other principal)."""
    if principal.startswith(USER_PREFIX) and len(principal) > len(USER_PREFIX):
        return principal[len(USER_PREFIX) :]
    return None


def entity_of(quota: Quota) -> QuotaEntity | None:
    """The entity a quota entry names, or None when it names none or an invalid one
    (`ktb validate` reports those as `quota-entity`)."""
    user = quota_user(quota.principal) if quota.principal is not None else None
    if quota.principal is not None and (user is None or quota.default_user):
        return None
    if quota.client_id is not None and quota.default_client_id:
        return None
    if (
        user is None
        and quota.client_id is None
        and not (quota.default_user or quota.default_client_id)
    ):
        return None
    return QuotaEntity.of(
        user=user,
        client_id=quota.client_id,
        default_user=quota.default_user,
        default_client_id=quota.default_client_id,
    )


def values_of(quota: Quota) -> QuotaValues:
    """The rates a quota entry sets."""
    # The model's rate fields are named after Kafka's quota keys.
    written = ((key, getattr(quota, key)) for key in QUOTA_KEYS)
    return QuotaValues((key, value) for key, value in written if value is not None)


def compile_quotas(quotas: Iterable[Quota]) -> dict[QuotaEntity, DeclaredQuota]:
    """The desired quotas of every entity the entries name, in declaration order.

    Entries that name no valid entity are left out, and of an entity declared twice the
    first declaration counts: `ktb validate` reports both (`quota-entity`,
    `quota-duplicate`), so a plan is never made from such a topology anyway.
    """
    desired: dict[QuotaEntity, DeclaredQuota] = {}
    for quota in quotas:
        entity = entity_of(quota)
        if entity is not None and entity not in desired:
            desired[entity] = DeclaredQuota(values_of(quota), quota.span)
    return desired
