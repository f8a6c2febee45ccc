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

from collections.abc import Iterable, Sequence
from importlib.metadata import EntryPoint, entry_points

from ktb_action.diagnostics import Diagnostic, Severity
from ktb_action.settings import Settings
from ktb_action.topology.model import Topology

GROUP = "ktb_action.rules"


def installed_plugins() -> tuple[EntryPoint, ...]:
    """The entry points of every installed rule plugin."""
    return tuple(entry_points(group=GROUP))


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
