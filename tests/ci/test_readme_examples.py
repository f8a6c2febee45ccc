"""The copy-paste workflows in the README are the tested example files, to the letter."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = [
    ".github/workflows/examples/ktb-plan.yml",
    ".github/workflows/examples/ktb-apply.yml",
    ".github/workflows/examples/ktb-drift.yml",
    "examples/gitlab/.gitlab-ci.yml",
    "examples/bitbucket/bitbucket-pipelines.yml",
]


@pytest.mark.parametrize("path", EXAMPLES)
def test_readme_shows_the_example_file_verbatim(path: str) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = re.search(
        rf"<code>{re.escape(path)}</code></summary>\n\n```yaml\n(.*?)\n```", readme, re.DOTALL
    )
    assert shown is not None
    assert shown.group(1) == (REPO / path).read_text(encoding="utf-8").rstrip("\n")
