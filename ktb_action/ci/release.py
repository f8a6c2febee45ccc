"""Release step: write the exact image (version and digest) into the action metadata and the
GitLab component of the commit that gets the version tag.

A moving `:v1` tag would make a workflow pinned to the action's commit SHA still run whatever
image `v1` points to today; with `image:1.2.3@sha256:…` in the tagged commit, pinning the
action pins the image. Run by the release workflow as
`python -m ktb_action.ci.release <image>:1.2.3@sha256:… action.yml templates/ktb.yml`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path

from ktb_action.errors import UsageError, run_guarded

_REFERENCE = re.compile(r"[a-z0-9./_-]+:[A-Za-z0-9._-]+@sha256:[0-9a-f]{64}")
# `image: docker://…` in action.yml; the component's `image` input default in templates/.
_ACTION_IMAGE = re.compile(r"^(  image: docker://)\S+$", re.MULTILINE)
_COMPONENT_IMAGE = re.compile(r"^(    image:\n      default: )\S+$", re.MULTILINE)


def pin_image(text: str, reference: str) -> str:
    """`text` (action.yml or the component) with its image replaced by `reference`, which
    must name both a tag and a digest; exactly one image line must be found."""
    if _REFERENCE.fullmatch(reference) is None:
        raise UsageError(
            f"`{reference}` is not an image reference with a tag and a digest",
            hint="pass e.g. ghcr.io/acme/ktb-action:1.2.3@sha256:<64 hex digits>",
        )
    pinned, found = _ACTION_IMAGE.subn(rf"\g<1>{reference}", text)
    if not found:
        pinned, found = _COMPONENT_IMAGE.subn(rf"\g<1>{reference}", text)
    if found != 1:
        raise UsageError("no single image line to pin (expected action.yml or templates/ktb.yml)")
    return pinned


def main(argv: Sequence[str]) -> int:
    """Pin `argv[0]` into every file named after it."""
    if len(argv) < 2:
        sys.stderr.write("usage: python -m ktb_action.ci.release <image@digest> <file>...\n")
        return 2
    reference, *files = argv
    for name in files:
        path = Path(name)
        path.write_text(pin_image(path.read_text(encoding="utf-8"), reference), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(run_guarded(lambda: main(sys.argv[1:])))
