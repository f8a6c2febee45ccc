"""`ktb validate` runs on every commit (pre-commit): it imports no client of a server it
never talks to and no other command, since each of those costs startup time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

NOT_IMPORTED_BY_VALIDATE = ("confluent_kafka", "requests", "rich")
"""Clients of servers `ktb validate` never talks to."""
NOT_IMPORTED_FOR_A_VALID_FILE_WITHOUT_SCHEMAS = (
    "avro",
    "antlr4",
    "proto_schema_parser",
    "jsonschema",
    "cryptography",
    "ruamel",
    "jinja2",
    "pydantic",
)
"""What only a schema file, an invalid file, a keystore, an export or a naming template
needs (pydantic: nothing; typer 0.29 imported it at every start)."""

_PROBE = """
import sys
from ktb_action.cli import main
sys.argv = ["ktb", "validate", sys.argv[1]]
try:
    main()
except SystemExit as done:
    assert done.code == 0, done.code
print(" ".join(sorted(sys.modules)))
"""


def _imported_by_validate(tmp_path: Path) -> set[str]:
    topology = tmp_path / "topology.yaml"
    topology.write_text('context: "c"\nprojects:\n  - name: "p"\n    topics:\n      - name: "t"\n')
    run = subprocess.run(
        [sys.executable, "-c", _PROBE, str(topology)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    return set(run.stdout.splitlines()[-1].split())


def _packages(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_validate_of_a_one_project_file_imports_no_kafka_http_or_rich_client(
    tmp_path: Path,
) -> None:
    imported = _packages(_imported_by_validate(tmp_path))
    assert [name for name in NOT_IMPORTED_BY_VALIDATE if name in imported] == []


def test_validate_of_a_valid_file_without_schemas_loads_no_parser_keystore_or_yaml_writer(
    tmp_path: Path,
) -> None:
    imported = _packages(_imported_by_validate(tmp_path))
    assert [n for n in NOT_IMPORTED_FOR_A_VALID_FILE_WITHOUT_SCHEMAS if n in imported] == []


def test_validate_registers_and_imports_no_other_command(tmp_path: Path) -> None:
    imported = _imported_by_validate(tmp_path)
    commands = sorted(n for n in imported if n.startswith("ktb_action.commands."))
    assert [c for c in commands if c.count(".") == 2] == [
        "ktb_action.commands.options",
        "ktb_action.commands.validate",
    ]
