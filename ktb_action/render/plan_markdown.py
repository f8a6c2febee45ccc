"""A plan as markdown for PR/MR comments: a summary table, then one collapsible section per
project. Every piece of user-written text goes through `escape_markdown`; the only HTML is
the fixed `<details>`/`<summary>` scaffolding."""

from __future__ import annotations

from collections.abc import Iterable

from ktb_action.core.plan import Change, Plan, Status, Verb, summarize
from ktb_action.kinds.registry import KINDS
from ktb_action.render.escape import escape_html_text, escape_markdown
from ktb_action.render.plan_text import (
    NO_CHANGES,
    change_lines,
    contexts_note,
    side_notes,
    summary_line,
)

_NO_PROJECT = "Not declared by a project"


def render_markdown(plan: Plan) -> str:
    """The plan as GitHub/GitLab-flavoured markdown."""
    lines = ["### ktb plan", ""]
    note = contexts_note(plan, escape_markdown)
    if note:
        lines += [note, ""]
    if not plan.changes:
        return "\n".join([*lines, NO_CHANGES, ""])
    lines += _summary_table(plan.changes)
    summary = summarize(plan.changes)
    lines += ["", f"**{summary_line(summary)}**"]
    lines += [escape_markdown(note) for note in side_notes(summary)]
    for project, changes in _by_project(plan.changes).items():
        title = escape_html_text(project) if project is not None else _NO_PROJECT
        lines += ["", "<details>", f"<summary>{title} ({_count(len(changes))})</summary>", ""]
        lines += [_item(change) for change in changes]
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def _summary_table(changes: Iterable[Change]) -> list[str]:
    """A row per kind that has changes, in the registry's order."""
    columns = (Verb.CREATE, Verb.UPDATE, Verb.DELETE, None)
    rows: dict[str, dict[Verb | None, int]] = {}
    for change in changes:
        row = rows.setdefault(change.kind, dict.fromkeys(columns, 0))
        row[change.verb if change.status is Status.READY else None] += 1
    return [
        "| resource | create | update | delete | not applied |",
        "| --- | ---: | ---: | ---: | ---: |",
        *(
            f"| {kind.plural} | {' | '.join(str(rows[kind.name][c]) for c in columns)} |"
            for kind in KINDS
            if kind.name in rows
        ),
    ]


def _by_project(changes: Iterable[Change]) -> dict[str | None, list[Change]]:
    groups: dict[str | None, list[Change]] = {}
    for change in changes:
        groups.setdefault(change.project, []).append(change)
    return groups


def _item(change: Change) -> str:
    """A list item: the change's text lines, escaped, joined with markdown line breaks.
    Markers (`+`, `~`, `-`) go in code spans: at a line start they would begin a list."""
    head, *details = (_marked(line.strip()) for line in change_lines(change))
    if change.status is Status.BLOCKED_BY_POLICY:
        head = f"~~{head}~~"
    return "- " + "  \n  ".join([head, *details])


def _marked(line: str) -> str:
    marker, _, rest = line.partition(" ")
    if marker in ("+", "~", "-", "!"):
        return f"`{marker}` {escape_markdown(rest)}"
    return escape_markdown(line)


def _count(n: int) -> str:
    return f"{n} change" if n == 1 else f"{n} changes"
