"""A fake GitHub REST API that checks every request against GitHub's published OpenAPI
description (`@octokit/openapi`) and answers with that description's own examples."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from tests.fakes.openapi import operations
from tests.fakes.server import ContractServer, Operation

NPM_MODULES = Path(__file__).resolve().parents[2] / ".cache" / "npm" / "node_modules"
OPENAPI = NPM_MODULES / "@octokit" / "openapi" / "generated" / "api.github.com.json"


def read_npm_fixture(path: Path) -> Any:
    """A JSON file of the pinned npm packages, with the command to run when it is missing."""
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run scripts/fetch-test-fixtures")
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _operations() -> tuple[Operation, ...]:
    return tuple(operations(read_npm_fixture(OPENAPI)))


def fake_github() -> ContractServer:
    """A started fake of api.github.com (operation ids are GitHub's, e.g. `checks/create`)."""
    return ContractServer(list(_operations())).start()
