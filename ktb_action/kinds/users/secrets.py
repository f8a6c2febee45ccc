"""Passwords of SCRAM users, read from their references at apply time and never shown.

A `Secret` prints as `[redacted]` wherever it ends up (a message, a repr, a log line, a
traceback's locals); only `reveal()` gives the password, and only the Kafka adapter calls it.
Errors name the reference, never what it resolves to.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ktb_action.errors import UsageError
from ktb_action.redact import REDACTED
from ktb_action.topology.model import PasswordRef

MAX_PASSWORD_BYTES = 65536
"""More is not a password but the wrong file (or a device that never ends)."""


class Secret:
    """A password whose text form is `[redacted]`."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The password itself, for the request that sets it."""
        return self._value

    def __repr__(self) -> str:
        return f"Secret({REDACTED})"

    def __str__(self) -> str:
        return REDACTED

    def __reduce__(self) -> tuple[object, ...]:
        # Pickling would write the password into whatever stores the pickle.
        raise TypeError("a Secret cannot be pickled")


class SecretError(UsageError):
    """A password reference that cannot be resolved (a setting of the apply run to fix)."""


def resolve_password(ref: PasswordRef, env: Mapping[str, str], root: Path, *, user: str) -> Secret:
    """The password `ref` points at: the variable's value, or the file's text without one
    trailing newline (a relative path is relative to the topology file's directory below
    `root`, the repository root). Raises `SecretError` naming `user` and the reference."""
    where = f"the password of user `{user}` (`{ref}`)"
    if ref.source == "env":
        value = env.get(ref.target)
        if value is None:
            raise SecretError(
                f"{where}: environment variable `{ref.target}` is not set",
                hint=f"set `{ref.target}` in the environment of the apply job, e.g. from a "
                "secret of the CI platform",
            )
    else:
        value = _read_file(_file_path(ref, root), where)
    if not value:
        raise SecretError(f"{where} is empty", hint="Kafka refuses an empty SCRAM password")
    return Secret(value)


def _file_path(ref: PasswordRef, root: Path) -> Path:
    path = Path(ref.target)
    return path if path.is_absolute() else root / ref.base / path


def _read_file(path: Path, where: str) -> str:
    try:
        with path.open("rb") as file:
            data = file.read(MAX_PASSWORD_BYTES + 1)
    except FileNotFoundError:
        raise SecretError(
            f"{where}: file `{path}` does not exist",
            hint="a relative path is relative to the topology file's directory; an absolute "
            "path (e.g. a mounted secret) is read as it is",
        ) from None
    except OSError as error:
        raise SecretError(f"{where}: file `{path}` cannot be read: {error.strerror}") from None
    if len(data) > MAX_PASSWORD_BYTES:
        raise SecretError(
            f"{where}: file `{path}` is longer than {MAX_PASSWORD_BYTES} bytes",
            hint="the file must hold only the password",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # The decoder's own message quotes a byte of the password.
        raise SecretError(f"{where}: file `{path}` is not UTF-8") from None
    for newline in ("\r\n", "\n"):
        if text.endswith(newline):
            return text.removesuffix(newline)
    return text
