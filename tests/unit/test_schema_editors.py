"""The schema as editors use it: a stable address, markdown hovers, a SchemaStore entry."""

from __future__ import annotations

import json
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from ktb_action.schema_path import schema_document

ROOT = Path(__file__).resolve().parents[2]
ID = "https://raw.githubusercontent.com/example-org/ktb-action/v1/schema/topology.schema.json"


def _properties(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, list):
        return [p for item in node for p in _properties(item)]
    if not isinstance(node, dict):
        return []
    own = [p for p in node.get("properties", {}).values() if isinstance(p, dict)]
    return own + [p for value in node.values() for p in _properties(value)]


def test_the_schema_has_a_stable_absolute_id() -> None:
    assert schema_document()["$id"] == ID


def test_the_example_topology_names_the_schema_in_its_modeline() -> None:
    first = (ROOT / "examples" / "topology" / "payments.yaml").read_text().splitlines()[0]
    assert first == f"# yaml-language-server: $schema={ID}"


def test_every_property_has_a_title_a_description_and_an_example() -> None:
    properties = _properties(schema_document())
    assert [p for p in properties if not {"title", "description", "examples"} <= p.keys()] == []


def test_every_example_is_valid_against_its_property() -> None:
    defs = schema_document()["$defs"]
    invalid = [
        (p["title"], example)
        for p in _properties(schema_document())
        for example in p.get("examples", [])
        if not Draft202012Validator({**p, "$defs": defs}).is_valid(example)
    ]
    assert invalid == []


def test_every_described_property_has_the_same_markdown_description() -> None:
    described = [p for p in _properties(schema_document()) if "description" in p]
    assert [
        p["description"] for p in described if p.get("markdownDescription") != p["description"]
    ] == []


def test_the_schemastore_entry_points_at_the_schema_and_matches_topology_files() -> None:
    entry = json.loads((ROOT / "docs" / "schemastore-catalog-entry.json").read_text())
    assert entry["url"] == ID
    matched = {
        name: any(fnmatch(name, pattern) for pattern in entry["fileMatch"])
        for name in ("repo/topologies/team/payments.yaml", "orders.topology.yml", "ktb.yaml")
    }
    assert matched == {
        "repo/topologies/team/payments.yaml": True,
        "orders.topology.yml": True,
        "ktb.yaml": False,
    }
