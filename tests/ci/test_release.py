"""The release: an exact image (tag and digest) in the tagged commit's action metadata and
component, OCI labels, two architectures, and a base image pinned by digest."""

from __future__ import annotations

from pathlib import Path

import pytest

from ktb_action.ci.release import main, pin_image
from ktb_action.errors import UsageError
from tests.ci.vendored_schemas import documents, errors

ROOT = Path(__file__).resolve().parents[2]
DIGEST = "sha256:" + "ab" * 32
REFERENCE = f"ghcr.io/acme/ktb-action:1.2.3@{DIGEST}"
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"


def _release_script() -> str:
    (workflow,) = documents(WORKFLOW)
    return "\n".join(step.get("run", "") for step in workflow["jobs"]["release"]["steps"])


def test_release_writes_the_exact_image_into_action_yml_and_the_component(
    tmp_path: Path,
) -> None:
    action = tmp_path / "action.yml"
    component = tmp_path / "ktb.yml"
    action.write_text((ROOT / "action.yml").read_text(encoding="utf-8"), encoding="utf-8")
    component.write_text((ROOT / "templates" / "ktb.yml").read_text(encoding="utf-8"), "utf-8")
    assert main([REFERENCE, str(action), str(component)]) == 0
    (metadata,) = documents(action)
    header, _ = documents(component)
    assert metadata["runs"]["image"] == f"docker://{REFERENCE}"
    assert header["spec"]["inputs"]["image"]["default"] == REFERENCE
    assert errors("github-actions", metadata) == []


def test_a_reference_without_a_digest_is_refused() -> None:
    with pytest.raises(UsageError, match="is not an image reference with a tag and a digest"):
        pin_image("runs:\n  image: docker://x:v1\n", "ghcr.io/acme/ktb-action:v1")


def test_release_builds_amd64_and_arm64_from_the_base_pinned_by_digest() -> None:
    script = _release_script()
    assert "--platform linux/amd64,linux/arm64" in script
    assert '--build-context "$BASE=docker-image://$BASE@$BASE_DIGEST"' in script
    assert 'python3 -m ktb_action.ci.release "$IMAGE_REF" action.yml templates/ktb.yml' in script


def test_image_carries_the_oci_labels() -> None:
    labels = [
        line.split()[1].split("=")[0]
        for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
        if line.startswith("LABEL ")
    ]
    script = _release_script()
    added = {
        name
        for name in ("version", "revision", "source")
        if f'--label "org.opencontainers.image.{name}=' in script
    }
    assert {"org.opencontainers.image.source", "org.opencontainers.image.licenses"} <= set(labels)
    assert added == {"version", "revision", "source"}
