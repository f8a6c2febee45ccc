"""Faults on a real broker: the broker killed (SIGKILL) during each apply phase and restarted
in place with its data, and ktb itself killed in the middle of an apply.

What must hold every time: the report of the interrupted apply agrees with what Kafka has
after the restart (nothing reported done is missing, nothing reported failed or not attempted
was made; only changes reported unknown may have gone either way), and a re-run converges to
"No changes". The broker is a private one (its own state folder under the test's tmp dir),
so killing it never disturbs the tests that share the session's broker.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from confluent_kafka.admin import AdminClient

from ktb_action import planning
from ktb_action.core.applier import ApplyReport, Outcome
from ktb_action.core.plan import Plan
from ktb_action.core.planner import compare
from ktb_action.devkafka import DevKafkaError, admin_client_config, down, restart, up
from ktb_action.devkafka.settings import ENV_STATE, Settings, settings_from_env
from ktb_action.kafka.admin import AdminSession, connect
from ktb_action.kafka.config import ClientConfig
from ktb_action.kafka.read import KafkaReader
from ktb_action.kafka.write import KafkaWriter
from ktb_action.kinds.registry import KINDS
from ktb_action.kinds.subjects.http import HttpRegistry, RegistryConnection
from ktb_action.pipeline import load_topologies
from ktb_action.servers import Servers
from ktb_action.settings import AllowDelete
from ktb_action.settings import Settings as RunSettings
from ktb_action.topology.model import Consumer, Project, Topic, Topology
from tests.fakes.schema_registry import fake_schema_registry
from tests.kafka_fixture import unavailable, unique_name, wait_for

pytestmark = pytest.mark.integration

TOPICS = 150
"""Changes per phase: enough that the kill lands while a request is under way."""
KTB_TOPICS = 100
"""Topics ktb has made when it is killed, while it registers a schema."""
KILL_AFTER_S = 0.02
"""How long after a phase's request is sent the broker is killed."""
DELETE_ALL = RunSettings(allow_delete=AllowDelete(topics=True, acls=True))


@dataclass
class PrivateBroker:
    """The dev broker of this module: killed and restarted at will."""

    settings: Settings
    config: dict[str, str]
    pid: int

    def kill(self) -> None:
        """SIGKILL, as a crashed machine would stop it: no shutdown, no flush."""
        os.kill(self.pid, signal.SIGKILL)

    def restart(self) -> None:
        """The broker again on its ports and data (`scripts/kafka-local restart`), once it
        has leaders for every partition: before that a plan reads topics as missing."""
        self.pid = restart(self.settings, os.environ, _progress).pid
        wait_for(lambda: _all_led(self.config), "partitions without a leader after restart")


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateBroker]:
    state = tmp_path_factory.mktemp("fault-broker")
    settings = settings_from_env({**os.environ, ENV_STATE: str(state)}, Path.home())
    try:
        info = up(settings, os.environ, _progress)
    except DevKafkaError as error:
        unavailable(str(error), os.environ)
    try:
        yield PrivateBroker(settings, admin_client_config(info), info.pid)
    finally:
        down(settings)


