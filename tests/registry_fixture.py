"""The Schema Registry the subjects tests run against: the local stand-in checking every
request against Confluent's API description, or a real registry when
`KTB_TEST_SCHEMA_REGISTRY_URL` names one (the CI workflow runs Confluent's image)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from ktb_action.kinds.subjects.http import HttpRegistry, RegistryConnection
from tests.fakes.schema_registry import FakeSchemaRegistry, fake_schema_registry

REAL_REGISTRY_VARIABLE = "KTB_TEST_SCHEMA_REGISTRY_URL"


@dataclass(frozen=True)
class RegistryUnderTest:
    """Where the registry is; `fake` is the stand-in, None for a real registry."""

    url: str
    fake: FakeSchemaRegistry | None

    def client(self) -> HttpRegistry:
        """A client of the registry, for tests to read what apply did."""
        return HttpRegistry(RegistryConnection(self.url))


@pytest.fixture
def schema_registry() -> Iterator[RegistryUnderTest]:
    """The registry of one test; with the stand-in, no request may break the description."""
    real = os.environ.get(REAL_REGISTRY_VARIABLE)
    if real:
        yield RegistryUnderTest(real, None)
        return
    fake = fake_schema_registry()
    try:
        yield RegistryUnderTest(fake.url, fake)
        assert fake.violations == []
    finally:
        fake.stop()
