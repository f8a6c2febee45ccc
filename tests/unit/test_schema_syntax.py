"""`ktb validate` parses every schema file a topic names, and a syntax error is a finding at
its line and column, in each format the registry takes."""

from __future__ import annotations

from pathlib import Path

import pytest

from ktb_action.diagnostics import Diagnostic, Span
from ktb_action.pipeline import load_topologies

TOPOLOGY = """context: ctx
projects:
  - name: p
    topics:
      - name: t
        schemas:
          value.schema.file: {file}
          value.format: {format}
"""


def findings(tmp_path: Path, file: str, text: str, schema_format: str) -> list[Diagnostic]:
    (tmp_path / file).write_text(text)
    (tmp_path / "topology.yaml").write_text(TOPOLOGY.format(file=file, format=schema_format))
    loaded = load_topologies([tmp_path / "topology.yaml"], tmp_path, None)
    return [d for d in loaded.diagnostics if d.rule == "schema-syntax"]


@pytest.mark.parametrize(
    ("file", "text", "schema_format"),
    [
        ("a.avsc", '{"type": "record", "name": "A", "fields": []}', "AVRO"),
        ("a.json", '{"type": "object", "properties": {"a": {"type": "string"}}}', "JSON"),
        ("a.proto", 'syntax = "proto3";\nmessage A {\n  string a = 1;\n}\n', "PROTOBUF"),
    ],
)
def test_a_valid_schema_has_no_finding(
    tmp_path: Path, file: str, text: str, schema_format: str
) -> None:
    assert findings(tmp_path, file, text, schema_format) == []


def test_an_unknown_avro_type_is_an_error_at_the_type_name(tmp_path: Path) -> None:
    text = '{"type": "record", "name": "A",\n "fields": [{"name": "a", "type": "strin"}]}'
    [finding] = findings(tmp_path, "a.avsc", text, "AVRO")
    assert finding.span == Span("a.avsc", 2, 35, 2, 42)
    assert finding.message.startswith("schema file `a.avsc` is not a valid AVRO schema: ")


def test_broken_json_in_an_avro_file_is_an_error_where_it_breaks(tmp_path: Path) -> None:
    text = '{"type": "record",\n "name": "A" "fields": []}'
    [finding] = findings(tmp_path, "a.avsc", text, "AVRO")
    assert finding.span == Span("a.avsc", 2, 14, 2, 15)


def test_a_json_schema_failing_its_meta_schema_is_an_error_at_the_bad_keyword(
    tmp_path: Path,
) -> None:
    text = '{"type": "object",\n "properties": {"a": {"type": 12}}}'
    [finding] = findings(tmp_path, "a.json", text, "JSON")
    assert finding.span == Span("a.json", 2, 31, 2, 33)


def test_a_protobuf_syntax_error_is_at_its_line_and_column(tmp_path: Path) -> None:
    text = 'syntax = "proto3";\nmessage A {\n  string a = 1\n}\n'
    [finding] = findings(tmp_path, "a.proto", text, "PROTOBUF")
    assert finding.span == Span("a.proto", 4, 1, 4, 2)
    assert "mismatched input '}'" in finding.message
