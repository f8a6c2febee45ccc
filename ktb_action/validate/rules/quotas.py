"""Client quotas: each entry names one valid entity, once, with rates Kafka accepts.

The schema check has already refused unknown keys, negative and non-numeric rates; these
rules see what needs the whole entry, or every entry of the run (all contexts of a run
manage the quotas of one cluster).
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from ktb_action.diagnostics import Diagnostic, Severity, Span, location
from ktb_action.kinds.quotas.values import (
    QUOTA_KEYS,
    WHOLE_NUMBER_KEYS,
    QuotaEntity,
    entity_of,
    quota_user,
    values_of,
)
from ktb_action.topology.model import Quota
from ktb_action.validate.rules.base import Rule, RuleContext

_ENTITY_KEYS_HINT = (
    "name it with `principal: User:<name>` and/or `client_id: <id>`, or `default_user: true` "
    "/ `default_client_id: true` for every user / client id without a quota of its own"
)


_LONG_MAX = 2**63 - 1
"""Kafka keeps byte rates as Java longs."""


def _quotas(ctx: RuleContext) -> Iterator[Quota]:
    for topology in ctx.topologies:
        yield from topology.platform.quotas


def entity_problem(quota: Quota) -> tuple[str, str] | None:
    """Why an entry names no valid entity (message and hint), or None if it names one."""
    principal = quota.principal
    if principal is not None and quota.default_user:
        return (
            f"quota names the user `{principal}` and the default user",
            "keep `principal` for one user, or `default_user: true` for every user "
            "without a quota of their own",
        )
    if quota.client_id is not None and quota.default_client_id:
        return (
            f"quota names the client id `{quota.client_id}` and the default client id",
            "keep `client_id` for one client id, or `default_client_id: true` for every "
            "client id without a quota of its own",
        )
    if principal is not None and quota_user(principal) is None:
        return (
            f"quota principal `{principal}` is not a user",
            "Kafka keeps quotas for users and client ids: write `User:<name>`, or use `client_id:`",
        )
    if entity_of(quota) is None:
        return "quota names no user and no client id", _ENTITY_KEYS_HINT
    return None


def quota_entity(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """Entries that name no entity, or one in two contradicting ways."""
    for quota in _quotas(ctx):
        problem = entity_problem(quota)
        # A principal without `Type:` is `principal-invalid`'s finding; one is enough.
        if problem is not None and ":" in (quota.principal or ":"):
            yield rule.at(problem[0], quota.span, problem[1])


def quota_empty(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """Entries that name an entity but set no rate."""
    for quota in _quotas(ctx):
        entity = entity_of(quota)
        # A rate written but unreadable is the schema check's finding, not a missing rate.
        if entity is not None and not quota.value_spans:
            yield rule.at(
                f"quota of `{entity.address}` sets no rate",
                quota.span,
                "set "
                + ", ".join(f"`{key}`" for key in QUOTA_KEYS[:-1])
                + f" or `{QUOTA_KEYS[-1]}`, or remove the entry",
            )


def quota_value(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """Rates Kafka refuses or cannot hold: zero, a fraction of a byte per second, infinity,
    NaN, or a byte rate beyond a Java long."""
    for quota in _quotas(ctx):
        spans = dict(quota.value_spans)
        for key, value in values_of(quota).items():
            whole = key in WHOLE_NUMBER_KEYS
            # NaN compares false to everything: `value < 0` does not skip it.
            if not math.isfinite(value) or (whole and value > _LONG_MAX):
                shown = int(value) if math.isfinite(value) and value.is_integer() else value
                yield rule.at(
                    f"`{key}` is `{shown}`, which Kafka cannot hold",
                    spans.get(key, quota.span),
                    f"write a whole number from 1 to {_LONG_MAX:,}"
                    if whole
                    else "write a finite number greater than 0",
                )
                continue
            if value < 0:
                continue  # the schema check's finding (`schema-type`)
            if value == 0:
                yield rule.at(
                    f"`{key}` must be greater than 0",
                    spans.get(key, quota.span),
                    "Kafka refuses a quota of 0: write a small rate (e.g. `1`), or delete "
                    "the key to lift the quota",
                )
            elif whole and not value.is_integer():
                yield rule.at(
                    f"`{key}` must be a whole number of bytes per second, found `{value}`",
                    spans.get(key, quota.span),
                    f"write `{round(value) or 1}`",
                )


def quota_duplicate(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """The same entity in two entries (of any file or context of the run)."""
    first: dict[QuotaEntity, Span | None] = {}
    for quota in _quotas(ctx):
        entity = entity_of(quota)
        if entity is None:
            continue
        if entity not in first:
            first[entity] = quota.span
            continue
        where = first[entity]
        yield rule.at(
            f"quota of `{entity.address}` is already declared"
            + (f" at {location(where)}" if where is not None else ""),
            quota.span,
            "merge the two entries into one: Kafka keeps one set of quotas per entity",
        )


RULES = (
    Rule("quota-entity", Severity.ERROR, "a quota names no valid entity", quota_entity),
    Rule("quota-empty", Severity.WARNING, "a quota sets no rate", quota_empty),
    Rule("quota-value", Severity.ERROR, "a quota rate Kafka refuses", quota_value),
    Rule("quota-duplicate", Severity.ERROR, "an entity has two quota entries", quota_duplicate),
)
