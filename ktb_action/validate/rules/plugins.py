"""Rules written in Python by users, found through the `ktb_action.rules` entry-point group.

A plugin is any callable `(topologies, settings) -> Iterable[Diagnostic]`, registered by its
package:

```toml
[project.entry-points."ktb_action.rules"]
naming = "acme_kafka_rules:check_naming"
```

Whatever a plugin does wrong (fails to import, raises, returns something else) becomes a
`plugin-failed` diagnostic naming the plugin: a broken plugin never stops a run.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ktb_action.diagnostics import Diagnostic, Severity
from ktb_action.settings import Settings
from ktb_action.topology.model import Topology

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

GROUP = "ktb_action.rules"


def installed_plugins() -> tuple[EntryPoint, ...]:
    """The entry points of every installed rule plugin."""
    if not any(GROUP in text for text in _entry_point_files()):
        return ()
    # Imported and scanned only when some distribution names the group: it takes 20 ms,
    # a tenth of `ktb validate`, on every run of the many that have no plugin.
    from importlib.metadata import entry_points  # noqa: PLC0415

    return tuple(entry_points(group=GROUP))


def _entry_point_files() -> Iterable[str]:
    """The `entry_points.txt` of every distribution on `sys.path`: where a distribution
    declares its entry points (a group named in none of them has no entry point)."""
    for folder in sys.path:
        try:
            entries = list(os.scandir(folder or "."))
        except OSError:  # a zip archive or a folder that is gone
            continue
        for entry in entries:
            if entry.name.endswith((".dist-info", ".egg-info")):
                try:
                    with open(os.path.join(entry.path, "entry_points.txt"), "rb") as file:
                        yield file.read().decode("utf-8", "replace")
                except OSError:  # a distribution without entry points
                    continue


def plugin_diagnostics(
    topologies: Sequence[Topology], settings: Settings, plugins: Iterable[EntryPoint]
) -> list[Diagnostic]:
    """Run each plugin and collect its diagnostics (or one `plugin-failed` for it)."""
    found: list[Diagnostic] = []
    for plugin in plugins:
        try:
            results = list(plugin.load()(topologies, settings))
        except Exception as error:  # a plugin is foreign code: any failure is its own
            found.append(_failed(plugin, f"raised `{type(error).__name__}: {error}`"))
            continue
        wrong = next((r for r in results if not isinstance(r, Diagnostic)), None)
        if wrong is not None:
            found.append(_failed(plugin, f"returned a `{type(wrong).__name__}`"))
            continue
        found.extend(results)
    return found


def _failed(plugin: EntryPoint, what: str) -> Diagnostic:
    return Diagnostic(
        "plugin-failed",
        Severity.ERROR,
        f"rule plugin `{plugin.name}` ({plugin.value}) {what}",
        None,
        "fix or uninstall the plugin; it must return an iterable of `Diagnostic`",
    )
