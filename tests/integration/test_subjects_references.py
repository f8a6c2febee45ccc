"""Schema references (`value.references`): a schema that uses a type registered under
another subject is registered after it, with the reference the registry expects, planned and
checked with it, and a reference to a subject nobody has is an error at its line. Against the
real broker and the registry under test (the stand-in checking every request against
Confluent's API description, or a real registry)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from ktb_action import planning
from ktb_action.core.applier import Outcome
from ktb_action.core.plan import Address, Plan, Status, Verb
from ktb_action.diagnostics import Severity, Span
from ktb_action.kafka.admin import connect
from ktb_action.kafka.config import ClientConfig
from ktb_action.kafka.read import KafkaReader
from ktb_action.kafka.write import KafkaWriter
from ktb_action.kinds.subjects.http import HttpRegistry, RegistryConnection
from ktb_action.pipeline import load_topologies
from ktb_action.servers import SecretSources, Servers
from tests.kafka_fixture import KafkaCluster, unique_name
from tests.registry_fixture import RegistryUnderTest

pytestmark = pytest.mark.integration

PERSON = {
    "type": "record",
    "name": "Person",
    "namespace": "com.acme",
    "fields": [{"name": "id", "type": "string"}],
}
ORDER = {
    "type": "record",
    "name": "Order",
    "namespace": "com.acme",
    "fields": [{"name": "buyer", "type": "com.acme.Person"}],
}
ORDER_WITH_NOTE = {**ORDER, "fields": [*ORDER["fields"], {"name": "note", "type": "string"}]}


class Repo:
    """Topics `orders` (whose value uses `com.acme.Person`) and `people` (which declares it):
    `orders` sorts first, so the apply must reorder them."""

    def __init__(self, root: Path, registry: RegistryUnderTest, servers: Servers) -> None:
        self.root = root
        self.registry = registry
        self.servers = servers
        self.context = unique_name("ref")
        self.orders = f"{self.context}.shop.orders-value"
        self.people = f"{self.context}.shop.people-value"

    def write(self, order: Any, *, referenced_subject: str | None = None) -> None:
        """The topology, both schema files and `ktb.yaml`."""
        (self.root / "schemas").mkdir(exist_ok=True)
        (self.root / "schemas" / "person.avsc").write_text(json.dumps(PERSON, indent=2))
        (self.root / "schemas" / "order.avsc").write_text(json.dumps(order, indent=2))
        (self.root / "topology.yaml").write_text(
            f"context: {self.context}\n"
            "projects:\n"
            "  - name: shop\n"
            "    topics:\n"
            "      - name: orders\n"
            "        schemas:\n"
            "          value.schema.file: schemas/order.avsc\n"
            "          value.references:\n"
            "            - name: com.acme.Person\n"
            f"              subject: {referenced_subject or self.people}\n"
            "      - name: people\n"
            "        schemas:\n"
            "          value.schema.file: schemas/person.avsc\n"
        )
        (self.root / "ktb.yaml").write_text(f"schema_registry:\n  url: {self.registry.url}\n")

    def plan(self) -> Plan:
        """The plan of the repository, as `ktb plan` computes it."""
        loaded = load_topologies([self.root / "topology.yaml"], self.root, None)
        assert loaded.diagnostics == ()
        return planning.make_plan(loaded, self.servers)

    def apply(self) -> list[tuple[str, str, Outcome, str | None]]:
        """Apply the plan; what became of each change, in the plan's order."""
        report = planning.apply(self.plan(), self.servers)
        return [(r.change.kind, r.change.name, r.outcome, r.error) for r in report.results]

    def subject_changes(self, plan: Plan) -> list[tuple[Verb, Address, Status]]:
        """The plan's subject changes."""
        return [(c.verb, c.address, c.status) for c in plan.changes if c.kind == "subject"]


@pytest.fixture
def repo(kafka: KafkaCluster, schema_registry: RegistryUnderTest, tmp_path: Path) -> Iterator[Repo]:
    session = connect(ClientConfig(kafka.admin_config), timeout=30.0)
    servers = Servers(
        KafkaReader(session),
        KafkaWriter(session),
        SecretSources({}, tmp_path),
        open_registry=lambda: HttpRegistry(RegistryConnection(schema_registry.url)),
    )
    yield Repo(tmp_path, schema_registry, servers)
    servers.close()


def test_a_schema_with_references_registers_in_one_apply_and_then_plans_no_change(
    repo: Repo,
) -> None:
    repo.write(ORDER)
    assert [
        (kind, name, outcome) for kind, name, outcome, _ in repo.apply() if kind == "subject"
    ] == [
        ("subject", repo.orders, Outcome.SUCCEEDED),
        ("subject", repo.people, Outcome.SUCCEEDED),
    ]
    assert repo.plan().changes == ()


def test_the_referenced_subject_is_registered_first_and_the_reference_names_its_version(
    repo: Repo,
) -> None:
    if repo.registry.fake is None:
        pytest.skip("reads the stand-in's recorded requests")
    repo.write(ORDER)
    repo.apply()
    registrations = [
        (unquote_subject(r.path), r.body.get("references"))
        for r in repo.registry.fake.requests
        if r.operation_id == "register"
    ]
    assert registrations == [
        (repo.people, None),
        (repo.orders, [{"name": "com.acme.Person", "subject": repo.people, "version": 1}]),
    ]


def test_a_change_to_a_schema_with_references_is_checked_with_them(repo: Repo) -> None:
    repo.write(ORDER)
    repo.apply()
    repo.write(ORDER_WITH_NOTE)
    plan = repo.plan()
    assert repo.subject_changes(plan) == [
        (Verb.UPDATE, Address("subject", repo.orders), Status.UNSUPPORTED)
    ]
    assert [(d.rule, d.severity, d.span) for d in plan.diagnostics] == [
        (
            "schema-incompatible",
            Severity.ERROR,
            Span(str(Path("schemas") / "order.avsc"), 10, 5, 13, 6),
        )
    ]


def test_a_reference_to_a_subject_nobody_has_is_an_error_at_its_line(repo: Repo) -> None:
    missing = unique_name("nowhere") + "-value"
    repo.write(ORDER, referenced_subject=missing)
    plan = repo.plan()
    assert [(d.rule, d.severity, d.message, d.span) for d in plan.diagnostics] == [
        (
            "schema-reference-unknown",
            Severity.ERROR,
            f"subject `{repo.orders}` references subject `{missing}`, which no topology "
            "declares and the registry does not have",
            Span("topology.yaml", 10, 24, 10, 48),
        )
    ]


def unquote_subject(path: str) -> str:
    """The subject of a `/subjects/{subject}/versions` path."""
    return unquote(path.split("/")[2])
