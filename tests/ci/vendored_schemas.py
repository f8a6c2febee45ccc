"""JSON Schemas of CI file formats, as vendored by check-jsonschema (PyPI): GitLab's own
`ci.json`, and SchemaStore's GitHub workflow and action schemas."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator
from ruamel.yaml import YAML


@cache
def schema(name: str) -> dict[str, Any]:
    """`gitlab-ci`, `github-workflows` or `github-actions`."""
    path = resources.files("check_jsonschema") / "builtin_schemas" / "vendor" / f"{name}.json"
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def documents(path: Path) -> list[Any]:
    """The YAML documents of a file, read as YAML 1.2 (so `on:` stays a string key)."""
    return list(YAML(typ="safe").load_all(path.read_text(encoding="utf-8")))


def errors(name: str, document: Any) -> list[str]:
    """What the schema `name` finds wrong with `document` (empty when valid)."""
    return [e.message for e in Draft7Validator(schema(name)).iter_errors(document)]
