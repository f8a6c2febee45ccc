"""Where the topology JSON Schema lives, in a checkout and in an installed wheel.

The wheel force-includes the repository's `schema/` folder as `ktb_action/_schema`; an
editable install or a checkout reads `schema/` next to the package.
"""

from __future__ import annotations

from pathlib import Path

SCHEMA_NAME = "topology.schema.json"

_PACKAGE = Path(__file__).resolve().parent


def schema_path() -> Path:
    """The path of `topology.schema.json` (installed copy first, then the checkout's)."""
    installed = _PACKAGE / "_schema" / SCHEMA_NAME
    if installed.is_file():
        return installed
    return _PACKAGE.parent / "schema" / SCHEMA_NAME
