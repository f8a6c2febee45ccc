"""Principals must be written `Type:name`, as Kafka's authorizer reads them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ktb_action.diagnostics import Diagnostic, Severity, Span
from ktb_action.topology.model import Project, Topology
from ktb_action.validate.rules.base import Rule, RuleContext

_PRINCIPAL = re.compile(r"^[A-Za-z][A-Za-z0-9_]*:\S(.*\S)?$")


def _project_principals(project: Project) -> Iterator[tuple[str, Span | None]]:
    for topic in project.topics:
        yield from ((c.principal, c.span) for c in topic.consumers)
        yield from ((p.principal, p.span) for p in topic.producers)
    yield from ((c.principal, c.span) for c in project.consumers)
    yield from ((p.principal, p.span) for p in project.producers)
    yield from ((s.principal, s.span) for s in project.streams)
    yield from ((w.principal, w.span) for w in project.connectors)
    yield from ((s.principal, s.span) for s in project.schemas)
    yield from ((k.principal, k.span) for k in project.ksql.access_control)
    yield from ((b.principal, b.span) for b in project.rbac)


def principals(topology: Topology) -> Iterator[tuple[str, Span | None]]:
    """Every principal a topology names, with where it is written."""
    for project in topology.projects:
        yield from _project_principals(project)
    for topic in topology.special_topics:
        yield from ((c.principal, c.span) for c in topic.consumers)
        yield from ((p.principal, p.span) for p in topic.producers)
    platform = topology.platform
    yield from ((i.principal, i.span) for i in platform.schema_registry)
    yield from ((i.principal, i.span) for i in platform.control_center)
    yield from ((i.principal, i.span) for i in platform.ksql)
    yield from ((q.principal, q.span) for q in platform.quotas if q.principal is not None)
    for _, bindings in platform.rbac:
        yield from ((b.principal, b.span) for b in bindings)


def principal_invalid(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """Principals without a `Type:` part (or with an empty name) never match a client."""
    for topology in ctx.topologies:
        for principal, span in principals(topology):
            if not _PRINCIPAL.match(principal):
                yield rule.at(
                    f"principal `{principal}` is not of the form `Type:name`",
                    span,
                    "write e.g. `User:alice` or `Group:payments`",
                )


RULES = (
    Rule("principal-invalid", Severity.ERROR, "a principal is not `Type:name`", principal_invalid),
)
