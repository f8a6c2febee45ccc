"""Rules about topic configs: real names, valid values, sane partition and replica counts."""

from __future__ import annotations

from collections.abc import Iterator

from ktb_action.diagnostics import Diagnostic, Severity, did_you_mean
from ktb_action.validate.rules.base import (
    PARTITION_COUNT,
    REPLICATION_FACTOR,
    Rule,
    RuleContext,
    config_span,
    min_insync_above,
)
from ktb_action.validate.topic_configs import (
    CONFLUENT_PREFIX,
    REMOVED_CONFIGS,
    TOPIC_CONFIGS,
    check_value,
)


def config_unknown(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """Config keys that are not topic-level configs of Kafka 4.x.

    An error by default: JulieOps passes such keys through, but Kafka refuses the topic at
    create time, so the apply would fail half-way. `confluent.*` keys are only a warning:
    Confluent Server takes them. The message names no topic, so a key that comes from a plan
    is reported once, at the plan.
    """
    for named in ctx.topics:
        for key, _ in named.topic.config:
            if key in TOPIC_CONFIGS:
                continue
            span = config_span(named.topic, key)
            if key.startswith(CONFLUENT_PREFIX):
                yield rule.at(
                    f"`{key}` is a Confluent Server config",
                    span,
                    "Apache Kafka brokers refuse it; ignore this if your cluster is Confluent",
                    Severity.WARNING,
                )
            elif key in REMOVED_CONFIGS:
                yield rule.at(f"topic config `{key}` {REMOVED_CONFIGS[key]}", span)
            else:
                yield rule.at(
                    f"unknown topic config `{key}`",
                    span,
                    did_you_mean(key, TOPIC_CONFIGS)
                    or "see Kafka's topic-level configs; Kafka refuses unknown ones at apply",
                )


def config_value(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """Values Kafka would refuse: wrong type, out of range, not one of the allowed values."""
    for named in ctx.topics:
        for key, value in named.topic.config:
            spec = TOPIC_CONFIGS.get(key)
            reason = check_value(spec, value) if spec is not None else None
            if spec is not None and reason is not None:
                yield rule.at(
                    f"invalid value `{value}` for `{key}`: {reason}",
                    config_span(named.topic, key),
                    did_you_mean(value, spec.choices),
                )


MAX_PARTITIONS = 1_000_000
"""ktb's ceiling on one topic's partitions. Kafka's own is its count type, a Java int
(2,147,483,647), far beyond what any cluster serves: a larger count is a typo."""
MAX_REPLICATION_FACTOR = 2**15 - 1
"""Kafka's replication factor is a Java short (INT16 in the CreateTopics request)."""


def partitions(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """A topic has 1 to `MAX_PARTITIONS` partitions."""
    for message, span in PARTITION_COUNT.outside(ctx, lambda n: 1 <= n <= MAX_PARTITIONS):
        yield rule.at(message, span, f"a topic has 1 to {MAX_PARTITIONS:,} partitions")


def replication(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """A topic has 1 to 32,767 replicas (and no more than the cluster has brokers)."""
    for message, span in REPLICATION_FACTOR.outside(
        ctx, lambda factor: 1 <= factor <= MAX_REPLICATION_FACTOR
    ):
        yield rule.at(
            message,
            span,
            f"the replication factor is 1 to {MAX_REPLICATION_FACTOR:,} (a Java short) and at "
            "most the number of brokers; 3 in production",
        )


def min_insync(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """`min.insync.replicas` above the replication factor: `acks=all` writes always fail."""
    for value, factor, span in min_insync_above(ctx, spare=0):
        yield rule.at(
            f"`min.insync.replicas` is {value} but the replication factor is {factor}",
            span,
            f"producers with `acks=all` could never write; use at most {factor} "
            "(usually replication factor - 1)",
        )


RULES = (
    Rule("topic-config-unknown", Severity.ERROR, "not a topic config of Kafka", config_unknown),
    Rule("topic-config-value", Severity.ERROR, "Kafka would refuse the value", config_value),
    Rule("topic-partitions", Severity.ERROR, "a partition count out of range", partitions),
    Rule(
        "topic-replication-factor",
        Severity.ERROR,
        "a replication factor out of range",
        replication,
    ),
    Rule(
        "topic-min-insync-replicas",
        Severity.ERROR,
        "`min.insync.replicas` above the replication factor",
        min_insync,
    ),
)
