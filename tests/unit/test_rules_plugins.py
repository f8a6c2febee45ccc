"""Python rule plugins from the `ktb_action.rules` entry-point group."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from importlib.metadata import EntryPoint

import pytest

from ktb_action.diagnostics import Diagnostic, Severity
from ktb_action.settings import Settings
from ktb_action.topology.model import Topology
from ktb_action.validate.rules.plugins import GROUP, plugin_diagnostics

TOPOLOGIES = [Topology("c")]


def contexts_are_lowercase(
    topologies: Sequence[Topology], settings: Settings
) -> Iterable[Diagnostic]:
    """A well-behaved plugin."""
    return [
        Diagnostic("acme-context", Severity.WARNING, f"context `{t.context}`", t.span)
        for t in topologies
    ]


def crashes(topologies: Sequence[Topology], settings: Settings) -> Iterable[Diagnostic]:
    """A plugin with a bug."""
    raise KeyError("boom")


def returns_text(topologies: Sequence[Topology], settings: Settings) -> Iterable[str]:
    """A plugin that returns the wrong type."""
    return ["not a diagnostic"]


def _plugin(name: str, value: str) -> EntryPoint:
    return EntryPoint(name=name, value=value, group=GROUP)


def test_plugin_diagnostics_are_passed_through() -> None:
    plugin = _plugin("acme", f"{__name__}:contexts_are_lowercase")
    assert plugin_diagnostics(TOPOLOGIES, Settings(), [plugin]) == [
        Diagnostic("acme-context", Severity.WARNING, "context `c`")
    ]


@pytest.mark.parametrize(
    ("value", "what"),
    [
        (f"{__name__}:crashes", "raised `KeyError: 'boom'`"),
        (f"{__name__}:returns_text", "returned a `str`"),
        (
            "no_such_module_for_ktb:check",
            "raised `ModuleNotFoundError: No module named 'no_such_module_for_ktb'`",
        ),
    ],
)
def test_failing_plugin_is_a_plugin_failed_diagnostic_not_a_traceback(
    value: str, what: str
) -> None:
    (found,) = plugin_diagnostics(TOPOLOGIES, Settings(), [_plugin("bad", value)])
    assert (found.rule, found.severity, found.message) == (
        "plugin-failed",
        Severity.ERROR,
        f"rule plugin `bad` ({value}) {what}",
    )
