"""What a run may write (issue 17, items 2 and 6): Kafka's internal topics never, a topic
outside the managed scope only to create it, and contexts whose scopes overlap not at all."""

from __future__ import annotations

from pathlib import Path

from ktb_action.core.plan import Address, Status, Verb
from ktb_action.kinds.topics.values import TopicSpec
from ktb_action.pipeline import load_topologies
from ktb_action.settings import Settings
from ktb_action.topology.model import Project, Topic, Topology
from tests.unit.fake_cluster import FakeReader, plan_of

OFFSETS = "__consumer_offsets"


def special(topic: Topic) -> Topology:
    return Topology(context="zz", projects=(Project("p"),), special_topics=(topic,))


def test_a_kafka_internal_topic_is_never_written_even_when_declared() -> None:
    reader = FakeReader(topics=(TopicSpec(OFFSETS, 50, 1, (("cleanup.policy", "compact"),)),))
    declared = Topic(OFFSETS, config=(("retention.ms", "1"),))
    (change,) = plan_of([special(declared)], reader).changes
    assert (change.verb, change.address, change.status, change.reason) == (
        Verb.UPDATE,
        Address("topic", OFFSETS),
        Status.BLOCKED_BY_POLICY,
        f"`{OFFSETS}` is a Kafka internal topic: ktb never writes it",
    )


def test_a_missing_kafka_internal_topic_is_not_created_either() -> None:
    (change,) = plan_of([special(Topic("__audit"))], FakeReader()).changes
    assert (change.verb, change.status) == (Verb.CREATE, Status.BLOCKED_BY_POLICY)


def test_a_topic_outside_the_scope_is_never_changed_nor_its_configs_reset() -> None:
    reader = FakeReader(topics=(TopicSpec("audit", 3, 1, (("retention.ms", "100"),)),))
    (change,) = plan_of([special(Topic("audit"))], reader).changes
    assert (change.status, change.reason) == (
        Status.BLOCKED_BY_POLICY,
        "`audit` is outside the managed scope, so ktb creates it when missing but never "
        "changes it: add a prefix of it to managed_prefixes.topics to manage it",
    )


def test_a_missing_topic_outside_the_scope_is_created() -> None:
    (change,) = plan_of([special(Topic("audit"))], FakeReader()).changes
    assert (change.verb, change.status) == (Verb.CREATE, Status.READY)


def test_a_topic_under_a_managed_prefix_of_the_settings_is_changed() -> None:
    reader = FakeReader(topics=(TopicSpec("audit", 3, 1, (("retention.ms", "100"),)),))
    settings = Settings(topic_managed_prefixes=("audit",))
    (change,) = plan_of([special(Topic("audit"))], reader, settings).changes
    assert (change.verb, change.status) == (Verb.UPDATE, Status.READY)


def test_contexts_whose_scopes_overlap_are_an_error_naming_both(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text('context: "s"\nprojects: []\n', encoding="utf-8")
    (tmp_path / "b.yaml").write_text('context: "s.c"\nprojects: []\n', encoding="utf-8")
    reading = load_topologies([tmp_path], tmp_path, None).reading
    (finding,) = [d for d in reading.diagnostics if d.rule == "context-overlap"]
    assert (finding.message, finding.span.file if finding.span else None) == (
        "the scope of context `s.c` overlaps the scope of context `s` (declared at "
        "a.yaml:1:10): `s` would manage the names of `s.c`",
        "b.yaml",
    )
