"""Jenkins multibranch pipelines: which git server a build came from, and the run it is.

Jenkins only runs the build; results go to the git server the change came from, found from
`CHANGE_URL` (pull request builds) or `GIT_URL` (branch builds). On a pull request build
Jenkins checks out a merge of the pull request into its target (`GIT_COMMIT` is that local
merge commit, unknown to the server), so the annotated commit is the merge's second parent.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.parse import quote, urlsplit

from ktb_action.ci.job import Job, Platform

DEFAULT_BITBUCKET_API = "https://api.bitbucket.org/2.0"
_SCP_LIKE = re.compile(r"^[\w.-]+@(?P<host>[\w.-]+):(?P<path>.+)$")
# What follows the repository in a change request's web URL, per server.
_CHANGE_PATH = re.compile(r"/(?:-/merge_requests|pull-requests|pull)/\d+/?$")


def is_jenkins(env: Mapping[str, str]) -> bool:
    """Whether the run is a Jenkins build (Jenkins sets both for every build)."""
    return bool(env.get("JENKINS_URL") and env.get("BUILD_URL"))


def server_of(env: Mapping[str, str]) -> Platform:
    """The git server the build's change came from, by the host of its URL."""
    host, _ = _host_and_path(env.get("CHANGE_URL") or env.get("GIT_URL") or "")
    for platform in (Platform.GITHUB, Platform.GITLAB, Platform.BITBUCKET):
        if platform.value in host:
            return platform
    return Platform.NONE


def jenkins_job(
    platform: Platform, env: Mapping[str, str], pr_head: Callable[[], str | None]
) -> Job:
    """The build as a job for `platform`, not yet routed (no mode)."""
    host, path = _host_and_path(env.get("CHANGE_URL") or env.get("GIT_URL") or "")
    change_id = env.get("CHANGE_ID", "")
    is_change = change_id.isdigit()
    return Job(
        platform=platform,
        event="jenkins pull request" if is_change else "jenkins branch",
        change_request=int(change_id) if is_change else None,
        head_sha=env.get("KTB_COMMIT") or (pr_head() if is_change else env.get("GIT_COMMIT")),
        repo=_repo(platform, path),
        default_branch=env.get("CHANGE_TARGET"),
        # Jenkins' GitHub and Bitbucket branch sources name the fork's owner here.
        is_fork=is_change and bool(env.get("CHANGE_FORK")),
        api_url=_api_url(platform, host, env),
        # A branch build applies only when the Jenkinsfile asks for it (`when { branch … }`).
        on_default_branch=not is_change,
    )


def merge_head(root: Path) -> str | None:
    """The pull request's head in a Jenkins merge checkout (HEAD's second parent), or HEAD
    when Jenkins built the head itself; None outside a git work tree."""
    for revision in ("HEAD^2", "HEAD"):
        done = subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", revision],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode == 0:
            return done.stdout.strip()
    return None


def _host_and_path(url: str) -> tuple[str, str]:
    scp = _SCP_LIKE.match(url)
    if scp is not None:
        return scp["host"].lower(), scp["path"]
    parts = urlsplit(url)
    return (parts.hostname or "").lower(), parts.path


def _repo(platform: Platform, path: str) -> str | None:
    path = _CHANGE_PATH.sub("", path).strip("/").removesuffix(".git")
    if not path:
        return None
    # GitLab takes a project path URL-encoded where an ID goes; `/` is not safe there.
    return quote(path, safe="") if platform is Platform.GITLAB else path


def _api_url(platform: Platform, host: str, env: Mapping[str, str]) -> str | None:
    if platform is Platform.GITHUB:
        default = "https://api.github.com" if host == "github.com" else f"https://{host}/api/v3"
        return env.get("GITHUB_API_URL") or default
    if platform is Platform.GITLAB:
        return env.get("KTB_GITLAB_API_URL") or f"https://{host}/api/v4"
    if platform is Platform.BITBUCKET:
        return env.get("KTB_BITBUCKET_API_URL") or DEFAULT_BITBUCKET_API
    return None
