"""The fingerprint of the actual state a plan was computed from.

A sha256 of a canonical JSON text of every kind's resources in scope, each value in its
kind's own encoding, so the same state always gives the same fingerprint whatever the order
the servers listed things in.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any


def fingerprint(encoded: Mapping[str, Mapping[str, Any]]) -> str:
    """`sha256:<hex>` of kind -> resource name -> encoded value."""
    canonical = {kind: sorted(values.items()) for kind, values in encoded.items()}
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
