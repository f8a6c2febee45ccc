"""Where the shared JulieOps corpus is, for the tests that read it.

CI lays the repository out as a fresh clone with `shared/` beside it, so the default is
`../shared/compat/julie` from the clone; `KTB_JULIE_CORPUS` points elsewhere. A missing
corpus fails the run in CI (a pipeline must never turn green by skipping) and skips elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ktb_action.diagnostics import Severity
from ktb_action.settings import RuleSetting, Settings
from tests.kafka_fixture import in_ci

CORPUS = Path(
    os.environ.get("KTB_JULIE_CORPUS")
    or Path(__file__).resolve().parents[2] / "shared" / "compat" / "julie"
)


def require_corpus() -> Path:
    """The corpus folder; call at module level so a missing corpus stops the module early."""
    if not CORPUS.is_dir():
        message = f"JulieOps corpus not found at {CORPUS} (set KTB_JULIE_CORPUS)"
        if in_ci(os.environ):
            pytest.fail(message, pytrace=False)
        pytest.skip(message, allow_module_level=True)
    return CORPUS


PASSED_THROUGH = frozenset(
    {
        "src/test/resources/descriptor-with-plans.yaml",
        "src/test/resources/descriptor-with-invalid-plan.yaml",
    }
)
"""Descriptors whose plans (src/test/resources/plans.yaml) set made-up configs (`foo`, `bar`)
to test how plans merge: JulieOps passes them to Kafka, which refuses them, so ktb refuses
them unless `topic-config-unknown` is lowered to a warning, as these are read."""


CONNECT_LABELS = {
    "example/descriptor-connect.yaml": "connect",
    "src/test/resources/descriptor-connector-alone.yaml": "connector0",
    "src/test/resources/descriptor-connector-alone-updated.yaml": "connector0",
    "src/test/resources/descriptor-only-conn.yaml": "connector0",
}
"""The Connect cluster label each connector descriptor's artefacts name: JulieOps parses them
only with that label in `platform.servers.connect` (upstream tests set `connector0`)."""


def julie_settings(name: str, plans: str | None = None) -> Settings:
    """The settings the upstream tests read the descriptor `name` with."""
    lowered = {"topic-config-unknown": RuleSetting(severity=Severity.WARNING)}
    label = CONNECT_LABELS.get(name)
    return Settings(
        plans_file=plans,
        rules=lowered if name in PASSED_THROUGH else {},
        connect_clusters=(f"{label}:http://localhost:8083",) if label else (),
    )
