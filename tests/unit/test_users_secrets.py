"""Resolving password references at apply time: values, files, and errors naming only the
reference; a resolved password never shows itself."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from ktb_action.errors import EXIT_USAGE
from ktb_action.kinds.users.secrets import Secret, SecretError, resolve_password
from ktb_action.topology.model import PasswordRef

PASSWORD = "correct-horse-battery-staple"


def _resolve(ref: PasswordRef, root: Path, env: dict[str, str] | None = None) -> str:
    return resolve_password(ref, env or {}, root, user="alice").reveal()


def _error(ref: PasswordRef, root: Path, env: dict[str, str] | None = None) -> SecretError:
    with pytest.raises(SecretError) as raised:
        resolve_password(ref, env or {}, root, user="alice")
    return raised.value


def test_an_environment_reference_is_the_variable_s_value(tmp_path: Path) -> None:
    assert _resolve(PasswordRef("env", "ALICE"), tmp_path, {"ALICE": PASSWORD}) == PASSWORD


def test_an_unset_variable_is_a_usage_error_naming_the_user_and_the_reference(
    tmp_path: Path,
) -> None:
    error = _error(PasswordRef("env", "ALICE"), tmp_path)
    assert (error.message, error.exit_code) == (
        "the password of user `alice` (`${env:ALICE}`): environment variable `ALICE` is not set",
        EXIT_USAGE,
    )


def test_an_empty_password_is_refused(tmp_path: Path) -> None:
    error = _error(PasswordRef("env", "ALICE"), tmp_path, {"ALICE": ""})
    assert error.message == "the password of user `alice` (`${env:ALICE}`) is empty"


def test_a_relative_file_is_read_from_the_topology_file_s_directory(tmp_path: Path) -> None:
    (tmp_path / "teams" / "secrets").mkdir(parents=True)
    (tmp_path / "teams" / "secrets" / "alice").write_text(PASSWORD + "\n", encoding="utf-8")
    assert _resolve(PasswordRef("file", "secrets/alice", "teams"), tmp_path) == PASSWORD


def test_an_absolute_file_is_read_as_it_is(tmp_path: Path) -> None:
    secret = tmp_path / "mounted" / "alice"
    secret.parent.mkdir()
    secret.write_bytes(PASSWORD.encode() + b"\r\n")
    assert _resolve(PasswordRef("file", str(secret), "teams"), tmp_path / "repo") == PASSWORD


@pytest.mark.parametrize(
    ("content", "password"),
    [(b"pw", "pw"), (b"pw\n", "pw"), (b"pw\n\n", "pw\n"), (b" pw \n", " pw ")],
)
def test_only_one_trailing_newline_is_removed_from_a_file(
    tmp_path: Path, content: bytes, password: str
) -> None:
    (tmp_path / "alice").write_bytes(content)
    assert _resolve(PasswordRef("file", "alice"), tmp_path) == password


def test_a_missing_file_is_an_error_naming_its_path(tmp_path: Path) -> None:
    error = _error(PasswordRef("file", "alice", "teams"), tmp_path)
    assert error.message == (
        f"the password of user `alice` (`${{file:alice}}`): file `{tmp_path}/teams/alice` "
        "does not exist"
    )


def test_a_file_that_never_ends_is_refused_after_the_longest_password(tmp_path: Path) -> None:
    error = _error(PasswordRef("file", "/dev/zero"), tmp_path)
    assert error.message == (
        "the password of user `alice` (`${file:/dev/zero}`): file `/dev/zero` is longer than "
        "65536 bytes"
    )


def test_a_file_that_is_not_utf8_is_an_error_that_quotes_no_byte(tmp_path: Path) -> None:
    (tmp_path / "alice").write_bytes(b"pass\xffword")
    error = _error(PasswordRef("file", "alice"), tmp_path)
    assert error.message == (
        f"the password of user `alice` (`${{file:alice}}`): file `{tmp_path}/alice` is not UTF-8"
    )
    assert (error.__cause__, error.__suppress_context__) == (None, True)


def test_a_secret_shows_itself_only_when_revealed() -> None:
    secret = Secret(PASSWORD)
    assert (repr(secret), str(secret), f"{secret}", secret.reveal()) == (
        "Secret([redacted])",
        "[redacted]",
        "[redacted]",
        PASSWORD,
    )


def test_a_secret_cannot_be_pickled() -> None:
    with pytest.raises(TypeError):
        pickle.dumps(Secret(PASSWORD))
