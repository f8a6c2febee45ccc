"""SCRAM users as the users kind compares them, and their compilation from topologies.

Kafka never returns a password, only each credential's mechanism and iterations: those are
the values compared. The password stays a reference (`PasswordRef`) until apply time.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from ktb_action.diagnostics import Span
from ktb_action.kinds.users.secrets import Secret
from ktb_action.topology.model import PasswordRef, ScramUser, Topology


class Mechanism(StrEnum):
    """The SCRAM mechanisms Kafka supports, by their SASL names."""

    SCRAM_SHA_256 = "SCRAM-SHA-256"
    SCRAM_SHA_512 = "SCRAM-SHA-512"


DEFAULT_MECHANISM = Mechanism.SCRAM_SHA_512
MIN_ITERATIONS = 4096
"""Kafka's minimum for both mechanisms (`ScramMechanism.minIterations`)."""
MAX_ITERATIONS = 16384
"""Kafka's maximum (`ScramControlManager.MAX_ITERATIONS`): more is refused as unacceptable."""
DEFAULT_ITERATIONS = MIN_ITERATIONS
"""What `kafka-configs --add-config SCRAM-SHA-512=[password=…]` uses; more only slows logins."""
USER_PREFIX = "User:"

_NAME = re.compile(r"^\S(?:.*\S)?$")
_WHOLE_NUMBER = re.compile(r"^\s*\+?\d+\s*$")


@dataclass(frozen=True, slots=True, order=True)
class ScramCredential:
    """One credential of a user, as Kafka describes it."""

    mechanism: Mechanism
    iterations: int


@dataclass(frozen=True, slots=True)
class UserSpec:
    """A SCRAM user as the users kind compares it: its credentials (sorted by mechanism).
    A declared user also says where its password is read at apply time, its rotation token,
    and whether this run was asked to set its password again; Kafka tells none of these."""

    name: str
    """The SASL username (the principal without `User:`)."""
    credentials: tuple[ScramCredential, ...]
    password: PasswordRef | None = field(default=None, compare=False)
    password_version: str | None = field(default=None, compare=False)
    span: Span | None = field(default=None, compare=False, hash=False)
    """Where the user's `principal` is written."""
    rotate: bool = field(default=False, compare=False)


def user_name(principal: str) -> str | None:
    """The SASL username of a `User:<name>` principal; None for any other principal."""
    name = principal.removeprefix(USER_PREFIX)
    if name == principal or not _NAME.match(name):
        return None
    return name


def iterations_of(user: ScramUser) -> int | None:
    """The user's iteration count (the default when unset); None when it is not a number."""
    if user.iterations is None:
        return DEFAULT_ITERATIONS
    return int(user.iterations) if _WHOLE_NUMBER.match(user.iterations) else None


def mechanisms_of(user: ScramUser) -> tuple[Mechanism, ...]:
    """The user's known mechanisms, sorted, each once (the default when none is written)."""
    known = {m for text in user.mechanisms if (m := _mechanism(text)) is not None}
    return tuple(sorted(known)) if user.mechanisms else (DEFAULT_MECHANISM,)


def declared_users(topologies: Sequence[Topology]) -> Iterator[ScramUser]:
    """Every user entry of every topology, in file order."""
    for topology in topologies:
        yield from topology.platform.users


def compile_users(
    topologies: Sequence[Topology], rotate: Collection[str] = ()
) -> tuple[UserSpec, ...]:
    """The desired users of validated topologies, sorted by name.

    Entries the `user-*` rules report (not `User:`, no password reference, iterations out
    of Kafka's range) are left out, and a user declared twice counts once (the first). The
    users whose principals `rotate` names get their password set again.
    """
    desired: dict[str, UserSpec] = {}
    for user in declared_users(topologies):
        name = user_name(user.principal)
        iterations = iterations_of(user)
        if name is None or name in desired or user.password is None or iterations is None:
            continue
        if not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS:
            continue
        credentials = tuple(ScramCredential(m, iterations) for m in mechanisms_of(user))
        if credentials:
            desired[name] = UserSpec(
                name,
                credentials,
                user.password,
                user.password_version,
                user.span,
                rotate=user.principal in rotate,
            )
    return tuple(desired[name] for name in sorted(desired))


def _mechanism(text: str) -> Mechanism | None:
    try:
        return Mechanism(text)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class ScramUpsert:
    """Create or replace one credential of a user (its repr shows no password)."""

    user: str
    credential: ScramCredential
    password: Secret


@dataclass(frozen=True, slots=True)
class ScramDeletion:
    """Remove one credential of a user; a user without credentials cannot log in."""

    user: str
    mechanism: Mechanism
