"""Run outputs (`has-changes`, `errors`, `plan-json`, `summary`) in each platform's format."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from ktb_action.redact import redact


@dataclass(frozen=True, slots=True)
class Outputs:
    """What later steps of a pipeline can read from a run."""

    has_changes: bool
    errors: int
    plan_json: str
    """Path of the plan as JSON (empty when no plan was made)."""
    summary: str
    """One line, e.g. `2 to create, 1 to update, 0 to delete; 0 errors`."""

    def items(self) -> list[tuple[str, str]]:
        """Name and text of each output, in a fixed order, with the action's names."""
        return [
            ("has-changes", "true" if self.has_changes else "false"),
            ("errors", str(self.errors)),
            ("plan-json", self.plan_json),
            ("summary", self.summary),
        ]


def github_output_text(outputs: Outputs, delimiter: str | None = None) -> str:
    """`$GITHUB_OUTPUT` lines in the `name<<DELIM` form, safe for any value."""
    lines: list[str] = []
    for name, value in outputs.items():
        delim = delimiter or f"ktb_{secrets.token_hex(8)}"
        # A value that contained the delimiter would end it early and inject outputs.
        while delim in value:
            delim = f"ktb_{secrets.token_hex(8)}"
        lines.append(f"{name}<<{delim}\n{value}\n{delim}\n")
    return "".join(lines)


def dotenv_text(outputs: Outputs) -> str:
    """A GitLab `reports: dotenv` file: `KTB_HAS_CHANGES=…`; names must be identifiers there."""
    lines = []
    for name, value in outputs.items():
        one_line = " ".join(value.splitlines())
        lines.append(f"KTB_{name.upper().replace('-', '_')}={one_line}\n")
    return "".join(lines)


def append(path: Path, text: str) -> None:
    """Append to an output file the runner will read (it may already hold other steps' lines),
    with every configured secret redacted."""
    with path.open("a", encoding="utf-8") as file:
        file.write(redact(text))
