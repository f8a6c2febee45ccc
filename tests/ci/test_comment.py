"""The sticky plan comment: size limit, safe truncation and inert user text."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from markdown_it import MarkdownIt

from ktb_action.ci.comment import (
    COMMENT_LIMIT,
    MARKER,
    CommentParts,
    apply_marker,
    build_comment,
    plan_marker,
    safe_blocks,
    utf8_size,
)
from ktb_action.ci.plan_digest import digest
from ktb_action.core.plan import Address, Change, Plan, Verb
from ktb_action.diagnostics import Diagnostic
from ktb_action.kinds.acls.values import AclBinding, AclOperation, AclResourceType, PatternType
from ktb_action.render.plan_markdown import render_markdown
from tests.ci.builders import error, topic_plan

EVIL = "@team [x](http://evil) <img src=x onerror=alert(1)>"
FULL_PLAN_AT = "the job summary of this run"


def _parts(plan_markdown: str, diagnostics: tuple[Diagnostic, ...] = ()) -> CommentParts:
    return CommentParts("ktb plan", diagnostics, plan_markdown, FULL_PLAN_AT)


def _html(markdown: str) -> str:
    # CommonMark with raw HTML enabled, as GitHub passes (sanitised) HTML through.
    return str(MarkdownIt("commonmark").render(markdown))


def test_comment_starts_with_the_hidden_marker() -> None:
    body = build_comment(_parts(render_markdown(topic_plan("acme.orders"))))
    assert body.startswith(f"{MARKER}\n\n### ktb plan\n")


def test_comment_without_a_plan_says_why_and_lists_the_errors() -> None:
    body = build_comment(_parts("", (error(6),)))
    assert body == (
        f"{MARKER}\n\n### ktb plan\n\nNo plan was made: fix the errors below first.\n\n"
        "<details open><summary>1 error, 0 warnings</summary>\n\n"
        "- **error** `schema-unknown-key` `topologies/orders.yaml:6:9`: unknown key "
        "\\`partitons\\` in \\`topics\\` (help: did you mean \\`partitions\\`?)\n\n</details>\n"
    )


def test_comment_over_the_size_limit_is_cut_between_blocks_and_points_to_the_full_plan() -> None:
    plan = topic_plan(*(f"acme.orders.topic-{i:05}-{'x' * 60}" for i in range(3000)))
    markdown = render_markdown(plan)
    assert len(markdown) > COMMENT_LIMIT
    body = build_comment(_parts(markdown))
    assert len(body) <= COMMENT_LIMIT
    assert re.search(
        r"> \[!NOTE\]\n> This comment was truncated to fit the platform's size limit: "
        rf"\d+ more changes and findings are in {FULL_PLAN_AT}\.\n$",
        body,
    )
    assert body.count("<details") == body.count("</details>")


def test_truncation_never_cuts_inside_a_code_fence() -> None:
    fenced = "intro\n\n```\n" + "line\n\n" * 20_000 + "```\n\nafter"
    body = build_comment(_parts(fenced))
    assert body.count("```") % 2 == 0


def test_blocks_split_at_blank_lines_outside_fences_and_details() -> None:
    markdown = "a\n\n<details>\n\nx\n\n</details>\n\n```\n1\n\n2\n```\n\nb"
    assert safe_blocks(markdown) == ["a", "<details>\n\nx\n\n</details>", "```\n1\n\n2\n```", "b"]


def test_markdown_injection_in_topic_names_and_messages_renders_inert(tmp_path: Path) -> None:
    plan = topic_plan(f"acme.{EVIL}")
    body = build_comment(_parts(render_markdown(plan), (error(6, f"bad name {EVIL}"),)))
    html = _html(body)
    (tmp_path / "comment.html").write_text(html, encoding="utf-8")
    assert "<a" not in html
    assert "<img" not in html
    assert "@team" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_limits_in_bytes_are_kept_with_multibyte_names() -> None:
    plan = topic_plan(*(f"acme.ордера-{i:05}-{'é' * 40}" for i in range(400)))
    body = build_comment(_parts(render_markdown(plan)), 20_000, size=utf8_size)
    assert len(body.encode("utf-8")) <= 20_000
    assert len(body) < 20_000 < len(render_markdown(plan).encode("utf-8"))


def _acl_deletions(count: int) -> tuple[Change, ...]:
    return tuple(
        Change(
            Verb.DELETE,
            Address("acl", binding.address),
            binding,
            None,
            project="orders",
        )
        for i in range(count)
        for binding in (
            AclBinding(
                f"User:svc-{i:02}",
                AclResourceType.TOPIC,
                f"acme.orders.{'y' * 40}",
                PatternType.LITERAL,
                AclOperation.READ,
            ),
        )
    )


def _long_plan_with_deletions() -> Plan:
    creations = topic_plan(*(f"acme.orders.topic-{i:05}-{'x' * 60}" for i in range(3000)))
    return replace(creations, changes=(*creations.changes, *_acl_deletions(40)))


def test_a_long_plan_keeps_every_error_and_deletion_then_creations_as_they_fit() -> None:
    plan = _long_plan_with_deletions()
    errors = tuple(error(line) for line in range(1, 4))
    parts = replace(_parts(render_markdown(plan), errors), digest=digest(plan))
    body = build_comment(parts)
    assert len(body) <= COMMENT_LIMIT
    assert [body.count(f"User:svc-{i:02} ALLOW READ") for i in range(40)] == [1] * 40
    assert body.count("`schema-unknown-key`") == 3
    shown = body.count("+ topic acme.orders.topic-")
    assert 0 < shown < 3000
    assert body.endswith(
        "> [!NOTE]\n> This comment was truncated to fit the platform's size limit: "
        f"{3000 - shown} more changes and findings are in {FULL_PLAN_AT}.\n"
    )
    assert (
        body.index("#### Errors (3)")
        < body.index("#### Deletions (40)")
        < body.index("#### Creations and updates (3000)")
    )


def test_a_plan_that_deletes_starts_with_a_banner_and_its_deletions_uncollapsed() -> None:
    plan = replace(
        topic_plan("acme.orders"), changes=(*topic_plan("acme.orders").changes, *_acl_deletions(2))
    )
    body = build_comment(replace(_parts(render_markdown(plan)), digest=digest(plan)))
    assert body.startswith(
        f"{MARKER}\n\n> [!CAUTION]\n> This plan **deletes 2 resources**: read the deletions "
        "before merging.\n\n#### Deletions (2)\n\n```diff\n- acl User:svc-00 ALLOW READ"
    )
    assert body.index("#### Deletions (2)") < body.index("<details")


def test_the_apply_comment_of_a_keyed_plan_comment_keeps_the_key() -> None:
    assert apply_marker(plan_marker("prod-eu")) == "<!-- ktb-action:apply key=prod-eu -->"
