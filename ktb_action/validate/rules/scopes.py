"""Rules about what a run manages: contexts whose scopes overlap, topics and principals
outside the managed prefixes."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

from ktb_action.diagnostics import Diagnostic, Severity, location
from ktb_action.topology.naming import context_prefix
from ktb_action.validate.rules.base import Rule, RuleContext
from ktb_action.validate.rules.principals import principals


def context_overlap(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """Context `s` manages every name under `s.`, so with deletion allowed it would delete
    the topics of context `s.c` read in the same run: both cannot be managed together."""
    separator = ctx.settings.naming.separator
    seen: list[tuple[str, str]] = []
    for topology in ctx.topologies:
        prefix = context_prefix(topology, ctx.settings.naming)
        for other, where in seen:
            inner, outer = sorted((prefix, other), key=len, reverse=True)
            if inner != outer and inner.startswith(outer + separator):
                yield rule.at(
                    f"the scope of context `{prefix}` overlaps the scope of context `{other}` "
                    f"(declared at {where}): `{outer}` would manage the names of `{inner}`",
                    topology.span,
                    "give the contexts names of which neither starts the other, or set "
                    "managed_prefixes.topics to say which names this run manages",
                )
        if topology.span is not None:
            seen.append((prefix, location(topology.span)))


def topic_outside_managed_prefixes(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """JulieOps creates only the topics under `topology.topic.managed.prefixes` and skips the
    others without a word; ktb skips them too (the plan shows them blocked), and says so."""
    prefixes = ctx.settings.topic_managed_prefixes
    listed = _listed(prefixes)
    for named in ctx.topics if prefixes else ():
        if not named.full_name.startswith(prefixes):
            yield rule.at(
                f"topic `{named.full_name}` is outside the managed prefixes {listed}: "
                "it is not created (JulieOps skips it too)",
                named.topic.span,
                "add a prefix of it to `managed_prefixes.topics` (JulieOps "
                "`topology.topic.managed.prefixes`), or remove the topic",
            )


def principal_outside_managed_prefixes(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """JulieOps binds and creates only the principals under
    `topology.service.accounts.managed.prefixes`; ktb neither, and says so at each place."""
    prefixes = ctx.settings.principal_managed_prefixes
    listed = _listed(prefixes)
    for topology in ctx.topologies if prefixes else ():
        users = ((user.principal, user.span) for user in topology.platform.users)
        for principal, span in chain(principals(topology), users):
            if not principal.startswith(prefixes):
                yield rule.at(
                    f"principal `{principal}` is outside the managed prefixes {listed}: "
                    "no binding or SCRAM user is created for it (JulieOps skips it too)",
                    span,
                    "add a prefix of it to `managed_prefixes.principals` (JulieOps "
                    "`topology.service.accounts.managed.prefixes`), or remove it",
                )


def _listed(prefixes: tuple[str, ...]) -> str:
    return ", ".join(f"`{prefix}`" for prefix in prefixes)


RULES = (
    Rule(
        "context-overlap",
        Severity.ERROR,
        "one context's names lie inside another's",
        context_overlap,
    ),
    Rule(
        "topic-outside-managed-prefixes",
        Severity.WARNING,
        "a declared topic the managed prefixes leave out",
        topic_outside_managed_prefixes,
    ),
    Rule(
        "principal-outside-managed-prefixes",
        Severity.WARNING,
        "a declared principal the managed prefixes leave out",
        principal_outside_managed_prefixes,
    ),
)
