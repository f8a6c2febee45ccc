"""Reading the audit trail back: which applies match a question, and how they are shown.
Pure: the records come in as decoded JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ktb_action.render.escape import escape_text


@dataclass(frozen=True)
class Question:
    """Which applies to show: the last `last` whose scope and changes match."""

    last: int = 20
    scope: str | None = None
    resource: str | None = None
    """A resource name (`ctx.proj.orders`) the change's address must name."""
    principal: str | None = None
    """A principal (`User:x`) the change's address must name."""

    def changes(self, record: dict[str, Any]) -> list[dict[str, Any]]:
        """The record's change results that answer the question."""
        results = record.get("results")
        if not isinstance(results, list):
            return []
        return [r for r in results if isinstance(r, dict) and self._names(str(r.get("address")))]

    def _names(self, address: str) -> bool:
        words = address.replace(":", " ").split()
        resource = self.resource is None or self.resource in words
        return resource and (self.principal is None or address.split(" ")[1:2] == [self.principal])

    def answer(self, records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """The matching records, newest first, each with only its matching changes."""
        found = []
        for record in reversed(records):
            if self.scope is not None and record.get("scope") != self.scope:
                continue
            changes = self.changes(record)
            if (self.resource or self.principal) and not changes:
                continue
            found.append({**record, "results": changes})
            if len(found) == self.last:
                break
        return found


def render_log_text(records: Sequence[dict[str, Any]]) -> str:
    """One block per apply: when, which scope, who, where, then its changes' results."""
    lines = []
    for record in records:
        where = ", ".join(
            f"{label} {record[key]}"
            for label, key in (
                ("repository", "repository"),
                ("PR", "pull_request"),
                ("commit", "commit"),
                ("run", "run_url"),
            )
            if record.get(key)
        )
        head = (
            f"{record.get('ended_at')}  scope {record.get('scope')}  by {record.get('actor')} "
            f"({record.get('platform')}{', ' + where if where else ''})"
        )
        lines.append(escape_text(head))
        for result in record.get("results", []):
            error = f": {result['error']}" if result.get("error") else ""
            lines.append(
                "  "
                + escape_text(
                    f"{result.get('verb')} {result.get('address')}: {result.get('outcome')}{error}"
                )
            )
    return "".join(line + "\n" for line in lines) or "no apply matches\n"


def render_log_json(records: Sequence[dict[str, Any]]) -> str:
    """The matching records as a JSON array, newest first."""
    return json.dumps(list(records), indent=2, sort_keys=True) + "\n"
