"""SCRAM credentials on the cluster, through confluent-kafka's admin API.

Reading describes every user in one request. Altering sends as few requests as Kafka allows:
Kafka refuses a request that alters one user twice (`DUPLICATE_RESOURCE`, "a user credential
cannot be altered twice in the same request", even for two mechanisms), and confluent-kafka
keys its futures by user, so each request holds at most one alteration per user. Users are
batched, mechanisms of one user are not: a user with both mechanisms changed takes two.

Passwords reach confluent-kafka only inside the upsertion; every message is scrubbed of them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from confluent_kafka.admin import (
    ScramCredentialInfo,
    ScramMechanism,
    UserScramCredentialAlteration,
    UserScramCredentialDeletion,
    UserScramCredentialUpsertion,
)

from ktb_action.kafka.admin import AdminSession, request, wait
from ktb_action.kafka.config import REDACTED
from ktb_action.kinds.users.values import Mechanism, ScramCredential, ScramDeletion, ScramUpsert

_TO_KAFKA = {
    Mechanism.SCRAM_SHA_256: ScramMechanism.SCRAM_SHA_256,
    Mechanism.SCRAM_SHA_512: ScramMechanism.SCRAM_SHA_512,
}
_FROM_KAFKA = {kafka: ours for ours, kafka in _TO_KAFKA.items()}
_RESOURCE = "the cluster"


def read(session: AdminSession) -> dict[str, tuple[ScramCredential, ...]]:
    """Every user with SCRAM credentials and their credentials (sorted), in one request."""
    described = request(
        session, "DESCRIBE", _RESOURCE, session.admin.client.describe_user_scram_credentials
    )
    return {
        user: tuple(
            sorted(
                ScramCredential(_FROM_KAFKA[info.mechanism], info.iterations)
                for info in description.scram_credential_infos
                if info.mechanism in _FROM_KAFKA
            )
        )
        for user, description in described.items()
    }


def alter(
    session: AdminSession, upserts: Sequence[ScramUpsert], deletions: Sequence[ScramDeletion]
) -> dict[str, str | None]:
    """Apply the alterations; per user None when all of its alterations succeeded, or what
    failed (each failure prefixed by its mechanism). A cluster that cannot be reached or
    refuses the whole request raises `ClusterError`."""
    alterations: list[tuple[UserScramCredentialAlteration, Mechanism]] = [
        *((_upsertion(upsert), upsert.credential.mechanism) for upsert in upserts),
        *(
            (UserScramCredentialDeletion(d.user, _TO_KAFKA[d.mechanism]), d.mechanism)
            for d in deletions
        ),
    ]
    passwords = [secret for upsert in upserts if (secret := upsert.password.reveal())]
    failures: dict[str, list[str]] = {}
    for batch in _one_per_user(alterations):
        futures = request(
            session,
            "ALTER",
            _RESOURCE,
            session.admin.client.alter_user_scram_credentials,
            [a for a, _ in batch],
        )
        for alteration, mechanism in batch:
            _, message = wait(futures[alteration.user], session, "ALTER", _RESOURCE)
            found = failures.setdefault(alteration.user, [])
            if message is not None:
                found.append(f"{mechanism}: {_scrub(message, passwords)}")
    return {user: "; ".join(found) or None for user, found in failures.items()}


def _upsertion(upsert: ScramUpsert) -> UserScramCredentialUpsertion:
    info = ScramCredentialInfo(_TO_KAFKA[upsert.credential.mechanism], upsert.credential.iterations)
    return UserScramCredentialUpsertion(upsert.user, info, upsert.password.reveal().encode())


def _one_per_user(
    alterations: Sequence[tuple[UserScramCredentialAlteration, Mechanism]],
) -> Iterator[list[tuple[UserScramCredentialAlteration, Mechanism]]]:
    """Requests in which no user appears twice: the n-th request holds each user's n-th
    alteration, so there are as many requests as one user has alterations at most."""
    per_user: dict[str, list[tuple[UserScramCredentialAlteration, Mechanism]]] = {}
    for entry in alterations:
        per_user.setdefault(entry[0].user, []).append(entry)
    rounds = max((len(entries) for entries in per_user.values()), default=0)
    for n in range(rounds):
        yield [entries[n] for entries in per_user.values() if n < len(entries)]


def _scrub(message: str, passwords: Sequence[str]) -> str:
    # Kafka's messages do not quote passwords; should one ever do, it still goes no further.
    for password in passwords:
        message = message.replace(password, REDACTED)
    return message
