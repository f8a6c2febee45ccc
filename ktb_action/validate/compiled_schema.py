"""The topology schema compiled to Python by fastjsonschema, kept between runs.

Generating and compiling that code (650 kB of Python for the whole schema) took 0.1 s of
every run, a third of `ktb validate` of a small file, which pre-commit runs on every
commit. The compiled code object is kept in the user's cache (`~/.cache/ktb-action`, or
under `$XDG_CACHE_HOME`), named by a digest of the schema, of fastjsonschema's version and
of the Python that compiled it, so a changed schema or a new fastjsonschema is compiled
afresh. The cache is the user's own, as the dev broker's jars are: whoever can write it can
already run code as the user. When it cannot be read or written (a read-only home in a
container), the schema is compiled in memory as before.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import marshal
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from types import CodeType
from typing import Any

import fastjsonschema
from fastjsonschema.ref_resolver import RefResolver

Validator = Callable[[Any], Any]


def cache_folder(env: Mapping[str, str] = os.environ) -> Path:
    """Where compiled validators are kept."""
    xdg = env.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "ktb-action" / "validators"


def compiled(schema: Mapping[str, Any], folder: Path | None = None) -> Validator:
    """fastjsonschema's validator of `schema` (defaults never written into the data)."""
    text = json.dumps(schema, sort_keys=True)
    digest = hashlib.sha256(
        f"{text}\0{fastjsonschema.VERSION}\0{sys.implementation.cache_tag}".encode()
    ).hexdigest()[:24]
    path = (folder or cache_folder()) / f"{digest}.bin"
    kept = _read(path)
    if kept is None:
        source = fastjsonschema.compile_to_code(copy.deepcopy(dict(schema)), use_default=False)
        # The generated function is named after the schema's `$id`, as fastjsonschema's own
        # `compile` finds it.
        name = RefResolver.from_schema(copy.deepcopy(dict(schema))).get_scope_name()
        kept = name, compile(source, f"<topology schema {digest}>", "exec")
        _write(path, kept)
    name, code = kept
    namespace: dict[str, Any] = {}
    # Our own schema's code: compiled just now or by an earlier run of this user.
    exec(code, namespace)
    validate: Validator = namespace[name]
    return validate


def _read(path: Path) -> tuple[str, CodeType] | None:
    try:
        loaded = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    match loaded:
        case (str() as name, CodeType() as code):
            return name, code
    return None


def _write(path: Path, kept: tuple[str, CodeType]) -> None:
    """Keep the validator's name and code for the next runs; written whole or not at all
    (a concurrent run may write it too, or read it meanwhile)."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial.write_bytes(marshal.dumps(kept))
        partial.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink()
