"""JulieOps' `.cluster-state` file (its FileBackend's JSON: `bindings`, `accounts`, `topics`)
read as an ownership state, so that what JulieOps created is owned from the first ktb run."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ktb_action.kinds.acls.values import (
    AclBinding,
    AclOperation,
    AclResourceType,
    PatternType,
    encode_acl,
)
from ktb_action.state.errors import StateUnreadableError
from ktb_action.state.snapshot import Owned


def read_julie_state(path: Path) -> Owned:
    """The bindings and topics JulieOps recorded in `path`. Entries ktb cannot use (RBAC role
    bindings, malformed ones) are named on stderr and skipped: they are never deleted."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise StateUnreadableError(
            f"cannot read the JulieOps state `{path}`, so nothing was changed: {error}",
            hint="point `ownership.julie_state_file` at JulieOps' `.cluster-state` JSON file",
        ) from None
    if not isinstance(data, dict):
        data = {}
    acls: dict[str, dict[str, Any]] = {}
    for index, entry in enumerate(data.get("bindings") or []):
        binding = _binding(entry)
        if binding is None:
            print(
                f"warning: binding {index} of `{path}` is not a Kafka ACL ktb can own; skipped",
                file=sys.stderr,
            )
        else:
            acls[binding.address] = dict(encode_acl(binding))
    topics: dict[str, dict[str, Any]] = {
        str(t): {} for t in data.get("topics") or [] if isinstance(t, str)
    }
    return {kind: names for kind, names in (("acl", acls), ("topic", topics)) if names}


def _binding(entry: object) -> AclBinding | None:
    if not isinstance(entry, dict):
        return None
    try:
        return AclBinding(
            principal=str(entry["principal"]),
            resource_type=AclResourceType(str(entry["resourceType"])),
            resource_name=str(entry["resourceName"]),
            pattern_type=PatternType(str(entry["pattern"])),
            operation=AclOperation(str(entry["operation"])),
            host=str(entry.get("host", "*")),
        )
    except (KeyError, ValueError):
        return None
