"""`ktb export` on a cluster built with the admin client, not by ktb: a plan of the exported
files against the same cluster shows no change, and `validate` finds no error."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from confluent_kafka.admin import (
    AclBindingFilter,
    AclOperation,
    AclPermissionType,
    AdminClient,
    NewTopic,
    ResourcePatternType,
    ResourceType,
)
from typer.testing import CliRunner, Result

from ktb_action.cli import app
from ktb_action.export.layout import TopicFilter
from ktb_action.export.request import ExportRequest
from ktb_action.export.run import run_export
from ktb_action.kafka.admin import connect
from ktb_action.kafka.bindings import kafka_binding
from ktb_action.kafka.cluster_reads import ANY_ACL, CONFIGS_PER_REQUEST
from ktb_action.kafka.config import ClientConfig
from ktb_action.kafka.quotas import DESCRIBE, open_quotas
from ktb_action.kafka.read import KafkaReader
from ktb_action.kinds.acls import mapping
from ktb_action.kinds.acls.values import AclBinding, AclResourceType, PatternType
from ktb_action.kinds.exporters import EXPORTERS
from ktb_action.kinds.quotas.values import QuotaEntity
from ktb_action.render.plan_text import NO_CHANGES
from ktb_action.servers import Servers
from ktb_action.topology.model import (
    ConnectWorker,
    Consumer,
    ControlCenterInstance,
    KsqlServerInstance,
    Producer,
    SchemaRegistryInstance,
)
from tests.integration.test_plan_apply_commands import env_of
from tests.kafka_fixture import (
    REQUEST_TIMEOUT_S,
    KafkaCluster,
    create_scram_user,
    delete_scram_user,
    unique_name,
    wait_for,
)

pytestmark = pytest.mark.integration

runner = CliRunner()
LIT, PRE = PatternType.LITERAL, PatternType.PREFIXED
TOPICS = 300
FLAT = 10


@dataclass(frozen=True)
class Built:
    """What the admin client made: topic names under one prefix, and the bindings."""

    prefix: str
    topics: tuple[str, ...]
    bindings: frozenset[AclBinding]


def _configs(index: int) -> dict[str, str]:
    if index % 3 == 0:
        return {"retention.ms": str(3_600_000 * (index % 7 + 1))}
    if index % 3 == 1:
        return {"cleanup.policy": "compact", "min.compaction.lag.ms": "60000"}
    return {}


def _bindings(prefix: str, topics: tuple[str, ...]) -> list[AclBinding]:
    p = f"User:{prefix}"
    t0, t1, t2 = topics[:3]
    odd = [
        AclBinding(f"{p}-odd", AclResourceType.TOPIC, prefix, PRE, mapping._Op.ALTER),
        AclBinding(f"{p}-odd", AclResourceType.GROUP, f"{prefix}-g", LIT, mapping._Op.DELETE),
        AclBinding(f"{p}-reader", AclResourceType.TOPIC, f"{prefix}-gone", LIT, mapping._Op.READ),
    ]
    return [
        *mapping.consumer(Consumer(f"{p}-reader", f"{prefix}-readers"), t0, LIT),
        *mapping.consumer(Consumer(f"{p}-reader", f"{prefix}-readers"), t1, LIT),
        *mapping.consumer(Consumer(f"{p}-wild", f"{prefix}-app*"), t2, LIT),
        *mapping.producer(Producer(f"{p}-tx", f"{prefix}-tx*"), t0, LIT),
        *mapping.producer(Producer(f"{p}-idem", idempotence=True), t1, LIT),
        *mapping.producer(Producer(f"{p}-plain"), t2, LIT),
        *mapping.streams(f"{p}-app", f"{prefix}.app", [t0], [t1], exactly_once=True, source=None),
        *mapping.connect(
            ConnectWorker(
                f"{p}-connect",
                group=f"{prefix}-connect",
                status_topic=f"{prefix}-connect-status",
                offset_topic=f"{prefix}-connect-offsets",
                configs_topic=f"{prefix}-connect-configs",
            ),
            (),
            (),
            allow_topic_create=False,
        ),
        *mapping.schema_registry(SchemaRegistryInstance(f"{p}-sr", group=f"{prefix}-sr")),
        *mapping.control_center(ControlCenterInstance(f"{p}-c3", f"{prefix}-c3")),
        *mapping.ksql_server(KsqlServerInstance(f"{p}-ksql", prefix)),
        *odd,
    ]


def _any_of(principal: str) -> AclBindingFilter:
    return AclBindingFilter(
        ResourceType.ANY, None, ResourcePatternType.ANY, principal, None,  # type: ignore[arg-type]
        AclOperation.ANY, AclPermissionType.ANY,
    )  # fmt: skip


@pytest.fixture
def built(kafka: KafkaCluster) -> Iterator[Built]:
    """A few hundred topics with mixed configs, bindings of every role shape and some that
    fit none, a SCRAM user and a quota, all made with the admin clients directly."""
    prefix = unique_name("x").replace("-", "")
    names = tuple(f"{prefix}.p{i % 5}.t{i:03}" for i in range(TOPICS))
    flat = tuple(f"{prefix}-flat-{i}" for i in range(FLAT))
    admin = AdminClient(kafka.admin_config)
    new = [NewTopic(n, i % 3 + 1, 1, config=_configs(i)) for i, n in enumerate((*names, *flat))]
    for future in admin.create_topics(new, request_timeout=30).values():
        future.result(timeout=60)
    bindings = sorted(set(_bindings(prefix, names)))
    for future in admin.create_acls([kafka_binding(b) for b in bindings]).values():
        future.result(timeout=REQUEST_TIMEOUT_S)
    # The controller acknowledges before the broker that answers reads has the bindings.
    wanted = {str(kafka_binding(b)) for b in bindings}
    wait_for(
        lambda: wanted <= {str(b) for b in admin.describe_acls(ANY_ACL).result()},
        "the bindings made are not all visible",
    )
    create_scram_user(kafka, f"{prefix}-user", "a-password-never-exported")
    entity = QuotaEntity.of(user=f"{prefix}-user")
    with open_quotas(ClientConfig(kafka.admin_config)) as quotas:
        quotas.alter([(entity, {"producer_byte_rate": 1048576.0})])
        quotas.wait_until_visible()
    yield Built(prefix, (*names, *flat), frozenset(bindings))
    admin.delete_topics([*names, *flat])
    principals = sorted({b.principal for b in bindings})
    for future in admin.delete_acls([_any_of(p) for p in principals]).values():
        future.result(timeout=REQUEST_TIMEOUT_S)
    with open_quotas(ClientConfig(kafka.admin_config)) as quotas:
        quotas.alter([(entity, {"producer_byte_rate": None})])
        quotas.wait_until_visible()
    delete_scram_user(kafka, f"{prefix}-user")
    # The next test exports the whole cluster: nothing of this one may still be visible.
    wait_for(
        lambda: (
            not wanted & {str(b) for b in admin.describe_acls(ANY_ACL).result()}
            and f"{prefix}-user" not in admin.describe_user_scram_credentials().result()
        ),
        "the bindings and the user removed are still visible",
    )


def ktb(kafka: KafkaCluster, *args: str) -> Result:
    return runner.invoke(app, list(args), env=env_of(kafka.admin_config))


def test_a_plan_of_the_exported_files_shows_no_change(
    kafka: KafkaCluster, built: Built, tmp_path: Path
) -> None:
    exported = ktb(kafka, "export", "--out", str(tmp_path), "--include", f"{built.prefix}*")
    assert exported.exit_code == 0, exported.output

    plan = ktb(kafka, "plan", "--root", str(tmp_path))

    assert (plan.exit_code, plan.stdout) == (0, f"{NO_CHANGES}\n"), plan.output
    validate = ktb(kafka, "validate", "--root", str(tmp_path))
    assert validate.exit_code == 0, validate.output


def test_the_summary_lists_every_binding_that_fits_no_role(
    kafka: KafkaCluster, built: Built, tmp_path: Path
) -> None:
    exported = ktb(kafka, "export", "--out", str(tmp_path), "--include", f"{built.prefix}*")

    p = f"User:{built.prefix}"
    ours = [line for line in exported.stdout.splitlines() if line.startswith(f"  {p}")]
    assert ours == [
        f"  {p}-odd DELETE on GROUP:LITERAL:{built.prefix}-g",
        f"  {p}-odd ALTER on TOPIC:PREFIXED:{built.prefix}",
        f"  {p}-reader READ on TOPIC:LITERAL:{built.prefix}-gone",
    ]
    assert f"Exported {TOPICS + FLAT} topics" in exported.stdout
    assert "a-password-never-exported" not in (tmp_path / "topology" / "_platform.yaml").read_text()


def test_a_second_export_of_an_unchanged_cluster_writes_identical_files(
    kafka: KafkaCluster, built: Built, tmp_path: Path
) -> None:
    args = ("export", "--include", f"{built.prefix}*", "--out")
    ktb(kafka, *args, str(tmp_path / "one"))
    ktb(kafka, *args, str(tmp_path / "two"))

    def files(root: Path) -> dict[str, str]:
        return {str(p.relative_to(root)): p.read_text() for p in sorted(root.rglob("*.yaml"))}

    assert files(tmp_path / "one") == files(tmp_path / "two")


def test_the_applied_demo_topology_exports_to_files_that_plan_no_change(
    kafka: KafkaCluster, connect_url: str, tmp_path: Path
) -> None:
    demo = tmp_path / "demo"
    shutil.copytree(Path(__file__).parents[2] / "examples", demo)
    env = {
        **env_of(kafka.admin_config),
        "DEMO_PAYMENTS_API_PASSWORD": "demo-password-1",
        # The demo deploys a connector on the Connect cluster it labels `dev`.
        "KTB_CONNECT_DEV_URL": connect_url,
    }
    applied = runner.invoke(app, ["apply", "--root", str(demo)], env=env)
    assert applied.exit_code == 0, applied.output

    out = tmp_path / "out"
    exported = ktb(kafka, "export", "--out", str(out), "--include", "demo.*")
    plan = ktb(kafka, "plan", "--root", str(out))

    assert exported.exit_code == 0, exported.output
    assert (plan.exit_code, plan.stdout) == (0, f"{NO_CHANGES}\n"), plan.output
    validate = ktb(kafka, "validate", "--root", str(out))
    assert validate.exit_code == 0, validate.output


def test_an_export_reads_in_a_constant_number_of_requests(
    kafka: KafkaCluster, built: Built, tmp_path: Path
) -> None:
    reading = connect(ClientConfig(kafka.admin_config))
    quotas = open_quotas(ClientConfig(kafka.admin_config))
    servers = Servers(KafkaReader(reading), open_quotas=lambda: quotas)
    on_cluster = len(AdminClient(kafka.admin_config).list_topics(timeout=10).topics)
    request = ExportRequest(tmp_path, "the test", topics=TopicFilter((f"{built.prefix}*",)))
    try:
        result = run_export(request, EXPORTERS, servers, lambda _: None)
    finally:
        servers.close()

    assert result.topics == TOPICS + FLAT
    assert dict(reading.admin.requests) == {
        "describe_cluster": 1,
        "list_topics": 1,
        "describe_configs": -(-on_cluster // CONFIGS_PER_REQUEST),
        "describe_acls": 1,
        "describe_user_scram_credentials": 1,
    }
    assert dict(quotas.requests) == {DESCRIBE: 1}
