"""Fixtures of the CI tests: the fake platform APIs and GitHub's published webhook payloads.

Both come from npm packages fetched by `scripts/fetch-test-fixtures` into `.cache/npm`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

import pytest

from ktb_action.ci.http import Retry
from tests.fakes.bitbucket_api import fake_bitbucket
from tests.fakes.github_api import NPM_MODULES, fake_github, read_npm_fixture
from tests.fakes.gitlab_api import fake_gitlab
from tests.fakes.server import ContractServer

WEBHOOK_EXAMPLES = NPM_MODULES / "@octokit" / "webhooks-examples" / "api.github.com" / "index.json"

Webhook = Callable[..., dict[str, Any]]


@pytest.fixture
def github() -> Iterator[ContractServer]:
    """The fake GitHub API; the test fails if any request broke the published description."""
    with fake_github() as server:
        yield server
    assert server.violations == []


@pytest.fixture
def gitlab() -> Iterator[ContractServer]:
    """The fake GitLab API; the test fails if any request broke the documented contract."""
    with fake_gitlab() as server:
        yield server
    assert server.violations == []


@pytest.fixture
def bitbucket() -> Iterator[ContractServer]:
    """The fake Bitbucket API; the test fails if any request broke Bitbucket's description."""
    with fake_bitbucket() as server:
        yield server
    assert server.violations == []


@cache
def _examples() -> dict[str, list[dict[str, Any]]]:
    events = read_npm_fixture(WEBHOOK_EXAMPLES)
    return {event["name"]: event["examples"] for event in events}


def published_webhook(
    event: str, action: str | None = None, where: Callable[[dict[str, Any]], bool] = bool
) -> dict[str, Any]:
    """A copy of the first published example of `event` (with `action`, and for which
    `where` holds), to change fields of."""
    for example in _examples()[event]:
        if (action is None or example.get("action") == action) and where(example):
            return copy.deepcopy(example)
    raise LookupError(f"no published `{event}` example with action `{action}`")


@pytest.fixture
def webhook() -> Webhook:
    """`webhook("pull_request", action="opened")`: see `published_webhook`."""
    return published_webhook


class Sleeps(list[float]):
    """The delays a retrying client asked for, instead of sleeping them."""


@pytest.fixture
def sleeps() -> Sleeps:
    """Recorded sleeps (tests run without waiting)."""
    return Sleeps()


@pytest.fixture
def retry(sleeps: Sleeps) -> Retry:
    """Three tries, 1 s base delay, sleeps recorded rather than slept."""
    return Retry(tries=3, base_delay=1.0, sleep=sleeps.append)
