"""The lines of the files diagnostics point into, for the renderers that quote them (kept
out of the package's `__init__`: every module importing `render.escape` would load the YAML
tooling with it)."""

from __future__ import annotations

from collections.abc import Mapping

from ktb_action.topology.yaml_errors import yaml_lines


class SourceLines:
    """Lines of the files diagnostics point into, split once per file on first use."""

    def __init__(self, sources: Mapping[str, str]) -> None:
        self._sources = sources
        self._lines: dict[str, list[str]] = {}

    def line(self, file: str, number: int) -> str | None:
        """Line `number` (1-based) of `file` without its line break, or None if unknown."""
        lines = self._lines.get(file)
        if lines is None:
            text = self._sources.get(file)
            if text is None:
                return None
            lines = self._lines[file] = yaml_lines(text)
        return lines[number - 1] if 0 < number <= len(lines) else None
