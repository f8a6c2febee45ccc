"""`platform.kafka.acls` (a ktb extension): bindings as written, read back and compiled."""

from __future__ import annotations

from pathlib import Path

from ktb_action.kinds.acls.compile import compile_acls
from ktb_action.kinds.acls.values import AclBinding, AclOperation, AclResourceType, PatternType
from ktb_action.pipeline import load_topologies

ENTRY = """context: "ops"
platform:
  kafka:
    acls:
      - principal: "User:ops"
        resource_type: TOPIC
        resource_name: "orders."
        pattern_type: PREFIXED
        operations: [ALTER, DESCRIBE]
        host: "10.0.0.1"
      - principal: "User:ops"
        resource_type: CLUSTER
        resource_name: "kafka-cluster"
        operations: [ALTER_CONFIGS]
"""


def test_each_operation_of_an_entry_is_one_binding(tmp_path: Path) -> None:
    (tmp_path / "ops.yaml").write_text(ENTRY)
    loaded = load_topologies([], tmp_path, None)

    bindings = compile_acls(loaded.reading.topologies, loaded.settings)

    assert loaded.diagnostics == ()
    assert [d.value for d in bindings.values()] == [
        AclBinding("User:ops", AclResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL,
                   AclOperation.ALTER_CONFIGS),
        AclBinding("User:ops", AclResourceType.TOPIC, "orders.", PatternType.PREFIXED,
                   AclOperation.ALTER, host="10.0.0.1"),
        AclBinding("User:ops", AclResourceType.TOPIC, "orders.", PatternType.PREFIXED,
                   AclOperation.DESCRIBE, host="10.0.0.1"),
    ]  # fmt: skip


def test_an_unknown_operation_is_a_schema_error_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "ops.yaml").write_text(ENTRY.replace("[ALTER, DESCRIBE]", "[ALTER, DESTROY]"))

    loaded = load_topologies([], tmp_path, None)

    assert [(d.rule, d.span.line if d.span else None) for d in loaded.diagnostics] == [
        ("schema-enum", 9)
    ]
