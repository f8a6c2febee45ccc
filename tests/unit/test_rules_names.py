"""Rules about full topic names: Kafka's charset and length, duplicates, `.`/`_` collisions."""

from __future__ import annotations

import pytest

from ktb_action.diagnostics import Span
from ktb_action.settings import Naming, Settings
from tests.unit.conftest import ReadFiles


def _topics(*names: str, project: str = "p") -> str:
    lines = "".join(f'      - name: "{name}"\n' for name in names)
    return f'context: "c"\nprojects:\n  - name: "{project}"\n    topics:\n{lines}'


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bär", "topic name `c.p.bär` contains `ä`"),
        ("a b", "topic name `c.p.a b` contains ` `"),
        ("x" * 250, f"topic name `c.p.{'x' * 250}` is 254 characters long, more than 249"),
    ],
)
def test_topic_name_kafka_refuses_is_reported_at_the_name(
    read_files: ReadFiles, name: str, message: str
) -> None:
    reading = read_files({"t.yaml": _topics(name)})
    found = reading.one("topic-name-invalid")
    assert (found.span.line, found.span.column, found.message) == (5, 15, message)


def test_topic_name_dot_alone_is_invalid(read_files: ReadFiles) -> None:
    reading = read_files({"t.yaml": 'context: "c"\nspecial_topics:\n  - name: ".."\n'})
    assert reading.found("topic-name-invalid") == [("topic-name-invalid", "t.yaml", 3, 11)]


def test_same_full_name_twice_is_a_duplicate_at_the_second_naming_the_first(
    read_files: ReadFiles,
) -> None:
    reading = read_files({"t.yaml": _topics("t", "t")})
    found = reading.one("topic-duplicate")
    assert (found.span, found.message) == (
        Span("t.yaml", 6, 15, 6, 18),
        "topic `c.p.t` is already declared at t.yaml:5:15",
    )


def test_topics_of_two_contexts_with_the_same_name_are_duplicates(read_files: ReadFiles) -> None:
    settings = Settings(naming=Naming(topic_prefix_format="{{topic}}"))
    reading = read_files({"a.yaml": _topics("t"), "b.yaml": _topics("t", project="q")}, settings)
    assert reading.found("topic-duplicate") == [("topic-duplicate", "b.yaml", 5, 15)]


def test_names_equal_up_to_dot_and_underscore_collide_with_a_warning(
    read_files: ReadFiles,
) -> None:
    reading = read_files({"t.yaml": _topics("a.b", "a_b")})
    found = reading.one("topic-name-collision")
    assert (found.severity.value, found.span.line, found.span.column, found.message) == (
        "warning",
        6,
        15,
        "topic `c.p.a_b` collides with `c.p.a.b` at t.yaml:5:15",
    )


def test_exact_duplicates_are_not_also_collisions(read_files: ReadFiles) -> None:
    reading = read_files({"t.yaml": _topics("a", "a")})
    assert reading.found("topic-name-collision") == []


def test_broken_naming_template_is_one_diagnostic_at_the_settings_key(
    read_files: ReadFiles,
) -> None:
    span = Span("ktb.yaml", 3, 3, 3, 15)
    settings = Settings(
        naming=Naming(topic_prefix_format="{{projet}}.{{topic}}"),
        key_spans={"naming.topic_format": span},
    )
    reading = read_files({"t.yaml": _topics("a", "b")}, settings)
    found = reading.one("naming-format-invalid")
    assert (found.span, found.message) == (
        span,
        "naming template `{{projet}}.{{topic}}` is invalid: 'projet' is undefined",
    )
