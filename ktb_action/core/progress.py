"""How long operations report how far they are (reads kind by kind, apply phase by phase).

The core only counts; an adapter (`ktb_action/render/progress.py`) decides how to show it.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Receives `done` of `total` steps of the operation `label` (`read`, `apply`)."""

    def update(self, label: str, done: int, total: int) -> None:
        """Record that `done` of `total` steps of `label` are finished."""
