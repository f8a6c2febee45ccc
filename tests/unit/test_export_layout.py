"""Where exported topics go: contexts and projects from their names, filters, internals."""

from __future__ import annotations

from ktb_action.export.layout import TopicFilter, lay_out
from ktb_action.kinds.topics.values import TopicSpec


def _specs(*names: str) -> list[TopicSpec]:
    return [TopicSpec(name, 1, 1) for name in names]


def test_the_first_two_name_parts_are_the_context_and_the_project() -> None:
    layout = lay_out(_specs("sales.orders.created.v1", "sales.billing.due", "audit"), ".", None)

    assert {c: {p: sorted(t) for p, t in ps.items()} for c, ps in layout.projects.items()} == {
        "sales": {"orders": ["created.v1"], "billing": ["due"]}
    }
    assert sorted(layout.special) == ["audit"]
    assert layout.notes == [
        "context `sales` (inferred from the names' first part): 2 topics in projects "
        "`billing`, `orders`",
        "1 topics whose names have no `<context>.<project>.` prefix: special topics of "
        "context `platform`",
    ]


def test_a_given_context_takes_only_its_names_and_the_separator_is_used() -> None:
    layout = lay_out(_specs("ops_infra_logs", "dev_app_events"), "_", "ops")

    assert {c: list(ps) for c, ps in layout.projects.items()} == {"ops": ["infra"]}
    assert sorted(layout.special) == ["dev_app_events"]


def test_internal_topics_are_left_out_unless_asked_for() -> None:
    names = ["__consumer_offsets", "_schemas", "connect-offsets", "app-store-changelog", "a.b.c"]

    assert [n for n in names if TopicFilter().wants(n)] == ["a.b.c"]
    assert [n for n in names if TopicFilter(internal=True).wants(n)] == names


def test_include_and_exclude_patterns_filter_topic_names() -> None:
    wanted = TopicFilter(include=("sales.*",), exclude=("*.tmp",))

    assert [n for n in ("sales.a.b", "sales.a.tmp", "ops.a.b") if wanted.wants(n)] == ["sales.a.b"]


def test_include_and_exclude_select_names_without_the_internal_rule() -> None:
    only = TopicFilter(("sales.*",), ("sales.old*",))

    names = ("sales.db-sink", "sales.old-sink", "_sales", "ops.x")
    assert [n for n in names if only.matches(n)] == ["sales.db-sink"]
    assert TopicFilter().matches("_connector")
