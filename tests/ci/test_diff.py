"""Changed lines from `git diff --unified=0`."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from ktb_action.ci.diff import git_changed_lines, parse_changed_lines
from ktb_action.errors import KtbError

DIFF = """\
diff --git a/topics/a.yaml b/topics/a.yaml
index 1111111..2222222 100644
--- a/topics/a.yaml
+++ b/topics/a.yaml
@@ -3 +3 @@ projects:
-      partitions: 3
+      partitions: 6
@@ -10,0 +11,2 @@ projects:
+    - name: new
+      partitions: 1
@@ -20,2 +21,0 @@ projects:
-    - name: gone
-      partitions: 1
diff --git a/old.yaml b/old.yaml
deleted file mode 100644
--- a/old.yaml
+++ /dev/null
@@ -1,2 +0,0 @@
-a: 1
-b: 2
"""


def test_changed_lines_are_the_new_side_of_each_hunk() -> None:
    assert parse_changed_lines(DIFF) == {"topics/a.yaml": frozenset({3, 11, 12})}


def test_git_changed_lines_diffs_from_the_merge_base(tmp_path: Path) -> None:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
            cwd=tmp_path,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()

    git("init", "-q", "-b", "main")
    (tmp_path / "t.yaml").write_text("a: 1\nb: 2\n", encoding="utf-8")
    git("add", ".")
    git("commit", "-qm", "base")
    base = git("rev-parse", "HEAD")
    (tmp_path / "t.yaml").write_text("a: 1\nb: 3\nc: 4\n", encoding="utf-8")
    git("commit", "-qam", "change")
    assert git_changed_lines(tmp_path, base, git("rev-parse", "HEAD")) == {
        "t.yaml": frozenset({2, 3})
    }


def test_git_changed_lines_without_the_base_commit_says_to_fetch_history(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    with pytest.raises(KtbError, match="cannot diff") as caught:
        git_changed_lines(tmp_path, "a" * 40, "b" * 40)
    assert caught.value.hint == (
        "fetch enough history for the merge base (GIT_DEPTH: 0 or fetch-depth: 0)"
    )
