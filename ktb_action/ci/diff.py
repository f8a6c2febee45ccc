"""Changed lines of a change request: a pure parser of `git diff --unified=0` output."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from ktb_action.errors import KtbError

_NEW_FILE = re.compile(r"^\+\+\+ (?:b/(?P<path>.+)|/dev/null)$")
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(?P<start>\d+)(?:,(?P<count>\d+))? @@")

ChangedLines = dict[str, frozenset[int]]


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