class KillingWriter(KafkaWriter):
    """The real writer; the broker is killed `KILL_AFTER_S` after the batch of admin method
    `method` starts."""

    def __init__(self, session: AdminSession, method: str, broker: PrivateBroker) -> None:
        super().__init__(session)
        self.method = method
        self.broker = broker

    def _batch(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if method.__name__ != self.method:
            return super()._batch(method, *args, **kwargs)
        timer = threading.Timer(KILL_AFTER_S, self.broker.kill)
        timer.start()
        try:
            return super()._batch(method, *args, **kwargs)
        finally:
            timer.join()


def session(broker: PrivateBroker) -> AdminSession:
    return connect(ClientConfig(broker.config), timeout=30.0)


def servers(broker: PrivateBroker) -> Servers:
    opened = session(broker)
    return Servers(KafkaReader(opened), KafkaWriter(opened))


def plan(broker: PrivateBroker, top: Topology) -> Plan:
    return compare([top], DELETE_ALL, servers(broker), KINDS).plan()


def applied(broker: PrivateBroker, top: Topology) -> ApplyReport:
    report = planning.apply(plan(broker, top), servers(broker))
    assert report.ok
    return report


def topology(context: str, count: int, *, config: str = "86400000", reader: str = "") -> Topology:
    """`count` topics with one config each, readable by `reader` when one is given."""
    consumers = (Consumer(reader),) if reader else ()
    topics = tuple(
        Topic(
            f"t{i}",
            partitions=1,
            replication_factor=1,
            config=(("retention.ms", config),),
            consumers=consumers,
        )
        for i in range(count)
    )
    return Topology(context=context, projects=(Project("proj", topics=topics),))


@dataclass(frozen=True)
class Case:
    """One phase: the cluster before (a topology applied), the topology applied while the
    broker is killed, and the admin method during which it is killed."""

    method: str
    before: int
    after: int
    before_config: str = "86400000"
    after_config: str = "86400000"
    reader_before: bool = False
    reader_after: bool = False


CASES = {
    "topics": Case("create_topics", before=0, after=TOPICS),
    "configs": Case("incremental_alter_configs", TOPICS, TOPICS, after_config="3600000"),
    "acls": Case("create_acls", TOPICS, TOPICS, reader_after=True),
    "deletions": Case("delete_topics", TOPICS, 1, reader_before=True, reader_after=True),
}


@pytest.mark.parametrize("phase", list(CASES))
def test_broker_killed_during_a_phase_is_reported_as_kafka_has_it_and_a_rerun_converges(
    broker: PrivateBroker, phase: str
) -> None:
    case = CASES[phase]
    context, reader = unique_name("fault"), f"User:{unique_name('reader')}"
    if case.before:
        before = case.before_config
        earlier = reader if case.reader_before else ""
        applied(broker, topology(context, case.before, config=before, reader=earlier))
    wanted = topology(
        context,
        case.after,
        config=case.after_config,
        reader=reader if case.reader_after else "",
    )
    opened = session(broker)
    killing = Servers(KafkaReader(opened), KillingWriter(opened, case.method, broker))
    started = time.monotonic()
    report = planning.apply(compare([wanted], DELETE_ALL, killing, KINDS).plan(), killing)
    took = time.monotonic() - started
    broker.restart()
    assert not report.ok
    assert took < 30.0, f"the apply took {took:.0f}s against a dead broker"
    assert disagreements(report, plan(broker, wanted)) == []
    applied(broker, wanted)
    assert plan(broker, wanted).changes == ()


def test_ktb_killed_during_apply_leaves_only_planned_changes_and_a_rerun_converges(
    broker: PrivateBroker, tmp_path: Path
) -> None:
    context = unique_name("fault-ktb")
    root = _repository(tmp_path, context)
    registry = fake_schema_registry()
    try:
        (root / "ktb.yaml").write_text(f"schema_registry:\n  url: {registry.url}\n")
        first = _changes(broker, root, registry.url)
        # Subjects are registered after every topic is made: with the registration held
        # unanswered, ktb is certainly in the middle of its apply when it is killed.
        held = registry.hold("register")
        with subprocess.Popen(
            _ktb_argv(root, "apply"), env=_ktb_env(broker), stdout=subprocess.DEVNULL
        ) as running:
            assert held.reached.wait(timeout=120), "ktb apply never registered the schema"
            running.send_signal(signal.SIGKILL)
        assert running.returncode == -signal.SIGKILL
        halfway = _changes(broker, root, registry.url)
        assert {kind for kind, _, _ in first} == {"topic", "subject"}
        assert halfway == {change for change in first if change[0] == "subject"}
        held.release.set()
        rerun = subprocess.run(
            _ktb_argv(root, "apply"), env=_ktb_env(broker), stdout=subprocess.DEVNULL, check=False
        )
        assert rerun.returncode == 0
        assert _ktb_plan(broker, root) == "No changes. The cluster matches the topology.\n"
        assert registry.violations == []
    finally:
        registry.stop()


def disagreements(report: ApplyReport, after: Plan) -> list[str]:
    """Every change whose reported outcome the cluster contradicts: done but still to do, or
    failed / not attempted but made (unknown ones may be either)."""
    remaining = {(c.verb, c.address) for c in after.changes}
    wrong = []
    for result in report.results:
        pending = (result.change.verb, result.change.address) in remaining
        if result.outcome is Outcome.SUCCEEDED and pending:
            wrong.append(f"reported done but missing: {result.change.address}")
        if result.outcome in (Outcome.FAILED, Outcome.NOT_ATTEMPTED) and not pending:
            wrong.append(f"reported {result.outcome} but made: {result.change.address}")
    return wrong


def _changes(broker: PrivateBroker, root: Path, registry: str) -> set[tuple[str, str, str]]:
    """What the plan of the files under `root` would change, as ktb plans it."""
    opened = session(broker)
    planned_with = Servers(
        KafkaReader(opened),
        open_registry=lambda: HttpRegistry(RegistryConnection(registry)),
    )
    made = planning.make_plan(load_topologies([root], root, None), planned_with)
    return {(c.kind, str(c.verb), str(c.address)) for c in made.changes}


def _all_led(config: dict[str, str]) -> bool:
    """Whether every partition has a leader (a broker just restarted elects them)."""
    try:
        topics = AdminClient(config).list_topics(timeout=5).topics
    except Exception:
        return False
    return all(
        t.error is None and all(p.leader >= 0 for p in t.partitions.values())
        for t in topics.values()
    )


def _repository(tmp_path: Path, context: str) -> Path:
    """`KTB_TOPICS` topics, one of them with a value schema."""
    root = tmp_path / "topology"
    (root / "schemas").mkdir(parents=True)
    (root / "schemas" / "user.avsc").write_text(
        '{"type": "record", "name": "User", "fields": [{"name": "id", "type": "string"}]}'
    )
    topics = "".join(
        f'      - name: "t{i}"\n        config:\n          retention.ms: "86400000"\n'
        for i in range(KTB_TOPICS)
    )
    schema = "        schemas:\n          value.schema.file: schemas/user.avsc\n"
    (root / "many.yaml").write_text(
        f'context: "{context}"\nprojects:\n  - name: "proj"\n    topics:\n{topics}{schema}'
    )
    return root


def _ktb_argv(root: Path, *args: str) -> Sequence[str]:
    """The installed `ktb` command, as a pipeline runs it."""
    ktb = Path(sys.executable).parent / "ktb"
    return [str(ktb), *args, str(root), "--root", str(root)]


def _ktb_env(broker: PrivateBroker) -> dict[str, str]:
    config = {f"KTB_KAFKA_{k.upper().replace('.', '_')}": v for k, v in broker.config.items()}
    return {**os.environ, **config}


def _ktb_plan(broker: PrivateBroker, root: Path) -> str:
    done = subprocess.run(
        _ktb_argv(root, "plan"), env=_ktb_env(broker), capture_output=True, text=True, check=False
    )
    return done.stdout


def _progress(message: str) -> None:
    print(f"fault broker: {message}", file=sys.stderr)
