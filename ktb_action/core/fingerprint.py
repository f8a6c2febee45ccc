"""The fingerprint of the actual state a plan was computed from.

A sha256 over every kind's resources in scope, by kind and then by name, each value in its
kind's own JSON encoding, so the same state always gives the same fingerprint whatever the
order the servers listed things in. Resources are hashed one at a time: at 10,000 topics and
30,000 bindings the state is never held as one big text.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any

_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"))


def fingerprint(
    state: Mapping[str, Mapping[str, Any]],
    encode: Callable[[str, Any], Any] = lambda kind, value: value,
) -> str:
    """`sha256:<hex>` of kind -> resource name -> value, each value as `encode(kind, value)`
    gives it (by default: already encoded)."""
    hasher = hashlib.sha256()
    for kind in sorted(state):
        values = state[kind]
        hasher.update(_JSON.encode(kind).encode("utf-8"))
        for name in sorted(values):
            hasher.update(_JSON.encode([name, encode(kind, values[name])]).encode("utf-8"))
    return "sha256:" + hasher.hexdigest()
