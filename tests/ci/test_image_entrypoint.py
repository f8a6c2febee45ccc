"""The image's entrypoint, `ktb ci`, run as the image runs it: from a regular (non-editable)
install of the package, in a workspace that is not the source tree.

The Dockerfile is built and run in the project's GitHub workflow (no Docker engine here);
this test covers what differs between that and the editable development install: the
package, its console script and the JSON Schema must all come from the installed copy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package installed as the Dockerfile installs it (`pip install <src>`), into a
    folder of its own; build isolation is off so no index is needed."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return target


def _run(installed: Path, workspace: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": f"{installed / 'bin'}:{os.environ.get('PATH', '')}",
        "PYTHONPATH": str(installed),
        "HOME": str(workspace),
        "INPUT_TOPOLOGY": "topology",
        "INPUT_MODE": "validate",
    }
    return subprocess.run(
        ["ktb", *args], cwd=workspace, env=env, capture_output=True, text=True, check=False
    )


def test_installed_package_carries_the_json_schema(installed: Path, tmp_path: Path) -> None:
    code = "from ktb_action.schema_path import schema_path; print(schema_path())"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(installed)},
        capture_output=True,
        text=True,
        check=True,
    )

    assert Path(result.stdout.strip()) == installed / "ktb_action" / "_schema" / (
        "topology.schema.json"
    )


def test_installed_package_leaves_the_dev_broker_out(installed: Path) -> None:
    assert (installed / "ktb_action" / "kinds").is_dir()
    assert not (installed / "ktb_action" / "devkafka").exists()


def test_entrypoint_validates_a_workspace_from_the_installed_package(
    installed: Path, tmp_path: Path
) -> None:
    workspace = tmp_path / "workspace"
    shutil.copytree(REPO / "examples", workspace)

    result = _run(installed, workspace, "ci", "--platform", "none")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Found 0 errors, 0 warnings in 1 file." in result.stdout


def test_entrypoint_reports_a_bad_topology_and_fails(installed: Path, tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    (workspace / "topology").mkdir(parents=True)
    (workspace / "topology" / "bad.yaml").write_text(
        'context: "c"\nprojects:\n  - name: "p"\n    topics:\n      - name: "t"\n'
        "        partitons: 3\n",
        encoding="utf-8",
    )

    result = _run(installed, workspace, "ci", "--platform", "none")

    assert result.returncode == 1
    assert "topology/bad.yaml:6:9: error[schema-unknown-key] unknown key `partitons`" in (
        result.stdout
    )
