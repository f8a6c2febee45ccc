"""What one CI run is about: the platform, the mode and the change request, as a value."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Platform(StrEnum):
    """Where results are reported."""

    GITHUB = "github"
    GITLAB = "gitlab"
    BITBUCKET = "bitbucket"
    NONE = "none"


class Mode(StrEnum):
    """What the run does. `plan` validates first; `apply` validates and plans first."""

    VALIDATE = "validate"
    PLAN = "plan"
    APPLY = "apply"
    DRIFT = "drift"


@dataclass(frozen=True, slots=True)
class Job:
    """The routed run. `mode is None` means there is nothing to do, and `reason` says why."""

    platform: Platform
    mode: Mode | None = None
    reason: str = ""
    """One line for the log: why this mode was chosen (or why nothing runs)."""
    event: str = ""
    change_request: int | None = None
    """Pull request number (GitHub, Bitbucket) or merge request IID (GitLab)."""
    head_sha: str | None = None
    base_sha: str | None = None
    """The merge base of the change request, for diffs and GitLab positions."""
    start_sha: str | None = None
    """The target branch's tip when the change request's diff was made (GitLab)."""
    repo: str | None = None
    """`owner/name` on GitHub, `workspace/slug` on Bitbucket; the project ID (or URL-encoded
    path) on GitLab."""
    default_branch: str | None = None
    is_fork: bool = False
    api_url: str | None = None
    on_default_branch: bool = False
    """The run is for the default branch itself, not a change request: the only place
    `apply` is allowed from (outside GitHub/GitLab CI the pipeline decides, so True)."""
