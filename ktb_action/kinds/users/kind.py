"""The SCRAM users kind: users created, their credentials changed or their password set
again on request, and users removed, behind `ResourceKind`.

Kafka never returns a password, only each credential's mechanism and iterations: those are
compared. A password is read from its reference only when apply sets it, and never leaves
the `Secret` that holds it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ktb_action.core.compare import creation
from ktb_action.core.kind import Declared, Phase, Results
from ktb_action.core.plan import Address, Change, Verb
from ktb_action.core.scope import Scope, blocked_by, outside_managed_prefixes
from ktb_action.kinds.users.secrets import SecretError, resolve_password
from ktb_action.kinds.users.values import (
    USER_PREFIX,
    Mechanism,
    ScramCredential,
    ScramDeletion,
    ScramUpsert,
    UserSpec,
    compile_users,
)
from ktb_action.servers import Servers
from ktb_action.settings import Settings
from ktb_action.topology.model import PasswordRef, Topology

KIND = "user"


def _spec(value: object) -> UserSpec:
    if not isinstance(value, UserSpec):
        raise TypeError(f"a user change holds {type(value).__name__}, not a user")
    return value


def _set(servers: Servers, changes: Sequence[Change]) -> Results:
    """Set every credential a user declares, from its password reference, and remove the
    mechanisms it no longer declares. A reference that cannot be resolved fails its user."""
    upserts: list[ScramUpsert] = []
    deletions: list[ScramDeletion] = []
    failures: Results = {}
    for change in changes:
        after = _spec(change.after)
        if after.password is None:
            failures[after.name] = "no password reference to set the credentials from"
            continue
        try:
            secret = resolve_password(
                after.password, servers.secrets.env, servers.secrets.root, user=after.name
            )
        except SecretError as error:
            failures[after.name] = error.message
            continue
        upserts += [ScramUpsert(after.name, c, secret) for c in after.credentials]
        kept = {c.mechanism for c in after.credentials}
        before = _spec(change.before).credentials if change.before is not None else ()
        deletions += [
            ScramDeletion(after.name, c.mechanism) for c in before if c.mechanism not in kept
        ]
    results = servers.writer().alter_users(upserts, deletions) if upserts or deletions else {}
    return {**results, **failures}


def _remove(servers: Servers, changes: Sequence[Change]) -> Results:
    """Remove every credential of each user: it can no longer log in."""
    deletions = [
        ScramDeletion(c.name, credential.mechanism)
        for c in changes
        for credential in _spec(c.before).credentials
    ]
    return servers.writer().alter_users((), deletions)


def _credential_line(credential: ScramCredential) -> str:
    return f"{credential.mechanism}: {credential.iterations} iterations"


def _password_line(user: UserSpec, verb: str) -> list[str]:
    if user.password is None:
        return []
    version = f", password_version {user.password_version}" if user.password_version else ""
    asked = " (rotation asked for)" if user.rotate else ""
    return [f"password: {verb} from {user.password}{version}{asked}"]


class UserKind:
    """SCRAM users: set after topics and before the ACLs that name them; removed after
    those ACLs are revoked."""

    name = KIND
    plural = "users"
    delete_setting = "users"
    phases = (
        Phase(30, frozenset({Verb.CREATE, Verb.UPDATE}), _set),
        Phase(80, frozenset({Verb.DELETE}), _remove),
    )

    def compile(
        self, topologies: Sequence[Topology], settings: Settings
    ) -> dict[str, Declared[UserSpec]]:
        """Every user the topologies declare, by name."""
        return {
            user.name: Declared(user, user.span)
            for user in compile_users(topologies, settings.rotate_passwords)
        }

    def read(
        self, servers: Servers, desired: Mapping[str, Declared[UserSpec]], scope: Scope
    ) -> dict[str, UserSpec]:
        """Every user's credentials, in one request; none at all when the run declares no
        user and manages no principal (nothing could be compared)."""
        if not desired and not scope.principal_prefixes:
            return {}
        found = servers.kafka.read_users()
        return {name: UserSpec(name, credentials) for name, credentials in sorted(found.items())}

    def diff(
        self, name: str, want: Declared[UserSpec], have: UserSpec | None, scope: Scope
    ) -> Change | None:
        """Created when missing (unless outside the managed principal prefixes, as JulieOps
        creates no principal outside them); updated when its credentials differ, or when a
        rotation of its password is asked for (Kafka keeps no password to compare)."""
        if have is None:
            principal, prefixes = USER_PREFIX + name, scope.principal_prefixes
            reason = outside_managed_prefixes(principal, prefixes, "managed_prefixes.principals")
            return blocked_by(creation(KIND, name, want), reason)
        if have == want.value and not want.value.rotate:
            return None
        return Change(Verb.UPDATE, Address(KIND, name), have, want.value, want.source)

    def owned(
        self, desired: Mapping[str, Declared[UserSpec]], scope: Scope
    ) -> Callable[[str, UserSpec], bool]:
        """Users whose principal the settings' managed principal prefixes cover."""
        prefixes = scope.principal_prefixes
        return lambda name, _: bool(prefixes) and (USER_PREFIX + name).startswith(prefixes)

    def settle(self, servers: Servers) -> None:
        """See `ResourceKind.settle`."""
        servers.writer().wait_until_visible()

    def encode(self, value: UserSpec) -> dict[str, Any]:
        """Credentials, the password's reference (never a password), the rotation token
        and whether a rotation was asked for."""
        ref = value.password
        return {
            "credentials": [
                {"mechanism": str(c.mechanism), "iterations": c.iterations}
                for c in value.credentials
            ],
            "password": None
            if ref is None
            else {"source": ref.source, "target": ref.target, "base": ref.base},
            "password_version": value.password_version,
            "rotate": value.rotate,
        }

    def decode(self, data: Mapping[str, Any], name: str) -> UserSpec:
        """See `ResourceKind.decode`."""
        credentials = tuple(
            ScramCredential(Mechanism(c["mechanism"]), _whole(c["iterations"]))
            for c in data["credentials"]
        )
        ref = data["password"]
        password = None
        if ref is not None:
            if ref["source"] not in ("env", "file"):
                raise ValueError(f"password source {ref['source']!r} is not `env` or `file`")
            password = PasswordRef(str(ref["source"]), str(ref["target"]), str(ref["base"]))
        version = data["password_version"]
        return UserSpec(
            name,
            credentials,
            password,
            None if version is None else str(version),
            rotate=data["rotate"] is True,
        )

    def describe(self, change: Change) -> list[str]:
        """Each credential; for an update, what changes and that the password is set again."""
        if change.verb is Verb.DELETE:
            return [_credential_line(c) for c in _spec(change.before).credentials]
        after = _spec(change.after)
        if change.verb is Verb.CREATE:
            return [*map(_credential_line, after.credentials), *_password_line(after, "set")]
        before = {c.mechanism: c for c in _spec(change.before).credentials}
        lines = []
        for credential in after.credentials:
            old = before.pop(credential.mechanism, None)
            if old is None:
                lines.append(f"+ {_credential_line(credential)}")
            elif old != credential:
                lines.append(
                    f"~ {credential.mechanism}: {old.iterations} -> "
                    f"{credential.iterations} iterations"
                )
        lines += [f"- {_credential_line(c)}" for c in before.values()]
        return [*lines, *_password_line(after, "set again")]


def _whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"iterations must be a whole number, not {value!r}")
    return value


USERS = UserKind()
