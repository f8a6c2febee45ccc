"""The JulieOps validations (`topology.validations`), off unless configured.

Same checks and parameters as JulieOps' classes, so a `.properties` file that enabled them
keeps the same guarantees: the parameters come from `rules: {<id>: {...}}` in ktb.yaml, or
from the `validations.*` properties.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator

from ktb_action.diagnostics import Diagnostic, Severity
from ktb_action.validate.rules.base import (
    PARTITION_COUNT,
    REPLICATION_FACTOR,
    Rule,
    RuleContext,
    TopicCount,
    min_insync_above,
)

OPERATORS: dict[str, Callable[[int, int], bool]] = {
    "gt": operator.gt,
    "lt": operator.lt,
    "eq": operator.eq,
    "gte": operator.ge,
    "lte": operator.le,
    "ne": operator.ne,
}
_OPERATOR_TEXT = {"gt": ">", "lt": "<", "eq": "=", "gte": ">=", "lte": "<=", "ne": "!="}
# JulieOps' CamelCaseNameFormatValidation pattern, matched against the whole name.
CAMEL_CASE = re.compile(r"([a-z]+[A-Z]+\w+)+")


def _bad_params(ctx: RuleContext, rule: Rule, problem: str, hint: str) -> Diagnostic:
    return Diagnostic(
        "settings-invalid",
        Severity.ERROR,
        f"rule `{rule.id}` {problem}",
        ctx.settings_span(f"rules.{rule.id}"),
        hint,
    )


def topic_name_regex(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """Topic names must match `regex` (the short name, or the full name with `match: full`)."""
    params = ctx.params(rule.id)
    source = params.get("regex")
    try:
        pattern = re.compile(source) if isinstance(source, str) and source else None
    except re.error as error:
        yield _bad_params(ctx, rule, f"has an invalid `regex`: {error}", "fix the regex")
        return
    if pattern is None:
        yield _bad_params(
            ctx, rule, "needs a `regex`", "set `regex` (JulieOps `validations.topic.name.regexp`)"
        )
        return
    full = params.get("match") == "full"
    for named in ctx.topics:
        name = named.full_name if full else named.topic.name
        if not pattern.fullmatch(name):
            yield rule.at(f"topic name `{name}` does not match `{source}`", named.topic.span)


def partition_number(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """The partition count compared with `value` by `operator` (JulieOps' defaults: `gte 3`)."""
    return _compared(ctx, rule, PARTITION_COUNT, {"operator": "gte", "value": 3})


def replication_factor(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """The replication factor compared with `value` by `operator` (JulieOps' default
    operator: `ne`; it has no default value)."""
    return _compared(ctx, rule, REPLICATION_FACTOR, {"operator": "ne"})


def _compared(
    ctx: RuleContext, rule: Rule, count: TopicCount, defaults: dict[str, object]
) -> Iterator[Diagnostic]:
    """`defaults` are JulieOps' `reference.conf` values of the `validations.*` parameters."""
    params = defaults | ctx.params(rule.id)
    op = str(params.get("operator", "")).strip().lower()
    value = params.get("value")
    if op not in OPERATORS:
        yield _bad_params(
            ctx,
            rule,
            f"has an unknown `operator` `{op}`",
            f"set `operator` to one of {', '.join(OPERATORS)}",
        )
        return
    if not isinstance(value, int) or isinstance(value, bool):
        yield _bad_params(
            ctx,
            rule,
            "needs an integer `value`",
            f"set `value` to the {count.name} to compare with (JulieOps has no default for it)",
        )
        return
    compare = OPERATORS[op]
    for message, span in count.outside(ctx, lambda found: compare(found, value)):
        yield rule.at(f"{message}; the rule wants {_OPERATOR_TEXT[op]} {value}", span)


def min_insync_replicas(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """JulieOps' stricter form: `min.insync.replicas` at most replication factor - 1."""
    for value, factor, span in min_insync_above(ctx, spare=1):
        yield rule.at(
            f"`min.insync.replicas` is {value} with a replication factor of {factor}",
            span,
            f"use at most {factor - 1} so that one broker can be down",
        )


def camel_case(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """Context, project and topic names in camelCase, as JulieOps' validation wants."""
    for topology in ctx.topologies:
        if not CAMEL_CASE.fullmatch(topology.context):
            yield rule.at(f"context `{topology.context}` is not camelCase", topology.span)
        for project in topology.projects:
            if not CAMEL_CASE.fullmatch(project.name):
                yield rule.at(f"project name `{project.name}` is not camelCase", project.span)
            for topic in project.topics:
                if not CAMEL_CASE.fullmatch(topic.name):
                    yield rule.at(f"topic name `{topic.name}` is not camelCase", topic.span)


def _opt_in(
    rule_id: str, summary: str, check: Callable[[RuleContext, Rule], Iterator[Diagnostic]]
) -> Rule:
    return Rule(rule_id, Severity.ERROR, summary, check, default_enabled=False)


RULES = (
    _opt_in("julie-topic-name-regex", "topic names match a regex", topic_name_regex),
    _opt_in("julie-partition-number", "partition count compared with a value", partition_number),
    _opt_in(
        "julie-replication-factor", "replication factor compared with a value", replication_factor
    ),
    _opt_in(
        "julie-min-insync-replicas",
        "`min.insync.replicas` at most replication factor - 1",
        min_insync_replicas,
    ),
    _opt_in("julie-camel-case", "context, project and topic names in camelCase", camel_case),
)
