"""The topology JSON Schema: where it lives (a checkout, an installed wheel) and its content.

The wheel force-includes the repository's `schema/` folder as `ktb_action/_schema`; an
editable install or a checkout reads `schema/` next to the package.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_NAME = "topology.schema.json"

_PACKAGE = Path(__file__).resolve().parent


def schema_path() -> Path:
    """The path of `topology.schema.json` (installed copy first, then the checkout's)."""
    installed = _PACKAGE / "_schema" / SCHEMA_NAME
    if installed.is_file():
        return installed
    return _PACKAGE.parent / "schema" / SCHEMA_NAME


@cache
def schema_document() -> dict[str, Any]:
    """The parsed schema, read once per process (callers must not modify it)."""
    loaded: dict[str, Any] = json.loads(schema_path().read_text(encoding="utf-8"))
    return loaded
