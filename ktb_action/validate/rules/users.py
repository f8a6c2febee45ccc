"""SCRAM users (`platform.kafka.users`): who they are, how their password is given, and the
iteration counts Kafka accepts. Mechanism names are checked by the schema."""

from __future__ import annotations

from collections.abc import Iterator

from ktb_action.diagnostics import Diagnostic, Severity, Span, location
from ktb_action.kinds.users.values import (
    DEFAULT_ITERATIONS,
    MAX_ITERATIONS,
    MIN_ITERATIONS,
    declared_users,
    iterations_of,
    user_name,
)
from ktb_action.validate.rules.base import Rule, RuleContext

_REFERENCE_HINT = (
    "write `${env:NAME}` (an environment variable of the apply job) or `${file:path}` (a "
    "file, relative to this topology file's directory); a password once committed is known "
    "to everyone who can read the repository's history: choose a new one"
)


def principal_invalid(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """A SCRAM user is a `User:` principal with a non-empty name (the SASL username)."""
    for user in declared_users(ctx.topologies):
        if user_name(user.principal) is None:
            yield rule.at(
                f"user `{user.principal}` is not of the form `User:name`",
                user.span,
                "write the SASL username after `User:`, e.g. `User:alice`",
            )


def password_literal(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """A password must be a reference; the value is never repeated in the message."""
    for user in declared_users(ctx.topologies):
        if user.password is None and user.password_span is not None:
            yield rule.at(
                f"the password of user `{user.principal}` is not a `${{env:…}}` or "
                "`${file:…}` reference",
                user.password_span,
                _REFERENCE_HINT,
            )


def duplicate(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """A user declared twice (in any file of any context: users belong to the cluster), or a
    mechanism listed twice for one user."""
    first: dict[str, Span | None] = {}
    for user in declared_users(ctx.topologies):
        known = user.principal in first
        seen = first.setdefault(user.principal, user.span)
        if known and seen is not None:
            yield rule.at(
                f"user `{user.principal}` is already declared at {location(seen)}",
                user.span,
                "declare each user once; list all its mechanisms under `mechanism`",
            )
        listed: set[str] = set()
        for mechanism, span in zip(user.mechanisms, user.mechanism_spans, strict=True):
            if mechanism in listed:
                yield rule.at(
                    f"mechanism `{mechanism}` is listed twice for user `{user.principal}`",
                    span,
                    "list each mechanism once",
                )
            listed.add(mechanism)


def iterations_invalid(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """Kafka refuses fewer than 4096 or more than 16384 iterations."""
    for user in declared_users(ctx.topologies):
        count = iterations_of(user)
        if count is None or MIN_ITERATIONS <= count <= MAX_ITERATIONS:
            continue  # not a number: the schema check reports it
        bound = (
            f"below Kafka's minimum of {MIN_ITERATIONS}"
            if count < MIN_ITERATIONS
            else f"above Kafka's maximum of {MAX_ITERATIONS}"
        )
        yield rule.at(
            f"user `{user.principal}` has {count} iterations, {bound}",
            user.iterations_span,
            f"write a number from {MIN_ITERATIONS} to {MAX_ITERATIONS}, or leave `iterations` "
            f"out for {DEFAULT_ITERATIONS}",
        )


RULES = (
    Rule(
        "user-principal-invalid",
        Severity.ERROR,
        "a SCRAM user is not `User:name`",
        principal_invalid,
    ),
    Rule(
        "user-password-literal",
        Severity.ERROR,
        "a SCRAM user's password is written, not referenced",
        password_literal,
    ),
    Rule(
        "user-duplicate", Severity.ERROR, "a SCRAM user or mechanism is declared twice", duplicate
    ),
    Rule(
        "user-iterations-invalid",
        Severity.ERROR,
        "iterations outside Kafka's 4096 to 16384",
        iterations_invalid,
    ),
)
