"""The real core steps behind `ktb ci`: the same functions `ktb validate/plan/apply` use."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from ktb_action.ci.run import Steps
from ktb_action.errors import KtbError
from ktb_action.kafka.config import ConnectionOptions


def _not_available(piece: str) -> NoReturn:
    raise KtbError(f"{piece} is not available yet in this build of ktb")


def core_steps(
    root: Path, paths: Sequence[Path], settings: Path | None, connection: ConnectionOptions
) -> Steps:
    """Steps wired to the validation, planning and apply modules."""
    return Steps(
        read=lambda: _not_available("reading topologies"),
        plan=lambda reading: _not_available("planning"),
        apply=lambda plan: _not_available("apply"),
        plan_markdown=lambda plan: _not_available("the markdown plan renderer"),
        plan_text=lambda plan: _not_available("the text plan renderer"),
        plan_json=lambda plan: _not_available("the JSON plan renderer"),
        diagnostics_text=lambda diagnostics, sources: _not_available("the diagnostics renderer"),
        workflow_commands=lambda diagnostics: _not_available("the GitHub diagnostics renderer"),
        code_quality=lambda diagnostics, sources: _not_available("the GitLab diagnostics renderer"),
    )
