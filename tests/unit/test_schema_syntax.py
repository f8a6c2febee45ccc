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


REFERENCING = """context: ctx
projects:
  - name: p
    topics:
      - name: orders
        schemas:
          value.schema.file: order.avsc
          value.references:
            - name: com.acme.Address
              subject: {subject}
      - name: shipping
        schemas:
          value.schema.file: address.avsc
"""
ADDRESS = '{"type": "record", "name": "Address", "namespace": "com.acme", "fields": []}'


def referencing_findings(tmp_path: Path, field_type: str, subject: str) -> list[Diagnostic]:
    """The findings about `order.avsc`, whose field has `field_type`, referencing `subject`."""
    (tmp_path / "address.avsc").write_text(ADDRESS)
    (tmp_path / "order.avsc").write_text(
        '{"type": "record", "name": "Order", "namespace": "com.acme",\n'
        f' "fields": [{{"name": "to", "type": "{field_type}"}}]}}'
    )
    (tmp_path / "topology.yaml").write_text(REFERENCING.format(subject=subject))
    loaded = load_topologies([tmp_path / "topology.yaml"], tmp_path, None)
    return list(loaded.diagnostics)


def test_an_avro_schema_may_use_the_named_types_of_the_declared_subjects_it_references(
    tmp_path: Path,
) -> None:
    assert referencing_findings(tmp_path, "com.acme.Address", "ctx.p.shipping-value") == []


def test_an_avro_type_its_references_do_not_name_is_still_an_error(tmp_path: Path) -> None:
    [finding] = referencing_findings(tmp_path, "com.acme.Adress", "ctx.p.shipping-value")
    assert (finding.rule, finding.span) == ("schema-syntax", Span("order.avsc", 2, 36, 2, 53))


def test_an_avro_schema_referencing_a_subject_only_the_registry_has_is_checked_as_json_only(
    tmp_path: Path,
) -> None:
    assert referencing_findings(tmp_path, "com.acme.Address", "shared.addresses-value") == []
