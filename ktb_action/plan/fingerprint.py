"""The fingerprint of an actual state: `apply --plan` refuses when the cluster changed.

A sha256 of a canonical JSON text of the state in scope (topics with partitions, replication
and configs; ACL bindings), so the same state always gives the same fingerprint whatever the
order Kafka listed things in.
"""

from __future__ import annotations

import hashlib
import json

from ktb_action.resources import ClusterState, acl_to_dict


def fingerprint(state: ClusterState) -> str:
    """`sha256:<hex>` of the canonical form of `state`."""
    canonical = {
        "topics": [
            [t.name, t.partitions, t.replication_factor, sorted(t.configs)]
            for t in sorted(state.topics, key=lambda t: t.name)
        ],
        "acls": sorted(json.dumps(acl_to_dict(b), sort_keys=True) for b in state.acls),
    }
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
