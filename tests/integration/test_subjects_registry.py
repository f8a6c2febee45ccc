"""Schema Registry subjects planned and applied through the same planner and applier as
topics, against the registry of `tests/registry_fixture.py`: exact plans, the registry's
compatibility verdict as a finding at the schema file, and re-runs that converge."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ktb_action import planning
from ktb_action.core.applier import Outcome, UnsupportedChangesError
from ktb_action.core.plan import Address, Plan, Status, Verb
from ktb_action.diagnostics import Severity, Span
from ktb_action.kafka.admin import connect
from ktb_action.kafka.config import ClientConfig
from ktb_action.kafka.read import KafkaReader
from ktb_action.kafka.write import KafkaWriter
from ktb_action.kinds.subjects.http import HttpRegistry, RegistryConnection
from ktb_action.kinds.subjects.port import Reference
from ktb_action.pipeline import load_topologies
from ktb_action.servers import SecretSources, Servers
from tests.kafka_fixture import KafkaCluster, unique_name
from tests.registry_fixture import RegistryUnderTest

pytestmark = pytest.mark.integration

USER_V1 = {"type": "record", "name": "User", "fields": [{"name": "id", "type": "string"}]}
WITH_EMAIL_DEFAULT = {
    **USER_V1,
    "fields": [*USER_V1["fields"], {"name": "email", "type": "string", "default": ""}],
}
WITH_EMAIL_REQUIRED = {
    **USER_V1,
    "fields": [*USER_V1["fields"], {"name": "email", "type": "string"}],
}


class Repo:
    """A repository with one topology whose topic `users` has a value schema file."""

    def __init__(self, root: Path, registry: RegistryUnderTest, servers: Servers) -> None:
        self.root = root
        self.registry = registry
        self.servers = servers
        self.context = unique_name("sr")
        self.subject = f"{self.context}.shop.users-value"

    def write(
        self,
        schema: Any,
        *,
        level: str | None = None,
        part: str = "value",
        topic: str = "users",
        settings: str = "",
        indent: int | None = 2,
    ) -> None:
        """Write the topology, the schema file and `ktb.yaml`."""
        (self.root / "schemas").mkdir(exist_ok=True)
        (self.root / "schemas" / "user.avsc").write_text(json.dumps(schema, indent=indent))
        block = f"        schemas:\n          {part}.schema.file: schemas/user.avsc\n"
        if level is not None:
            block += f"          value.compatibility: {level}\n"
        (self.root / "topology.yaml").write_text(
            f"context: {self.context}\nprojects:\n  - name: shop\n    topics:\n"
            f"      - name: {topic}\n{block}"
        )
        (self.root / "ktb.yaml").write_text(
            "schema_registry:\n  url: " + self.registry.url + "\n" + settings
        )

    def plan(self) -> Plan:
        """The plan of the repository, as `ktb plan` computes it."""
        loaded = load_topologies([self.root / "topology.yaml"], self.root, None)
        assert loaded.diagnostics == ()
        return planning.make_plan(loaded, self.servers)

    def apply(self) -> list[tuple[str, Outcome, str | None]]:
        """Apply the plan; what became of each change."""
        report = planning.apply(self.plan(), self.servers)
        return [(r.change.kind, r.outcome, r.error) for r in report.results]

    def subject_changes(self, plan: Plan) -> list[tuple[Verb, Address, Status]]:
        """The plan's subject changes."""
        return [(c.verb, c.address, c.status) for c in plan.changes if c.kind == "subject"]

    def versions(self) -> int:
        """How many versions the registry has of the subject (0 when none is live)."""
        latest = {item.subject: item for item in self.registry.client().latest_versions()}
        return latest[self.subject].version if self.subject in latest else 0


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


def test_a_declared_schema_is_registered_after_its_topic_and_then_plans_no_change(
    repo: Repo,
) -> None:
    repo.write(USER_V1)
    assert repo.subject_changes(repo.plan()) == [
        (Verb.CREATE, Address("subject", repo.subject), Status.READY)
    ]
    assert repo.apply() == [
        ("topic", Outcome.SUCCEEDED, None),
        ("subject", Outcome.SUCCEEDED, None),
    ]
    assert repo.versions() == 1
    assert repo.plan().changes == ()


def test_reformatting_a_registered_schema_plans_no_change(repo: Repo) -> None:
    repo.write(USER_V1)
    repo.apply()
    repo.write(dict(reversed(USER_V1.items())), indent=None)
    assert repo.plan().changes == ()


