"""Rules about full topic names: the naming template, Kafka's charset, duplicates, collisions."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ktb_action.diagnostics import Diagnostic, Severity, Span, location
from ktb_action.topology.naming import NamingFormatError, project_prefix, topic_full_name
from ktb_action.validate.rules.base import Rule, RuleContext, all_topics

MAX_TOPIC_NAME = 249
_LEGAL = re.compile(r"^[a-zA-Z0-9._-]+$")


def naming_format(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """Each naming template that fails to compile or render, once per distinct reason."""
    naming = ctx.settings.naming
    seen: set[str] = set()
    for topology, project, topic in all_topics(ctx.topologies):
        try:
            topic_full_name(topology, project, topic, naming)
            if project is not None:
                project_prefix(topology, project, naming)
        except NamingFormatError as error:
            if error.reason in seen:
                continue
            seen.add(error.reason)
            key = (
                "naming.project_format"
                if error.template == naming.project_prefix_format
                else "naming.topic_format"
            )
            yield rule.at(
                f"naming template `{error.template}` is invalid: {error.reason}",
                ctx.settings_span(key),
                "variables: `context`, the header keys, `project`, `topic`, `dataType`",
            )


def name_invalid(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """Full names Kafka refuses: other characters than `[a-zA-Z0-9._-]`, too long, `.`/`..`."""
    for named in ctx.topics:
        name = named.full_name
        if name in (".", ".."):
            reason = "cannot be `.` or `..`"
        elif len(name) > MAX_TOPIC_NAME:
            reason = f"is {len(name)} characters long, more than {MAX_TOPIC_NAME}"
        elif not _LEGAL.match(name):
            bad = next(char for char in name if not _LEGAL.match(char))
            reason = f"contains `{bad}`"
        else:
            continue
        yield rule.at(
            f"topic name `{name}` {reason}",
            named.topic.span,
            "Kafka topic names use only ASCII letters, digits, `.`, `_` and `-`",
        )


def context_empty(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """An empty `context`: every name would start with `.`, outside any context's scope."""
    for topology in ctx.topologies:
        if not topology.context.strip():
            yield rule.at(
                "`context` is empty",
                topology.span,
                "write the context, e.g. `context: payments`: it starts every topic name",
            )


def duplicate(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """The same full name declared twice; reported at the second, naming the first."""
    first: dict[str, Span | None] = {}
    for named in ctx.topics:
        seen = first.get(named.full_name)
        if seen is None:
            first[named.full_name] = named.topic.span
            continue
        where = f" at {location(seen)}" if seen else ""
        yield rule.at(
            f"topic `{named.full_name}` is already declared{where}",
            named.topic.span,
            "declare each topic once; give one of them another name",
        )


def collision(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """Names equal once `.` and `_` are treated alike: Kafka's metric names would clash."""
    first: dict[str, tuple[str, Span | None]] = {}
    for named in ctx.topics:
        key = named.full_name.replace(".", "_")
        seen = first.get(key)
        if seen is None:
            first[key] = (named.full_name, named.topic.span)
            continue
        if seen[0] == named.full_name:
            continue  # an exact duplicate is `topic-duplicate`
        where = f" at {location(seen[1])}" if seen[1] else ""
        yield rule.at(
            f"topic `{named.full_name}` collides with `{seen[0]}`{where}",
            named.topic.span,
            "Kafka's metrics treat `.` and `_` alike; use one of them consistently",
        )


RULES = (
    Rule("context-empty", Severity.ERROR, "a topology's `context` is empty", context_empty),
    Rule("naming-format-invalid", Severity.ERROR, "a naming template is broken", naming_format),
    Rule("topic-name-invalid", Severity.ERROR, "Kafka would refuse the topic name", name_invalid),
    Rule("topic-duplicate", Severity.ERROR, "a topic is declared twice", duplicate),
    Rule(
        "topic-name-collision",
        Severity.WARNING,
        "two names differ only in `.` versus `_`",
        collision,
    ),
)
