"""Which settings a run reads: the file named, else `ktb.yaml` in the root, else defaults."""

from __future__ import annotations

from pathlib import Path

from ktb_action.config.properties_file import read_properties
from ktb_action.config.yaml_file import settings_from_tree
from ktb_action.diagnostics import Diagnostic, Severity
from ktb_action.settings import Settings
from ktb_action.topology.load import load_paths, relative

DEFAULT_FILE = "ktb.yaml"


def load_settings(path: Path | None, root: Path) -> tuple[Settings, list[Diagnostic]]:
    """Read the settings at `path`, or `ktb.yaml` in `root` if it exists, else the defaults."""
    if path is None:
        path = root / DEFAULT_FILE
        if not path.is_file():
            return Settings(), []
    file = relative(path.resolve(), root.resolve())
    if not path.is_file():
        return Settings(), [
            Diagnostic(
                "settings-unreadable",
                Severity.ERROR,
                f"settings file `{file}` does not exist",
                None,
                "pass an existing ktb.yaml or JulieOps .properties file",
            )
        ]
    if path.suffix == ".properties":
        return read_properties(path, file)
    result = load_paths([path], root)
    diagnostics = list(result.diagnostics)
    if not result.documents:
        return Settings(source=file), diagnostics
    settings, problems = settings_from_tree(result.documents[0].root, file)
    return settings, diagnostics + problems
