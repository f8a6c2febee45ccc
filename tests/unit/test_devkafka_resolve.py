"""The jar cache: the completeness marker and when Maven runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from ktb_action.devkafka import resolve
from ktb_action.devkafka.errors import DevKafkaError
from ktb_action.devkafka.settings import Settings


def _jars(folder: Path, *names: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes(b"PK")


def test_folder_without_marker_is_incomplete(tmp_path: Path) -> None:
    _jars(tmp_path, "kafka_2.13-4.4.0.jar")

    assert not resolve.libs_complete(tmp_path)


def test_marker_lists_the_jars_sorted_and_makes_the_folder_complete(tmp_path: Path) -> None:
    _jars(tmp_path, "b.jar", "a.jar")

    resolve.write_marker(tmp_path)

    assert (tmp_path / resolve.MARKER_NAME).read_text() == "a.jar\nb.jar\n"
    assert resolve.libs_complete(tmp_path)


def test_folder_missing_a_jar_listed_in_its_marker_is_incomplete(tmp_path: Path) -> None:
    _jars(tmp_path, "a.jar", "b.jar")
    resolve.write_marker(tmp_path)
    (tmp_path / "b.jar").unlink()

    assert not resolve.libs_complete(tmp_path)


def test_empty_marker_is_incomplete(tmp_path: Path) -> None:
    (tmp_path / resolve.MARKER_NAME).write_text("")

    assert not resolve.libs_complete(tmp_path)


def test_marker_refuses_a_folder_without_jars(tmp_path: Path) -> None:
    with pytest.raises(DevKafkaError, match="no jars"):
        resolve.write_marker(tmp_path)


def test_maven_command_copies_runtime_dependencies_of_the_pinned_version() -> None:
    command = resolve.maven_command("mvn", Path("/p/pom.xml"), "4.4.0", Path("/out"))

    assert command == [
        "mvn",
        "-q",
        "-B",
        "-f",
        "/p/pom.xml",
        "dependency:copy-dependencies",
        "-Dkafka.version=4.4.0",
        "-DoutputDirectory=/out",
        "-DincludeScope=runtime",
    ]


def test_complete_cache_is_used_without_looking_for_maven(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(version="4.4.0", cache_root=tmp_path, state_dir=tmp_path / "state")
    _jars(settings.libs_dir, "kafka_2.13-4.4.0.jar")
    resolve.write_marker(settings.libs_dir)
    monkeypatch.setattr(resolve.shutil, "which", lambda _name: pytest.fail("looked for mvn"))
    messages: list[str] = []

    assert resolve.ensure_libs(settings, messages.append) == settings.libs_dir
    assert messages == []


def test_incomplete_cache_without_maven_is_an_error_naming_mvn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(version="4.4.0", cache_root=tmp_path, state_dir=tmp_path / "state")
    monkeypatch.setattr(resolve.shutil, "which", lambda _name: None)

    with pytest.raises(DevKafkaError, match="`mvn` not found"):
        resolve.ensure_libs(settings, lambda _message: None)
