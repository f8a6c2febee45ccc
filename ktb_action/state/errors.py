"""What stops a run because of the ownership state, before Kafka is changed."""

from __future__ import annotations

from ktb_action.errors import KtbError


class ConcurrentApplyError(KtbError):
    """Another apply of the same scope wrote the state (or is writing it) since this run read
    it: this run stops before changing anything."""


class StateUnreadableError(KtbError):
    """The ownership state cannot be read or written: nothing is changed without it."""
