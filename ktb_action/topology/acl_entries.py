"""Parsing `platform.kafka.acls` (a ktb extension): bindings written as Kafka has them."""

from __future__ import annotations

from typing import Any

from ktb_action.topology.located import LMap, LSeq, scalar_text
from ktb_action.topology.model import AclEntry


def acl_entries(value: Any) -> tuple[AclEntry, ...]:
    """The complete entries of the list; an incomplete one has been reported by the schema
    check, which runs first and stops a run with errors."""
    if not isinstance(value, LSeq):
        return ()
    return tuple(entry for item in value if isinstance(item, LMap) and (entry := _entry(item)))


def _entry(item: LMap) -> AclEntry | None:
    texts = [scalar_text(item.get(key)) for key in ("principal", "resource_type", "resource_name")]
    operations = item.get("operations")
    if not isinstance(operations, LSeq):
        return None
    ops = tuple(op for value in operations if (op := scalar_text(value)) is not None)
    principal, resource_type, resource_name = texts
    if principal is None or resource_type is None or resource_name is None:
        return None
    return AclEntry(
        principal,
        resource_type,
        resource_name,
        scalar_text(item.get("pattern_type")) or "LITERAL",
        ops,
        scalar_text(item.get("host")) or "*",
        span=item.value_span("principal"),
    )
