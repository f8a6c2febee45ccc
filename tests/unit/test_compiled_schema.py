"""The topology schema's fastjsonschema validator, compiled once and kept in the user's
cache (`ktb_action.validate.compiled_schema`)."""

from __future__ import annotations

from pathlib import Path

import fastjsonschema
import pytest

from ktb_action.validate.compiled_schema import cache_folder, compiled

SCHEMA = {
    "$id": "https://example.test/topology.schema.json",
    "type": "object",
    "properties": {"name": {"type": "string"}},
    "required": ["name"],
}


def _verdicts(validate: fastjsonschema.Validator) -> list[bool]:
    verdicts = []
    for document in ({"name": "orders"}, {"name": 3}, {}):
        try:
            validate(document)
            verdicts.append(True)
        except fastjsonschema.JsonSchemaException:
            verdicts.append(False)
    return verdicts


def test_a_compiled_schema_validates_as_fastjsonschema_does(tmp_path: Path) -> None:
    assert _verdicts(compiled(SCHEMA, tmp_path)) == [True, False, False]


def test_the_next_run_reads_the_compiled_schema_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled(SCHEMA, tmp_path)

    def not_again(*_: object, **__: object) -> str:
        raise AssertionError("compiled again")

    monkeypatch.setattr(fastjsonschema, "compile_to_code", not_again)
    assert _verdicts(compiled(SCHEMA, tmp_path)) == [True, False, False]


def test_a_changed_schema_is_compiled_afresh(tmp_path: Path) -> None:
    compiled(SCHEMA, tmp_path)
    loose = compiled({**SCHEMA, "required": []}, tmp_path)
    assert _verdicts(loose) == [True, False, True]
    assert len(list(tmp_path.iterdir())) == 2


def test_a_damaged_cache_file_is_compiled_again_and_replaced(tmp_path: Path) -> None:
    compiled(SCHEMA, tmp_path)
    (kept,) = tmp_path.iterdir()
    kept.write_bytes(b"not marshal data")
    assert _verdicts(compiled(SCHEMA, tmp_path)) == [True, False, False]
    assert kept.read_bytes() != b"not marshal data"


def test_a_cache_that_cannot_be_written_still_gives_a_validator(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    assert _verdicts(compiled(SCHEMA, blocked / "validators")) == [True, False, False]


def test_the_cache_follows_xdg_cache_home(tmp_path: Path) -> None:
    assert cache_folder({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "ktb-action" / "validators"
