"""The PR/MR comment: summary table, a section per project, no user text as markdown."""

from __future__ import annotations

from markdown_it import MarkdownIt

from ktb_action.core.plan import Address, Change, Plan, Status, Verb
from ktb_action.kinds.acls.values import AclBinding, AclOperation, AclResourceType, PatternType
from ktb_action.kinds.topics.values import TopicSpec
from ktb_action.render.escape import escape_html_text, escape_markdown
from ktb_action.render.plan_markdown import render_markdown

HOSTILE = "x_*`[a](http://e)` <img src=x> # | @team !"
CREATE = Change(
    Verb.CREATE,
    Address("topic", "ctx.p.orders"),
    None,
    TopicSpec("ctx.p.orders", 1, 1),
    project="payments",
)


def read_binding(principal: str, topic: str) -> AclBinding:
    return AclBinding(
        principal, AclResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ
    )


def rendered_html(text: str) -> str:
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(text)


def test_escaped_text_renders_as_the_same_literal_text() -> None:
    html = rendered_html(escape_markdown(HOSTILE))
    assert html == ("<p>x_*`[a](http://e)` &lt;img src=x&gt; # | @\u200dteam !</p>\n")


def test_newlines_in_user_text_stay_on_one_line() -> None:
    assert escape_markdown("a\nb\r\nc") == "a b c"


def test_empty_plan_says_the_cluster_matches() -> None:
    assert render_markdown(Plan((), "fp")) == (
        "### ktb plan\n\nNo changes. The cluster matches the topology.\n"
    )


def test_plan_has_a_summary_table_and_a_section_per_project() -> None:
    stale = read_binding("User:c", "ctx.p.old")
    blocked = Change(
        Verb.DELETE,
        Address("acl", stale.address),
        stale,
        None,
        status=Status.BLOCKED_BY_POLICY,
        reason="would delete, blocked by policy: set allow_delete.acls",
    )
    assert render_markdown(Plan((CREATE, blocked), "fp", ("ctx",))) == (
        "### ktb plan\n"
        "\n"
        "Only context ctx was compared (others were not read).\n"
        "\n"
        "| resource | create | update | delete | not applied |\n"
        "| --- | ---: | ---: | ---: | ---: |\n"
        "| topics | 1 | 0 | 0 | 0 |\n"
        "| ACLs | 0 | 0 | 0 | 1 |\n"
        "\n"
        "**Plan: 1 to create, 0 to update, 0 to delete.**\n"
        "\\(1 change blocked by policy\\)\n"
        "\n"
        "<details>\n"
        "<summary>payments (1 change)</summary>\n"
        "\n"
        "- `+` topic ctx.p.orders  \n"
        "  partitions: 1  \n"
        "  replication\\_factor: 1\n"
        "\n"
        "</details>\n"
        "\n"
        "<details>\n"
        "<summary>Not declared by a project (1 change)</summary>\n"
        "\n"
        "- ~~`-` acl User:c ALLOW READ on TOPIC:LITERAL:ctx.p.old from \\*  "
        "\\[blocked: would delete, blocked by policy: set allow\\_delete.acls\\]~~\n"
        "\n"
        "</details>\n"
    )


def test_hostile_project_and_principal_names_produce_no_html_link_or_mention() -> None:
    binding = read_binding(f"User:{HOSTILE}", "t")
    change = Change(Verb.CREATE, Address("acl", binding.address), None, binding, project=HOSTILE)
    html = rendered_html(render_markdown(Plan((change,), "fp")))
    assert ("<img" in html, "<a " in html, "@team" in html) == (False, False, False)


def test_the_summary_table_lists_only_kinds_with_changes() -> None:
    table = [line for line in render_markdown(Plan((CREATE,), "fp")).splitlines() if "|" in line]
    assert table == [
        "| resource | create | update | delete | not applied |",
        "| --- | ---: | ---: | ---: | ---: |",
        "| topics | 1 | 0 | 0 | 0 |",
    ]


def test_text_inside_html_is_entity_escaped() -> None:
    assert escape_html_text('<b>"a" & @x</b>') == "&lt;b&gt;&quot;a&quot; &amp; @\u200dx&lt;/b&gt;"
