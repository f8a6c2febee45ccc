"""From files to a plan: settings and topologies -> desired state and policy -> read the
cluster -> diff.

The one place commands and CI go through, so that `validate`, `plan`, `apply` and `ci` read
and compare exactly the same things.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ktb_action.desired import Desired, desired_state
from ktb_action.diagnostics import Diagnostic, Severity
from ktb_action.pipeline import Reading, read_topologies
from ktb_action.plan.diff import diff
from ktb_action.plan.fingerprint import fingerprint
from ktb_action.plan.model import Plan
from ktb_action.policy import Policy, make_policy
from ktb_action.resources import ClusterState
from ktb_action.settings import Settings
from ktb_action.settings_load import load_settings
from ktb_action.topology.model import Topology

if TYPE_CHECKING:
    # The protocol only: the Kafka adapter's module loads confluent_kafka, which `ktb validate`
    # (it comes here for load_topologies) never needs.
    from ktb_action.kafka.read import ClusterReader


@dataclass(frozen=True)
class Loaded:
    """Settings and topologies read from files; the reading has every finding about both."""

    settings: Settings
    reading: Reading

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Every finding about the settings and the topologies, sorted by file and position."""
        return self.reading.diagnostics

    @property
    def has_errors(self) -> bool:
        """Errors stop a plan before the cluster is contacted."""
        return any(d.severity is Severity.ERROR for d in self.diagnostics)


def load_topologies(
    paths: Sequence[Path], root: Path, settings_file: Path | None, *, recursive: bool = False
) -> Loaded:
    """Read the settings (default: `ktb.yaml` in `root`, if any), then the topologies under
    `paths`; no `paths` means the settings' `topology` paths (relative to `root`), else `root`.
    """
    settings, settings_findings = load_settings(settings_file, root)
    default = [root / path for path in settings.topology_paths] or [root]
    reading = read_topologies(
        paths or default, root, settings, recursive=recursive, settings_findings=settings_findings
    )
    return Loaded(settings, reading)


@dataclass(frozen=True)
class Comparison:
    """What a plan is computed from: the desired state, the policy and the state read."""

    desired: Desired
    policy: Policy
    actual: ClusterState

    @property
    def fingerprint(self) -> str:
        """The fingerprint of the actual state in scope."""
        return fingerprint(self.actual)

    def plan(self) -> Plan:
        """The changes that make the cluster match the topologies."""
        return diff(self.desired, self.actual, self.policy, self.fingerprint)


def compare(
    topologies: Sequence[Topology], settings: Settings, reader: ClusterReader
) -> Comparison:
    """Compile the topologies and read what is in scope from the cluster (one read)."""
    desired = desired_state(topologies, settings)
    policy = make_policy(topologies, settings, desired)
    declared = {t.name for t in desired.state.topics}
    actual = reader.read(
        lambda name: name in declared or policy.owns_topic(name), policy.reads_principal
    )
    return Comparison(desired, policy, actual)


def make_plan(topologies: Sequence[Topology], settings: Settings, reader: ClusterReader) -> Plan:
    """The plan for `topologies` against the cluster `reader` reads."""
    return compare(topologies, settings, reader).plan()
