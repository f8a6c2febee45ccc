"""The `ktb-validate` pre-commit hook, run by pre-commit itself in a temporary repository.

The hook is taken from the repository's `.pre-commit-hooks.yaml` and declared as a local,
`system` hook (the `ktb` of this environment): pre-commit then applies the manifest's own
`files`, `pass_filenames` and `entry`, with no network to install the package.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

MANIFEST = Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml"
GOOD = 'context: "c"\nprojects:\n  - name: "p"\n    topics:\n      - name: "t"\n'
BAD = 'context: "c"\nprojects:\n  - name: "p"\n    topics:\n      - name: "bär"\n'


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with ktb.yaml, a topology, a connector file and the hook's config."""
    (hook,) = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    config = {"repos": [{"repo": "local", "hooks": [{**hook, "language": "system"}]}]}
    root = tmp_path / "repo"
    (root / "topology").mkdir(parents=True)
    (root / "connectors").mkdir()
    (root / "ktb.yaml").write_text("topology: [topology/]\n", encoding="utf-8")
    (root / "topology" / "payments.yaml").write_text(GOOD, encoding="utf-8")
    (root / "connectors" / "sink.json").write_text('{"name": "sink"}\n', encoding="utf-8")
    (root / "notes.txt").write_text("notes\n", encoding="utf-8")
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    _git(root, "init", "-q")
    _git(root, "add", ".")
    return root


def _pre_commit(repo: Path, *files: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"),
        "NO_COLOR": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--color", "never", "--files", *files],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_hook_passes_a_valid_topology(repo: Path) -> None:
    done = _pre_commit(repo, "topology/payments.yaml")
    assert (done.returncode, done.stdout.splitlines()[0]) == (0, _line("Passed"))


def test_the_hook_fails_an_invalid_topology_at_its_line(repo: Path) -> None:
    (repo / "topology" / "payments.yaml").write_text(BAD, encoding="utf-8")
    done = _pre_commit(repo, "topology/payments.yaml")
    assert done.returncode == 1
    assert "topology/payments.yaml:5:15: error[topic-name-invalid]" in done.stdout


def test_a_change_to_a_connector_file_validates_the_whole_topology(repo: Path) -> None:
    (repo / "topology" / "payments.yaml").write_text(BAD, encoding="utf-8")
    done = _pre_commit(repo, "connectors/sink.json")
    assert done.returncode == 1
    assert "error[topic-name-invalid]" in done.stdout


def test_a_commit_without_topology_files_skips_the_hook(repo: Path) -> None:
    (repo / "topology" / "payments.yaml").write_text(BAD, encoding="utf-8")
    done = _pre_commit(repo, "notes.txt")
    assert (done.returncode, done.stdout.splitlines()[0]) == (0, _line("Skipped", skipped=True))


def _line(status: str, *, skipped: bool = False) -> str:
    """pre-commit's status line of the hook, dots padded to its 79 columns."""
    tail = "(no files to check)" + status if skipped else status
    return "ktb validate" + "." * (79 - len("ktb validate") - len(tail)) + tail
