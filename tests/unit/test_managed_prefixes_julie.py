"""Managed prefixes limit what is created as well as what is owned, as in JulieOps
(`TopicManager` creates only the topics under `topology.topic.managed.prefixes`;
`ResourceFilter` drops the bindings outside the managed topics, groups and principals). JulieOps
skips them silently; ktb shows them blocked in the plan and warns at their line."""

from __future__ import annotations

from ktb_action.core.plan import Status, Verb
from ktb_action.settings import Settings
from ktb_action.topology.model import (
    Consumer,
    PasswordRef,
    Platform,
    Project,
    ScramUser,
    Topic,
    Topology,
)
from tests.unit.conftest import ReadFiles
from tests.unit.fake_cluster import FakeReader, plan_of

TWO_PROJECTS = Topology(
    context="ctx",
    projects=(
        Project("kept", topics=(Topic("orders"),)),
        Project("skipped", topics=(Topic("orders"),), consumers=(Consumer("User:app"),)),
    ),
)


def _statuses(settings: Settings) -> list[tuple[str, str, Status]]:
    plan = plan_of([TWO_PROJECTS], FakeReader(), settings)
    return [(c.kind, c.name, c.status) for c in plan.changes if c.verb is Verb.CREATE]


def test_a_topic_outside_the_managed_topic_prefixes_is_not_created_as_in_julieops() -> None:
    plan = plan_of([TWO_PROJECTS], FakeReader(), Settings(topic_managed_prefixes=("ctx.kept.",)))
    topics = [(c.name, c.status, c.reason) for c in plan.changes if c.kind == "topic"]
    assert topics == [
        ("ctx.kept.orders", Status.READY, None),
        (
            "ctx.skipped.orders",
            Status.BLOCKED_BY_POLICY,
            "`ctx.skipped.orders` is outside the managed prefixes `ctx.kept.`, so ktb does not "
            "create it (as JulieOps): add a prefix of it to managed_prefixes.topics to manage it",
        ),
    ]


def test_bindings_on_topics_outside_the_managed_topic_prefixes_are_not_created() -> None:
    acls = [
        (name, status)
        for kind, name, status in _statuses(Settings(topic_managed_prefixes=("ctx.kept.",)))
        if kind == "acl" and "TOPIC" in name
    ]
    assert acls == [
        (
            "User:app ALLOW DESCRIBE on TOPIC:LITERAL:ctx.skipped.orders from *",
            Status.BLOCKED_BY_POLICY,
        ),
        (
            "User:app ALLOW READ on TOPIC:LITERAL:ctx.skipped.orders from *",
            Status.BLOCKED_BY_POLICY,
        ),
    ]


def test_group_bindings_outside_the_managed_group_prefixes_are_not_created() -> None:
    groups = [
        (name, status)
        for kind, name, status in _statuses(Settings(group_managed_prefixes=("team-",)))
        if kind == "acl" and "GROUP" in name
    ]
    # The consumer's group `*` is judged by its principal only, as JulieOps judges `*`.
    assert groups == [("User:app ALLOW READ on GROUP:LITERAL:* from *", Status.READY)]


def test_bindings_of_principals_outside_the_managed_principal_prefixes_are_not_created() -> None:
    statuses = {
        status
        for kind, _, status in _statuses(Settings(principal_managed_prefixes=("User:team-",)))
        if kind == "acl"
    }
    assert statuses == {Status.BLOCKED_BY_POLICY}


def test_a_scram_user_outside_the_managed_principal_prefixes_is_not_created(
    read_files: ReadFiles,
) -> None:
    alice = ScramUser("User:alice", mechanisms=("SCRAM-SHA-512",), password=PasswordRef("env", "P"))
    users = Topology(context="ctx", platform=Platform(users=(alice,)))
    settings = Settings(principal_managed_prefixes=("User:team-",))
    plan = plan_of([users], FakeReader(), settings)
    text = (
        'context: "ctx"\nplatform:\n  kafka:\n    users:\n      - principal: "User:alice"\n'
        '        password: {env: "P"}\n'
    )
    found = read_files({"t.yaml": text}, settings).one("principal-outside-managed-prefixes")
    assert (found.span.line if found.span else 0) == 5
    assert [(c.kind, c.name, c.status, c.reason) for c in plan.changes] == [
        (
            "user",
            "alice",
            Status.BLOCKED_BY_POLICY,
            "`User:alice` is outside the managed prefixes `User:team-`, so ktb does not create "
            "it (as JulieOps): add a prefix of it to managed_prefixes.principals to manage it",
        )
    ]


def test_without_managed_prefixes_every_declared_resource_is_created() -> None:
    assert {status for _, _, status in _statuses(Settings())} == {Status.READY}


def test_a_topic_outside_the_managed_prefixes_is_a_warning_at_its_line(
    read_files: ReadFiles,
) -> None:
    text = 'context: "ctx"\nprojects:\n  - name: "other"\n    topics:\n      - name: "t"\n'
    reading = read_files({"t.yaml": text}, Settings(topic_managed_prefixes=("ctx.a.", "ctx.b.")))
    found = reading.one("topic-outside-managed-prefixes")
    assert (found.severity.value, found.message, found.span.line if found.span else 0) == (
        "warning",
        "topic `ctx.other.t` is outside the managed prefixes `ctx.a.`, `ctx.b.`: it is not "
        "created (JulieOps skips it too)",
        5,
    )


def test_a_principal_outside_the_managed_prefixes_is_a_warning_at_its_line(
    read_files: ReadFiles,
) -> None:
    text = (
        'context: "ctx"\nprojects:\n  - name: "p"\n    consumers:\n'
        '      - principal: "User:team-a"\n      - principal: "User:other"\n'
    )
    settings = Settings(principal_managed_prefixes=("User:team-",))
    found = read_files({"t.yaml": text}, settings).one("principal-outside-managed-prefixes")
    assert (found.message, found.span.line if found.span else 0) == (
        "principal `User:other` is outside the managed prefixes `User:team-`: no binding or "
        "SCRAM user is created for it (JulieOps skips it too)",
        6,
    )
