"""Writing the exported documents: the topology files and a `ktb.yaml` next to them."""

from __future__ import annotations

import io
import re
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ktb_action.errors import UsageError

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


def settings_document(separator: str, *, allow_topic_create: bool) -> CommentedMap:
    """The `ktb.yaml` of the export: where the files are and how they name topics."""
    settings = CommentedMap(
        [
            ("topology", [DoubleQuotedScalarString(f"{TOPOLOGY_DIR}/")]),
            ("naming", CommentedMap([("separator", DoubleQuotedScalarString(separator))])),
            ("connector_allow_topic_create", allow_topic_create),
        ]
    )
    settings.yaml_set_start_comment(
        "Settings of the topologies `ktb export` wrote: `ktb plan` in this directory compares\n"
        "them with the cluster. Nothing is deleted until you turn `allow_delete` on."
    )
    return settings


def write_export(
    out: Path, documents: dict[str, CommentedMap], settings: CommentedMap
) -> list[Path]:
    """Write `<out>/topology/<name>.yaml` per document and `<out>/ktb.yaml`; YAML files left in
    `<out>/topology` by an earlier export are replaced, so the folder is the cluster now."""
    folder = out / TOPOLOGY_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in sorted(folder.glob("*.yaml")):
            old.unlink()
        written = []
        for name, document in sorted(documents.items()):
            path = folder / f"{_FILE_UNSAFE.sub('_', name)}.yaml"
            path.write_text(dump(document), encoding="utf-8")
            written.append(path)
        (out / "ktb.yaml").write_text(dump(settings), encoding="utf-8")
    except OSError as error:
        raise UsageError(
            f"cannot write the export to `{out}`: {error.strerror}", "pass a writable `--out`"
        ) from error
    return [*written, out / "ktb.yaml"]