def test_a_compatible_change_registers_a_new_version(repo: Repo) -> None:
    repo.write(USER_V1)
    repo.apply()
    repo.write(WITH_EMAIL_DEFAULT)
    plan = repo.plan()
    assert repo.subject_changes(plan) == [
        (Verb.UPDATE, Address("subject", repo.subject), Status.READY)
    ]
    assert plan.diagnostics == ()
    assert repo.apply() == [("subject", Outcome.SUCCEEDED, None)]
    assert repo.versions() == 2
    assert repo.plan().changes == ()


def test_an_incompatible_change_is_an_error_at_the_new_field_and_is_not_applied(
    repo: Repo,
) -> None:
    repo.write(USER_V1)
    repo.apply()
    repo.write(WITH_EMAIL_REQUIRED)
    plan = repo.plan()
    assert repo.subject_changes(plan) == [
        (Verb.UPDATE, Address("subject", repo.subject), Status.UNSUPPORTED)
    ]
    [finding] = plan.diagnostics
    assert (finding.rule, finding.severity) == ("schema-incompatible", Severity.ERROR)
    assert finding.message.startswith(
        f"schema of subject `{repo.subject}` is incompatible with its latest version: "
    )
    if repo.registry.fake is not None:  # where a real registry's reason points may differ
        # `{"name": "email", …}`, the second entry of `fields`, spans lines 9 to 12.
        assert finding.span == Span("schemas/user.avsc", 9, 5, 12, 6)
    with pytest.raises(UnsupportedChangesError):
        repo.apply()
    assert repo.versions() == 1


def test_the_override_lets_apply_try_an_incompatible_schema_and_reports_the_refusal(
    repo: Repo,
) -> None:
    repo.write(USER_V1)
    repo.apply()
    repo.write(WITH_EMAIL_REQUIRED, settings="  allow_incompatible: true\n")
    plan = repo.plan()
    assert [d.severity for d in plan.diagnostics] == [Severity.WARNING]
    [(kind, outcome, error)] = repo.apply()
    assert (kind, outcome) == ("subject", Outcome.FAILED)
    assert error is not None
    assert "409" in error
    assert "incompatible" in error
    assert repo.versions() == 1


def test_a_declared_level_is_set_and_then_plans_no_change(repo: Repo) -> None:
    repo.write(USER_V1)
    repo.apply()
    repo.write(USER_V1, level="FULL")
    assert repo.subject_changes(repo.plan()) == [
        (Verb.UPDATE, Address("subject", repo.subject), Status.READY)
    ]
    assert repo.apply() == [("subject", Outcome.SUCCEEDED, None)]
    assert repo.registry.client().subject_level(repo.subject) == "FULL"
    assert repo.plan().changes == ()


def test_an_undeclared_owned_subject_is_soft_deleted_only_when_subjects_may_be_deleted(
    repo: Repo,
) -> None:
    repo.write(USER_V1)
    repo.apply()
    accounts = repo.subject.replace(".users-", ".accounts-")
    repo.write(USER_V1, topic="accounts")
    assert repo.subject_changes(repo.plan()) == [
        (Verb.CREATE, Address("subject", accounts), Status.READY),
        (Verb.DELETE, Address("subject", repo.subject), Status.BLOCKED_BY_POLICY),
    ]
    repo.write(USER_V1, topic="accounts", settings="allow_delete:\n  subjects: true\n")
    assert repo.subject_changes(repo.plan())[1] == (
        Verb.DELETE,
        Address("subject", repo.subject),
        Status.READY,
    )
    assert repo.apply() == [
        ("topic", Outcome.SUCCEEDED, None),
        ("subject", Outcome.SUCCEEDED, None),
        ("subject", Outcome.SUCCEEDED, None),
    ]
    assert repo.versions() == 0
    assert repo.subject_changes(repo.plan()) == []


def test_plan_reads_the_registry_with_one_list_request_and_nothing_per_unchanged_subject(
    repo: Repo,
) -> None:
    if repo.registry.fake is None:
        pytest.skip("counts the stand-in's recorded requests")
    repo.write(USER_V1)
    repo.apply()
    repo.registry.fake.requests.clear()
    repo.plan()
    assert [r.operation_id for r in repo.registry.fake.requests] == ["getSchemas"]


