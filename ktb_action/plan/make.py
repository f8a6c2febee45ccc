"""Making a plan: topologies -> desired state and policy -> read the cluster -> diff.

The one place commands and CI go through, so that `plan`, `apply` and `ci` compare exactly
the same things.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ktb_action.desired import Desired, desired_state
from ktb_action.kafka.read import ClusterReader
from ktb_action.plan.diff import diff
from ktb_action.plan.fingerprint import fingerprint
from ktb_action.plan.model import Plan
from ktb_action.policy import Policy, make_policy
from ktb_action.resources import ClusterState
from ktb_action.settings import Settings
from ktb_action.topology.model import Topology


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
