"""Finding the schema file: the wheel's copy inside the package, else the checkout's."""

from __future__ import annotations

from pathlib import Path

import pytest

from ktb_action import schema_path as module
from ktb_action.schema_path import SCHEMA_NAME, schema_document, schema_path


def test_schema_path_in_a_checkout_is_the_repository_schema() -> None:
    assert schema_path() == Path(module.__file__).resolve().parent.parent / "schema" / SCHEMA_NAME
    assert schema_path().is_file()


def test_schema_path_prefers_the_copy_installed_in_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    installed = tmp_path / "ktb_action" / "_schema" / SCHEMA_NAME
    installed.parent.mkdir(parents=True)
    installed.write_text("{}", encoding="utf-8")
    monkeypatch.setattr(module, "_PACKAGE", tmp_path / "ktb_action")
    assert schema_path() == installed


def test_schema_document_is_the_parsed_schema() -> None:
    assert schema_document()["required"] == ["context"]