ADDRESS = {
    "type": "record",
    "name": "Address",
    "namespace": "com.acme",
    "fields": [{"name": "city", "type": "string"}],
}
ORDER = {
    "type": "record",
    "name": "Order",
    "namespace": "com.acme",
    "fields": [{"name": "id", "type": "string"}, {"name": "ship_to", "type": "com.acme.Address"}],
}
ORDER_WITH_NOTE_REQUIRED = {
    **ORDER,
    "fields": [*ORDER["fields"], {"name": "note", "type": "string"}],
}


def write_referencing(
    repo: Repo, order: Any, referenced_subject: str | None = None, address: Any = ADDRESS
) -> str:
    """`orders`' value schema uses `com.acme.Address`, the value schema of `shipping` (whose
    subject sorts after it); the subject of `orders`' value."""
    schemas = repo.root / "schemas"
    schemas.mkdir(exist_ok=True)
    (schemas / "address.avsc").write_text(json.dumps(address, indent=2))
    (schemas / "order.avsc").write_text(json.dumps(order, indent=2))
    prefix = f"{repo.context}.shop"
    (repo.root / "topology.yaml").write_text(
        f"context: {repo.context}\nprojects:\n  - name: shop\n    topics:\n"
        "      - name: orders\n"
        "        schemas:\n"
        "          value.schema.file: schemas/order.avsc\n"
        "          value.references:\n"
        "            - name: com.acme.Address\n"
        f"              subject: {referenced_subject or prefix + '.shipping-value'}\n"
        "      - name: shipping\n"
        "        schemas:\n"
        "          value.schema.file: schemas/address.avsc\n"
    )
    (repo.root / "ktb.yaml").write_text(f"schema_registry:\n  url: {repo.registry.url}\n")
    return f"{prefix}.orders-value"


def converged_references(repo: Repo, verb: Verb, orders: str) -> tuple[Reference, ...]:
    """Plan `verb` of `orders` and of the subject it references, apply (every subject
    succeeds), re-plan nothing; the references `orders`' latest version has."""
    shipping = orders.replace(".orders-", ".shipping-")
    assert repo.subject_changes(repo.plan()) == [
        (verb, Address("subject", orders), Status.READY),
        (verb, Address("subject", shipping), Status.READY),
    ]
    applied = [(kind, outcome) for kind, outcome, _ in repo.apply() if kind == "subject"]
    assert applied == [("subject", Outcome.SUCCEEDED)] * 2
    assert repo.plan().changes == ()
    latest = {item.subject: item for item in repo.registry.client().latest_versions()}
    return latest[orders].references


def test_a_referenced_subject_is_registered_first_and_named_by_version_in_the_reference(
    repo: Repo,
) -> None:
    orders = write_referencing(repo, ORDER)
    shipping = orders.replace(".orders-", ".shipping-")
    assert converged_references(repo, Verb.CREATE, orders) == (
        Reference("com.acme.Address", shipping, 1),
    )


def test_an_incompatible_change_of_a_schema_with_references_is_an_error_in_the_plan(
    repo: Repo,
) -> None:
    orders = write_referencing(repo, ORDER)
    repo.apply()
    write_referencing(repo, ORDER_WITH_NOTE_REQUIRED)
    plan = repo.plan()
    assert repo.subject_changes(plan) == [
        (Verb.UPDATE, Address("subject", orders), Status.UNSUPPORTED)
    ]
    assert [(d.rule, d.severity) for d in plan.diagnostics] == [
        ("schema-incompatible", Severity.ERROR)
    ]


def test_a_reference_to_a_subject_neither_declared_nor_registered_is_an_error_at_its_line(
    repo: Repo,
) -> None:
    orders = write_referencing(repo, ORDER, referenced_subject="nowhere-value")
    [finding] = repo.plan().diagnostics
    assert (finding.rule, finding.severity) == ("schema-reference-unknown", Severity.ERROR)
    assert finding.message == (
        f"schema of subject `{orders}` references subject `nowhere-value`, which is neither "
        "declared nor on the registry"
    )
    assert finding.span == Span("topology.yaml", 10, 24, 10, 37)


def test_a_new_version_of_a_referenced_subject_gives_the_referencing_one_a_version_using_it(
    repo: Repo,
) -> None:
    orders = write_referencing(repo, ORDER)
    shipping = orders.replace(".orders-", ".shipping-")
    repo.apply()
    with_zip = [*ADDRESS["fields"], {"name": "zip", "type": "string", "default": ""}]
    write_referencing(repo, ORDER, address={**ADDRESS, "fields": with_zip})
    assert converged_references(repo, Verb.UPDATE, orders) == (
        Reference("com.acme.Address", shipping, 2),
    )
