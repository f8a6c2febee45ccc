"""`ktb init --platform …`: a topology repository that validates, with pipelines that their
platforms' published schemas accept, written without overwriting anything."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from ktb_action.cli import app
from ktb_action.scaffold import EXAMPLES, PRE_COMMIT_CONFIG, SECRETS, Platform, example_path
from tests.ci.vendored_schemas import documents, errors

runner = CliRunner()
COMMON = [
    ".pre-commit-config.yaml",
    "README.md",
    "kafka/client.properties",
    "ktb.yaml",
    "topologies/connectors/ledger-entries-source.json",
    "topologies/payments.yaml",
]
PIPELINES = {
    Platform.GITHUB: [
        ".github/workflows/ktb-apply.yml",
        ".github/workflows/ktb-drift.yml",
        ".github/workflows/ktb-plan.yml",
    ],
    Platform.GITLAB: [".gitlab-ci.yml"],
    Platform.BITBUCKET: ["bitbucket-pipelines.yml"],
    Platform.JENKINS: ["Jenkinsfile"],
}
SCHEMAS = {
    Platform.GITHUB: "github-workflows",
    Platform.GITLAB: "gitlab-ci",
    Platform.BITBUCKET: "bitbucket-pipelines",
}


def _init(root: Path, platform: Platform) -> str:
    result = runner.invoke(app, ["init", "--platform", platform.value, "--root", str(root)])
    assert result.exit_code == 0, result.output
    return result.output


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.mark.parametrize("platform", list(Platform))
def test_init_writes_the_topology_settings_pre_commit_and_the_platforms_pipelines(
    tmp_path: Path, platform: Platform
) -> None:
    _init(tmp_path, platform)
    assert _files(tmp_path) == sorted(COMMON + PIPELINES[platform])


@pytest.mark.parametrize("platform", list(SCHEMAS))
def test_every_pipeline_file_is_valid_against_its_platforms_schema(
    tmp_path: Path, platform: Platform
) -> None:
    _init(tmp_path, platform)
    found = {
        name: [errors(SCHEMAS[platform], d) for d in documents(tmp_path / name)]
        for name in PIPELINES[platform]
    }
    assert found == {name: [[] for _ in documents(tmp_path / name)] for name in found}


def test_the_jenkinsfile_is_the_repositorys_tested_example(tmp_path: Path) -> None:
    _init(tmp_path, Platform.JENKINS)
    (example,) = EXAMPLES[Platform.JENKINS]
    assert (tmp_path / "Jenkinsfile").read_text(encoding="utf-8") == example_path(
        example
    ).read_text(encoding="utf-8")


def test_the_scaffolded_topology_validates_clean(tmp_path: Path) -> None:
    _init(tmp_path, Platform.GITHUB)
    result = runner.invoke(
        app, ["validate", "--root", str(tmp_path), "--settings", str(tmp_path / "ktb.yaml")]
    )
    assert (result.exit_code, result.output) == (0, "Found 0 errors, 0 warnings in 1 file.\n")


def test_init_never_overwrites_a_file_and_says_which_it_kept(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("ours\n", encoding="utf-8")
    output = _init(tmp_path, Platform.GITLAB)
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "ours\n"
    assert "kept README.md (exists; not overwritten)\n" in output
    assert "wrote README.md" not in output


def test_init_prints_what_it_wrote_then_the_secrets_to_set(tmp_path: Path) -> None:
    output = _init(tmp_path, Platform.BITBUCKET)
    assert output == (
        "wrote ktb.yaml\n"
        "wrote kafka/client.properties\n"
        "wrote .pre-commit-config.yaml\n"
        "wrote README.md\n"
        "wrote topologies/payments.yaml\n"
        "wrote topologies/connectors/ledger-entries-source.json\n"
        "wrote bitbucket-pipelines.yml\n"
        "\n"
        "Set these on bitbucket before the first run:\n"
        + "".join(f"  - {secret}\n" for secret in SECRETS[Platform.BITBUCKET])
        + "\nNext: `pre-commit install`, then `ktb validate`.\n"
    )


def test_the_pre_commit_config_names_the_hook_and_pre_commit_accepts_it(tmp_path: Path) -> None:
    _init(tmp_path, Platform.GITHUB)
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    config = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert (done.returncode, config["repos"][0]["hooks"]) == (0, [{"id": "ktb-validate"}])


def test_the_readmes_pre_commit_snippet_is_what_init_writes() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    snippet = readme.split("```yaml\nrepos:\n", 1)[1].split("```", 1)[0]
    assert PRE_COMMIT_CONFIG.endswith("repos:\n" + snippet)
