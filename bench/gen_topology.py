"""A realistic, large JulieOps topology for benchmarks: `generate(projects, topics_per_project)`.

Shaped like the files platform teams keep: quoted values (as JulieOps examples write them),
a few config keys per topic, project-level consumers, producers and a streams app, and
topic-level consumers on some topics. 100 projects x 100 topics is about 1.7 MB.

Run as a script to print one: `python bench/gen_topology.py 100 100 > topology.yaml`.
"""

from __future__ import annotations

import sys

_RETENTION = ("604800000", "86400000", "2592000000")


def _topic(project: int, topic: int) -> list[str]:
    lines = [
        f'      - name: "events-{topic:04d}"',
        "        config:",
        '          replication.factor: "3"',
        f'          num.partitions: "{(topic % 4 + 1) * 3}"',
        f'          retention.ms: "{_RETENTION[topic % 3]}"',
    ]
    if topic % 3 == 1:
        lines.append('          cleanup.policy: "compact"')
    if topic % 5 == 0:
        lines.insert(1, '        dataType: "avro"')
    if topic % 10 == 0:
        lines += [
            "        consumers:",
            f'          - principal: "User:audit-{project:03d}"',
            f'            group: "audit-{project:03d}-{topic:04d}"',
        ]
    return lines


def _project(project: int, topics: int) -> list[str]:
    name = f"team-{project:03d}"
    lines = [
        f'  - name: "{name}"',
        "    consumers:",
        f'      - principal: "User:{name}-reader"',
        f'        group: "{name}-readers"',
        f'      - principal: "User:{name}-analytics"',
        "    producers:",
        f'      - principal: "User:{name}-writer"',
        f'        transactionId: "{name}-tx"',
        '        idempotence: "true"',
        "    streams:",
        f'      - principal: "User:{name}-streams"',
        f'        applicationId: "{name}-app"',
        "        topics:",
        "          read:",
        '            - "events-0000"',
        "          write:",
        '            - "events-0001"',
        "    topics:",
    ]
    for topic in range(topics):
        lines += _topic(project, topic)
    return lines


def generate(projects: int, topics_per_project: int) -> str:
    """A topology file with `projects` projects of `topics_per_project` topics each."""
    lines = [
        'context: "bench"',
        'company: "acme"',
        'env: "prod"',
        'source: "gitops"',
        "projects:",
    ]
    for project in range(projects):
        lines += _project(project, topics_per_project)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    counts = [int(arg) for arg in sys.argv[1:3]] or [100, 100]
    sys.stdout.write(generate(*counts) if len(counts) == 2 else generate(counts[0], 100))
