"""The terminal 'platform': the run already printed findings and plan; add the summary."""

from __future__ import annotations

from typing import TextIO

from ktb_action.ci.report import Delivery, Report


class LocalReporter:
    """Reports to the terminal only (no CI, or `--platform none`)."""

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def deliver(self, report: Report) -> Delivery:
        """Print the one-line summary."""
        self._out.write(report.outputs.summary + "\n")
        return Delivery(posted=["terminal"])
