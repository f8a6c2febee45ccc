"""Full topic names and project prefixes, as JulieOps composes them (SOURCE.md naming cases)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ktb_action.settings import Naming, Settings
from ktb_action.topology.model import Project, Topic, Topology
from ktb_action.topology.naming import (
    NamingFormatError,
    context_prefix,
    project_prefix,
    topic_full_name,
)
from tests.unit.conftest import ReadFiles

ONLY_TOPICS = """\
context: "contextOrg"
source: "source"
projects:
  - name: "foo"
    topics:
      - name: "foo"
      - dataType: "avro"
        name: "bar"
"""

DESCRIPTOR = """\
context: "context"
company: "company"
env: "env"
source: "source"
projects:
  - name: "projectA"
    topics:
      - name: "foo"
      - name: "bar"
        dataType: "avro"
"""

WITH_OTHERS = """\
context: "contextOrg"
source: "source"
foo: "foo"
bar: "bar"
zet: "zet"
projects:
  - name: "foo"
    topics:
      - name: "foo"
"""


def _names(read_files: ReadFiles, text: str, naming: Naming) -> list[str]:
    reading = read_files({"d.yaml": text}, Settings(naming=naming))
    (topology,) = reading.topologies
    return [
        topic_full_name(topology, project, topic, naming)
        for project in topology.projects
        for topic in project.topics
    ]


@pytest.mark.parametrize(
    ("naming", "expected"),
    [
        (Naming(), ["contextOrg.source.foo.foo", "contextOrg.source.foo.bar.avro"]),
        (Naming(separator="_"), ["contextOrg_source_foo_foo", "contextOrg_source_foo_bar_avro"]),
        (
            Naming(topic_prefix_format="{{source}}.{{context}}.{{project}}.{{topic}}"),
            ["source.contextOrg.foo.foo", "source.contextOrg.foo.bar"],
        ),
    ],
)
def test_topic_names_of_descriptor_only_topics_match_julieops(
    read_files: ReadFiles, naming: Naming, expected: list[str]
) -> None:
    assert _names(read_files, ONLY_TOPICS, naming) == expected


def test_topic_names_of_example_descriptor_join_all_headers_in_file_order(
    read_files: ReadFiles,
) -> None:
    assert _names(read_files, DESCRIPTOR, Naming()) == [
        "context.company.env.source.projectA.foo",
        "context.company.env.source.projectA.bar.avro",
    ]


def test_project_prefix_of_descriptor_with_others_includes_every_header(
    read_files: ReadFiles,
) -> None:
    (topology,) = read_files({"d.yml": WITH_OTHERS}).topologies
    assert project_prefix(topology, topology.projects[0], Naming()) == (
        "contextOrg.source.foo.bar.zet.foo"
    )


def test_project_prefixes_of_a_context_use_the_headers_of_all_its_files(
    read_files: ReadFiles,
) -> None:
    reading = read_files(
        {
            "dir/0-descriptor-context2.yml": (
                'context: "context2"\nsource2: "source2"\nfoo2: "foo"\nbar2: "bar"\n'
                'projects:\n  - name: "projectFoo"\n'
            ),
            "dir/1-descriptor-context2.yaml": (
                'context: "context2"\nsource2: "source2"\nprojects:\n  - name: "projectZet"\n'
            ),
        },
        topology=["dir"],
    )
    (topology,) = reading.topologies
    assert [key for key, _ in topology.headers] == ["source2", "foo2", "bar2"]
    assert [project_prefix(topology, p, Naming()) for p in topology.projects] == [
        "context2.source2.foo.bar.projectFoo",
        "context2.source2.foo.bar.projectZet",
    ]


def test_project_prefix_format_renders_its_template() -> None:
    topology = Topology("ctx", headers=(("env", "prod"),))
    naming = Naming(project_prefix_format="{{env}}-{{context}}-{{project}}")
    assert project_prefix(topology, Project("payments"), naming) == "prod-ctx-payments"


def test_default_topic_name_builds_on_a_formatted_project_prefix() -> None:
    topology = Topology("ctx")
    naming = Naming(project_prefix_format="{{project}}", separator="-")
    name = topic_full_name(topology, Project("p"), Topic("t", data_type="avro"), naming)
    assert name == "p-t-avro"


def test_topic_format_sees_data_type_as_empty_text_when_the_topic_has_none() -> None:
    naming = Naming(topic_prefix_format="{{topic}}{% if dataType %}.{{dataType}}{% endif %}")
    topology, project = Topology("ctx"), Project("p")
    assert topic_full_name(topology, project, Topic("a"), naming) == "a"
    assert topic_full_name(topology, project, Topic("b", data_type="json"), naming) == "b.json"


def test_context_prefix_is_context_and_header_values() -> None:
    topology = Topology("ctx", headers=(("a", "x"), ("b", "y")))
    assert context_prefix(topology, Naming(separator="_")) == "ctx_x_y"


def test_special_topics_keep_their_name_as_written() -> None:
    assert topic_full_name(Topology("ctx"), None, Topic("_schemas"), Naming()) == "_schemas"


@pytest.mark.parametrize(
    ("template", "reason"),
    [
        (
            "{{topic",
            "syntax error on line 1: unexpected end of template, expected 'end of print statement'",
        ),
        ("{{projet}}", "'projet' is undefined"),
        ("{{ topic.__class__ }}", "access to attribute '__class__' of 'str' object is unsafe"),
    ],
)
def test_broken_topic_format_raises_naming_format_error_with_the_reason(
    template: str, reason: str
) -> None:
    with pytest.raises(NamingFormatError) as caught:
        topic_full_name(
            Topology("ctx"), Project("p"), Topic("t"), Naming(topic_prefix_format=template)
        )
    assert (caught.value.template, caught.value.reason) == (template, reason)


_PART = st.text(alphabet="abcXYZ019-_", min_size=1, max_size=6)


@given(
    context=_PART,
    headers=st.lists(st.tuples(_PART, _PART), max_size=3, unique_by=lambda h: h[0]),
    project=_PART,
    topic=_PART,
    data_type=st.none() | _PART,
    separator=st.sampled_from([".", "_", "-"]),
)
def test_default_name_joins_context_headers_project_topic_and_data_type(
    *,
    context: str,
    headers: list[tuple[str, str]],
    project: str,
    topic: str,
    data_type: str | None,
    separator: str,
) -> None:
    topology = Topology(context, headers=tuple(headers))
    name = topic_full_name(
        topology, Project(project), Topic(topic, data_type=data_type), Naming(separator)
    )
    parts = [context, *(value for _, value in headers), project, topic]
    assert name == separator.join(parts + ([data_type] if data_type else []))
