"""A GitLab Runner (Docker executor) running a job of the project's CI/CD component.

The job's container starts with the component's `entrypoint: [""]`, in the checkout
(`/builds/<group>/<project>`, mounted from the runner's build directory), with GitLab's
predefined `CI_*` variables and the component's `variables:` (its `$[[ inputs.… ]]` filled in
from the defaults or the `include:`'s inputs), and runs the job's `script:` with a shell.
Artefacts are then collected from the checkout at the paths the job names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from tests.image.container import Run

COMPONENT = Path(__file__).resolve().parents[2] / "templates" / "ktb.yml"
PROJECT_DIR = "/builds/acme/kafka-topologies"
TOKEN = "glpat-secret-token-value"
_INPUT = re.compile(r"\$\[\[\s*inputs\.(\w+)\s*\]\]")


def component() -> tuple[dict[str, Any], dict[str, Any]]:
    """The component's spec header and its jobs."""
    header, jobs = yaml.safe_load_all(COMPONENT.read_text(encoding="utf-8"))
    return header, jobs


def artefact_paths() -> list[str]:
    """Every file the component's jobs keep as an artefact (paths and reports)."""
    artifacts = component()[1][".ktb-base"]["artifacts"]
    return [*artifacts["paths"], *artifacts["reports"].values()]


def gitlab_job(checkout: Path, predefined: Mapping[str, str], inputs: Mapping[str, str]) -> Run:
    """The `docker run` of the component's job on `checkout`, with GitLab's predefined
    variables (plus masked ones) and the `include:`'s inputs."""
    header, jobs = component()
    declared = header["spec"]["inputs"]
    unknown = set(inputs) - set(declared)
    if unknown:
        raise ValueError(f"the component declares no input {sorted(unknown)}")
    values = {name: _text(spec.get("default", "")) for name, spec in declared.items()}
    values.update(inputs)
    base = jobs[".ktb-base"]
    variables = {
        name: _INPUT.sub(lambda m: values[m.group(1)], str(value))
        for name, value in base["variables"].items()
    }
    return Run(
        command=["sh", "-c", "\n".join(base["script"])],
        environment={
            "CI": "true",
            "GITLAB_CI": "true",
            "CI_PROJECT_DIR": PROJECT_DIR,
            "CI_BUILDS_DIR": "/builds",
            **predefined,
            **variables,
        },
        mounts={checkout: PROJECT_DIR},
        working_dir=PROJECT_DIR,
        entrypoint=base["image"]["entrypoint"],
    )


def _text(value: object) -> str:
    # GitLab writes a boolean input as `true` / `false`.
    return str(value).lower() if isinstance(value, bool) else str(value)
