"""One apply's audit record, built from the plan, the report and the environment. Pure: the
clock and the environment are arguments, and only the names of CI variables are read."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from ktb_action import __version__
from ktb_action.core.applier import ApplyReport
from ktb_action.core.plan import Plan
from ktb_action.redact import redact
from ktb_action.render.plan_json import plan_to_dict

AUDIT_FORMAT_VERSION = 1

_PLATFORMS: tuple[tuple[str, str, dict[str, str]], ...] = (
    (
        "GITHUB_ACTIONS",
        "github",
        {
            "actor": "GITHUB_ACTOR",
            "repository": "GITHUB_REPOSITORY",
            "commit": "GITHUB_SHA",
            "ref": "GITHUB_REF",
        },
    ),
    (
        "GITLAB_CI",
        "gitlab",
        {
            "actor": "GITLAB_USER_LOGIN",
            "repository": "CI_PROJECT_PATH",
            "commit": "CI_COMMIT_SHA",
            "ref": "CI_COMMIT_REF_NAME",
            "run_url": "CI_JOB_URL",
            "pull_request": "CI_MERGE_REQUEST_IID",
        },
    ),
    (
        "BITBUCKET_BUILD_NUMBER",
        "bitbucket",
        {
            "actor": "BITBUCKET_STEP_TRIGGERER_UUID",
            "repository": "BITBUCKET_REPO_FULL_NAME",
            "commit": "BITBUCKET_COMMIT",
            "ref": "BITBUCKET_BRANCH",
            "pull_request": "BITBUCKET_PR_ID",
        },
    ),
    (
        "JENKINS_URL",
        "jenkins",
        {
            "actor": "BUILD_USER_ID",
            "commit": "GIT_COMMIT",
            "ref": "GIT_BRANCH",
            "run_url": "BUILD_URL",
        },
    ),
)


def origin(env: Mapping[str, str]) -> dict[str, str | None]:
    """Who applied and from where: the CI platform's variables, else the local user."""
    for marker, platform, names in _PLATFORMS:
        if env.get(marker):
            found: dict[str, str | None] = {"platform": platform}
            found |= {field: env.get(name) or None for field, name in names.items()}
            if platform == "github":
                found["run_url"] = _github_run_url(env)
                found["pull_request"] = _github_pull_request(env.get("GITHUB_REF", ""))
            return found
    return {"platform": "local", "actor": env.get("USER") or env.get("USERNAME") or None}


def _github_run_url(env: Mapping[str, str]) -> str | None:
    server, repository, run = (
        env.get("GITHUB_SERVER_URL"),
        env.get("GITHUB_REPOSITORY"),
        env.get("GITHUB_RUN_ID"),
    )
    return f"{server}/{repository}/actions/runs/{run}" if server and repository and run else None


def _github_pull_request(ref: str) -> str | None:
    """`refs/pull/12/merge` -> `12`."""
    parts = ref.split("/")
    return parts[2] if len(parts) == 4 and parts[:2] == ["refs", "pull"] else None


def audit_record(
    scope: str,
    plan: Plan,
    report: ApplyReport | None,
    env: Mapping[str, str],
    *,
    started: datetime,
    ended: datetime,
    merged_from: tuple[int, str | None] | None = None,
) -> dict[str, Any]:
    """The record of one apply (`report` None: nothing was attempted). `merged_from` is the
    pull/merge request (number, web page) the platform's API says the commit came from: it
    wins over the CI variables. Every text a server or a user wrote goes through `redact`,
    so no remembered secret is ever in it."""
    results = [] if report is None else report.results
    found = origin(env)
    if merged_from is not None:
        found |= {"pull_request": str(merged_from[0]), "pull_request_url": merged_from[1]}
    record = {
        "format_version": AUDIT_FORMAT_VERSION,
        "ktb_version": __version__,
        "scope": scope,
        **found,
        "started_at": _iso(started),
        "ended_at": _iso(ended),
        "plan": plan_to_dict(plan),
        "results": [
            {
                "address": str(r.change.address),
                "verb": r.change.verb.value,
                "outcome": r.outcome.value,
                "error": r.error,
            }
            for r in results
        ],
    }
    return json.loads(redact(json.dumps(record)))  # type: ignore[no-any-return]


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")
