"""Python rule plugins from the `ktb_action.rules` entry-point group."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable, Sequence
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from ktb_action.diagnostics import Diagnostic, Severity
from ktb_action.settings import Settings
from ktb_action.topology.model import Topology
from ktb_action.validate.rules.plugins import GROUP, installed_plugins, plugin_diagnostics

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


def _install(folder: Path, entry_points: str) -> None:
    """A distribution as pip leaves it in site-packages: its metadata folder."""
    info = folder / "acme_rules-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-rules\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(entry_points)


def test_an_installed_distribution_declaring_the_group_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _install(tmp_path, f"[console_scripts]\nacme = acme:main\n\n[{GROUP}]\nnaming = acme:naming\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    assert installed_plugins() == (_plugin("naming", "acme:naming"),)


def test_with_no_distribution_declaring_the_group_the_entry_point_machinery_is_not_imported(
    tmp_path: Path,
) -> None:
    _install(tmp_path, "[console_scripts]\nacme = acme:main\n")
    probe = (
        "import sys\n"
        f"sys.path.insert(0, {str(tmp_path)!r})\n"
        "from ktb_action.validate.rules.plugins import installed_plugins\n"
        "print(installed_plugins(), 'importlib.metadata' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert run.stdout == "() False\n"
