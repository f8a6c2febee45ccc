"""Writing the exported documents: the topology files and a `ktb.yaml` next to them."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ktb_action.errors import UsageError
from ktb_action.export.connectors import CONNECTORS_DIR
from ktb_action.export.schemas import SCHEMAS_DIR

TOPOLOGY_DIR = "topology"
_FILE_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _yaml() -> YAML:
    yaml = YAML()
    # As the examples are written: two spaces, list items indented under their key.
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100
    return yaml


def dump(document: CommentedMap) -> str:
    """A document as text."""
    out = io.StringIO()
    _yaml().dump(document, out)
    return out.getvalue()


def settings_document(
    separator: str,
    *,
    allow_topic_create: bool,
    registry_url: str | None = None,
    connect_clusters: Sequence[str] = (),
) -> CommentedMap:
    """The `ktb.yaml` of the export: where the files are, how they name topics, and the
    Schema Registry and Connect clusters read (their URLs without credentials)."""
    settings = CommentedMap(
        [
            ("topology", [DoubleQuotedScalarString(f"{TOPOLOGY_DIR}/")]),
            ("naming", CommentedMap([("separator", DoubleQuotedScalarString(separator))])),
            ("connector_allow_topic_create", allow_topic_create),
        ]
    )
    if registry_url is not None:
        settings["schema_registry"] = CommentedMap(
            [("url", DoubleQuotedScalarString(_without_credentials(registry_url)))]
        )
    if connect_clusters:
        clusters = []
        for entry in connect_clusters:
            label, _, url = entry.partition(":")
            clusters.append(DoubleQuotedScalarString(f"{label}:{_without_credentials(url)}"))
        settings["connect"] = CommentedMap([("clusters", clusters)])
    settings.yaml_set_start_comment(
        "Settings of the topologies `ktb export` wrote: `ktb plan` in this directory compares\n"
        "them with the cluster. Nothing is deleted until you turn `allow_delete` on."
    )
    return settings


def _without_credentials(url: str) -> str:
    """`url` without a `user:password@` part: settings files are committed."""
    parts = urlsplit(url.strip())
    if parts.username is None and parts.password is None:
        return url.strip()
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port is not None else host
    return urlunsplit(parts._replace(netloc=netloc))


def write_export(
    out: Path,
    documents: dict[str, CommentedMap],
    settings: CommentedMap,
    files: Mapping[str, str] | None = None,
) -> list[Path]:
    """Write `<out>/topology/<name>.yaml` per document, the schema and connector `files`
    (paths relative to `<out>/topology`) and `<out>/ktb.yaml`; what an earlier export left in
    `<out>/topology` (its YAML files, its `schemas/` and `connectors/`) is replaced, so the
    folder is the cluster now."""
    folder = out / TOPOLOGY_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
        earlier = [*folder.glob("*.yaml")]
        for below in (SCHEMAS_DIR, CONNECTORS_DIR):
            earlier += [p for p in (folder / below).rglob("*") if p.is_file()]
        for old in sorted(earlier):
            old.unlink()
        written = []
        for name, document in sorted(documents.items()):
            path = folder / f"{_FILE_UNSAFE.sub('_', name)}.yaml"
            path.write_text(dump(document), encoding="utf-8")
            written.append(path)
        for relative, text in sorted((files or {}).items()):
            path = folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
        (out / "ktb.yaml").write_text(dump(settings), encoding="utf-8")
    except OSError as error:
        raise UsageError(
            f"cannot write the export to `{out}`: {error.strerror}", "pass a writable `--out`"
        ) from error
    return [*written, out / "ktb.yaml"]
