"""One run's use of the ownership state: read once while planning, then (apply only) claimed
before Kafka is changed and written after, conditional on the generation read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from ktb_action.core.applier import ApplyReport
from ktb_action.state.snapshot import Encode, Owned, Snapshot, owned_after


class Claim(Protocol):
    """The right to write one scope's state once."""

    def write(self, owned: Owned) -> None:
        """Record `owned` as the scope's new state."""
        ...

    def release(self) -> None:
        """Give the right up."""
        ...


class StateStore(Protocol):
    """Where the state of every scope is kept."""

    def read(self, key: str) -> Snapshot:
        """The state of scope `key`, in one request."""
        ...

    def claim(self, key: str, generation: int) -> Claim:
        """Hold `key` for one apply; `ConcurrentApplyError` if it moved past `generation`."""
        ...


@dataclass
class StateSession:
    """The state as this run read it, and what the declared resources were at plan time."""

    store: StateStore
    key: str = ""
    snapshot: Snapshot = field(default_factory=Snapshot)
    present: Owned = field(default_factory=dict)
    """Declared resources that existed when planned: apply adopts them."""
    seed: Owned = field(default_factory=dict)
    """What is owned before ktb ever wrote the scope's state (JulieOps' `.cluster-state`)."""

    def read(self, key: str) -> Owned:
        """What scope `key` owns (the seed, until the first write); remembered for the
        conditional write."""
        self.key = key
        self.snapshot = self.store.read(key)
        if self.snapshot.generation == 0 and not self.snapshot.owned:
            self.snapshot = Snapshot(0, self.seed)
        return self.snapshot.owned

    def apply(self, run: Callable[[], ApplyReport], encode: Encode) -> ApplyReport:
        """Claim the state, run the apply, write what is owned after it. A claim that fails
        stops the run before `run` changes anything."""
        claim = self.store.claim(self.key, self.snapshot.generation)
        try:
            report = run()
            claim.write(owned_after(self.snapshot.owned, self.present, report, encode))
        finally:
            claim.release()
        return report
