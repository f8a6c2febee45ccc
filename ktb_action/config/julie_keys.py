"""JulieOps' own configuration keys, as its `reference.conf` and `Constants` name them (at the
commit of the compatibility corpus), for the `.properties` reader: which are lists."""

from __future__ import annotations

LIST_KEYS = frozenset(
    {
        "topology.validations",
        "topology.topic.managed.prefixes",
        "topology.group.managed.prefixes",
        "topology.service.accounts.managed.prefixes",
        "topology.subject.managed.prefixes",
        "topology.dlq.topics.allow.list",
        "topology.dlq.topics.deny.list",
        "topology.builder.mds.valid.cluster.ids",
        "kafka.internal.topic.prefixes",
        "platform.servers.connect",
        "platform.servers.basic.auth",
    }
)
"""The keys JulieOps reads with `getStringList`: written `key.0=…`, `key.1=…` as Typesafe
config reads lists from a `.properties` file."""
