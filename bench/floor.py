"""The bare-read floor of a plan: the reads `ktb plan` needs, and nothing else, in one script.

    python bench/floor.py --client-config admin.properties --prefix ctx.

One `list_topics`, `describe_configs` of the topics whose name starts with the prefix in
batches of `CONFIGS_PER_REQUEST` with `IN_FLIGHT` batches outstanding (what a fair client
does: more outstanding batches would hold more responses in memory at once), and one
`describe_acls` of every binding, sent first so that the broker answers it while the configs
are read. Of the answers it keeps what a plan compares: the configs set on each topic and the
bindings of the principals whose name starts with `User:<first part of the prefix>`.
Prints one JSON line: topics, configs and bindings kept, and the requests sent.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, deque
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from confluent_kafka.admin import (
    AclBindingFilter,
    AclOperation,
    AclPermissionType,
    AdminClient,
    ConfigResource,
    ConfigSource,
    ResourcePatternType,
    ResourceType,
)

CONFIGS_PER_REQUEST = 2_000
IN_FLIGHT = 2
TIMEOUT_S = 600.0
_TOPIC_CONFIG = ConfigSource.DYNAMIC_TOPIC_CONFIG.value


def read_properties(path: Path) -> dict[str, str]:
    """A Java .properties file of plain `key=value` lines (the dev broker's admin config)."""
    settings = {}
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if line and not line.startswith(("#", "!")) and "=" in line:
            key, value = line.split("=", 1)
            settings[key.strip()] = value.strip()
    return settings


def librdkafka_settings(properties: dict[str, str]) -> dict[str, str]:
    """The Java client's keys librdkafka spells differently (only those the dev broker uses)."""
    settings = {k: v for k, v in properties.items() if not k.startswith("sasl.jaas")}
    jaas = properties.get("sasl.jaas.config", "")
    for key in ("username", "password"):
        marker = f'{key}="'
        if marker in jaas:
            settings[f"sasl.{key}"] = jaas.split(marker, 1)[1].split('"', 1)[0]
    return settings


def configs_set(futures: dict[Any, Future[Any]]) -> dict[str, dict[str, str]]:
    """The configs set on each topic of one describe_configs answer."""
    return {
        resource.name: {
            name: entry.value
            for name, entry in future.result().items()
            if entry.source == _TOPIC_CONFIG or entry.source is ConfigSource.DYNAMIC_TOPIC_CONFIG
        }
        for resource, future in futures.items()
    }


def floor(admin: AdminClient, prefix: str, principal_prefix: str) -> dict[str, Any]:
    """The reads and the filtering a plan of the topics under `prefix` needs."""
    requests: Counter[str] = Counter()
    any_acl = AclBindingFilter(
        ResourceType.ANY,
        None,  # type: ignore[arg-type]
        ResourcePatternType.ANY,
        None,  # type: ignore[arg-type]
        None,  # type: ignore[arg-type]
        AclOperation.ANY,
        AclPermissionType.ANY,
    )
    acls = admin.describe_acls(any_acl, request_timeout=TIMEOUT_S)
    requests["describe_acls"] += 1
    topics = admin.list_topics(timeout=TIMEOUT_S).topics
    requests["list_topics"] += 1
    names = sorted(n for n in topics if n.startswith(prefix))
    configs: dict[str, dict[str, str]] = {}
    pending: deque[dict[Any, Future[Any]]] = deque()
    for start in range(0, len(names), CONFIGS_PER_REQUEST):
        if len(pending) == IN_FLIGHT:
            configs.update(configs_set(pending.popleft()))
        batch = [
            ConfigResource(ResourceType.TOPIC, n)
            for n in names[start : start + CONFIGS_PER_REQUEST]
        ]
        pending.append(admin.describe_configs(batch, request_timeout=TIMEOUT_S))
        requests["describe_configs"] += 1
    while pending:
        configs.update(configs_set(pending.popleft()))
    bindings = [b for b in acls.result() if b.principal.startswith(principal_prefix)]
    return {
        "topics": len(names),
        "configs": sum(len(c) for c in configs.values()),
        "bindings": len(bindings),
        "requests": dict(requests),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--client-config", type=Path, required=True)
    parser.add_argument("--prefix", required=True, help="the topics' name prefix (the context)")
    parser.add_argument("--principal-prefix", required=True)
    args = parser.parse_args()
    admin = AdminClient(librdkafka_settings(read_properties(args.client_config)))
    print(json.dumps(floor(admin, args.prefix, args.principal_prefix)))


if __name__ == "__main__":
    main()
