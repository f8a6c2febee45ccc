"""Streams apps must read, referenced files must exist, projects usually have topics."""

from __future__ import annotations

from ktb_action.diagnostics import Severity
from tests.unit.conftest import ReadFiles

STREAMS_ONLY_WRITE = """\
context: "contextOrg"
source: "source"
projects:
  - name: "foo"
    streams:
      - principal: "User:App0"
        topics:
          write:
            - "topicA"
"""


def test_streams_app_without_read_topics_is_an_error_at_its_principal(
    read_files: ReadFiles,
) -> None:
    reading = read_files({"d.yaml": STREAMS_ONLY_WRITE})
    assert reading.found("streams-no-read") == [("streams-no-read", "d.yaml", 6, 20)]


def test_streams_app_with_only_read_topics_is_fine(read_files: ReadFiles) -> None:
    text = STREAMS_ONLY_WRITE.replace("write:", "read:")
    assert read_files({"d.yaml": text}).found("streams-no-read") == []


SCHEMAS = """\
context: "c"
projects:
  - name: "p"
    topics:
      - name: "t"
        schemas:
          key.schema.file: "schemas/key.avsc"
          value.schema.file: "schemas/value.avsc"
    connectors:
      artefacts:
        - path: "connectors/sink.json"
          server: "connect"
          name: "sink"
    ksql:
      artefacts:
        streams:
          - path: "ksql/orders.sql"
            name: "orders"
"""


def test_referenced_files_are_looked_up_next_to_the_descriptor(read_files: ReadFiles) -> None:
    reading = read_files(
        {
            "team/d.yaml": SCHEMAS,
            "team/schemas/key.avsc": "{}",
            "team/connectors/sink.json": "{}",
        }
    )
    assert reading.found("file-missing") == [
        ("file-missing", "team/d.yaml", 8, 30),
        ("file-missing", "team/d.yaml", 17, 19),
    ]


def test_missing_file_message_names_the_path_and_hint_names_the_directory(
    read_files: ReadFiles,
) -> None:
    reading = read_files(
        {
            "team/d.yaml": SCHEMAS,
            "team/schemas/key.avsc": "{}",
            "team/schemas/value.avsc": "{}",
            "team/connectors/sink.json": "{}",
        }
    )
    found = reading.one("file-missing")
    assert (found.message, found.hint) == (
        "file `ksql/orders.sql` does not exist",
        "paths are relative to the topology file's directory (`team/`)",
    )


def test_project_without_topics_is_a_notice(read_files: ReadFiles) -> None:
    reading = read_files({"d.yaml": 'context: "c"\nprojects:\n  - name: "acls-only"\n'})
    assert reading.found("project-without-topics") == [("project-without-topics", "d.yaml", 3, 11)]
    assert reading.one("project-without-topics").severity is Severity.NOTICE
