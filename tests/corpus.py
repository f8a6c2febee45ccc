"""Where the shared JulieOps corpus is, for the tests that read it.

CI lays the repository out as a fresh clone with `shared/` beside it, so the default is
`../shared/compat/julie` from the clone; `KTB_JULIE_CORPUS` points elsewhere. A missing
corpus fails the run in CI (a pipeline must never turn green by skipping) and skips elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
