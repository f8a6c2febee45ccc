"""Changed lines of a change request (a pure parser of unified diffs, from `git diff` or
GitHub's per-file patches) and reviewdog's filter modes over them."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

from ktb_action.diagnostics import Diagnostic
from ktb_action.errors import KtbError

_NEW_FILE = re.compile(r"^\+\+\+ (?:b/(?P<path>.+)|/dev/null)$")
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(?P<start>\d+)(?:,(?P<count>\d+))? @@")

ChangedLines = dict[str, frozenset[int]]


class FilterMode(StrEnum):
    """Which findings are put on the diff (the others stay in the summary), as reviewdog:
    `added` on added or changed lines, `file` anywhere in a changed file, `nofilter` all."""

    ADDED = "added"
    FILE = "file"
    NOFILTER = "nofilter"


def in_diff(
    diagnostics: Iterable[Diagnostic], changed: ChangedLines, mode: FilterMode
) -> list[Diagnostic]:
    """The findings with a position that `mode` puts on the diff."""
    kept = []
    for diagnostic in diagnostics:
        span = diagnostic.span
        if span is None:
            continue
        if mode is FilterMode.NOFILTER or (
            span.file in changed and (mode is FilterMode.FILE or span.line in changed[span.file])
        ):
            kept.append(diagnostic)
    return kept


def patch_changed_lines(files: Sequence[Mapping[str, Any]]) -> ChangedLines:
    """Changed lines from GitHub's list of a pull request's files (`filename`, `patch`); a
    file without a patch (binary, too large) is changed with no line known."""
    diff = "".join(f"+++ b/{f['filename']}\n{f.get('patch') or ''}\n" for f in files)
    return {str(f["filename"]): frozenset() for f in files} | parse_changed_lines(diff)


def parse_changed_lines(diff: str) -> ChangedLines:
    """The added or modified line numbers (new side) of each file in a unified diff."""
    changed: dict[str, set[int]] = {}
    current: str | None = None
    for line in diff.splitlines():
        file_match = _NEW_FILE.match(line)
        if file_match:
            current = file_match.group("path")
            continue
        hunk = _HUNK.match(line)
        if hunk and current is not None:
            start = int(hunk.group("start"))
            count = int(hunk.group("count") or "1")
            changed.setdefault(current, set()).update(range(start, start + count))
    return {path: frozenset(lines) for path, lines in changed.items()}


def git_changed_lines(root: Path, base: str, head: str) -> ChangedLines:
    """Run `git diff --unified=0 base...head` in the checkout and parse it."""
    try:
        result = subprocess.run(
            ["git", "diff", "--unified=0", "--no-color", "--no-ext-diff", f"{base}...{head}"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", "") or str(error)
        raise KtbError(
            f"cannot diff `{base}...{head}`: {detail.strip()}",
            hint="fetch enough history for the merge base (GIT_DEPTH: 0 or fetch-depth: 0)",
        ) from None
    return parse_changed_lines(result.stdout)
