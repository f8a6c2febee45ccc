"""`ktb apply --plan` on a saved plan edited at random (changes added, dropped, or with
another verb, name, status, reason or values): every edit is refused and nothing is applied;
the untouched plan is applied. On the real broker, through the CLI a pipeline runs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.integration.test_plan_apply_commands import ktb
from tests.kafka_fixture import KafkaCluster, unique_name

pytestmark = pytest.mark.integration

EXAMPLES = 100
"""Edited plans per run; derandomized, so CI runs the same ones every time."""

FIELDS = ("kind", "verb", "name", "status", "reason", "project")
WORDS = ("ready", "blocked_by_policy", "unsupported", "create", "update", "delete", "topic")
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-1, 2**31),
    st.sampled_from(WORDS),
    st.text(max_size=12),
)
INDEX = st.integers(0, 1_000)
EDIT = st.one_of(
    st.tuples(st.just("drop"), INDEX),
    st.tuples(st.just("add"), INDEX, st.text(min_size=1, max_size=12)),
    st.tuples(st.just("field"), INDEX, st.sampled_from(FIELDS), VALUES),
    st.tuples(st.just("value"), INDEX, st.sampled_from(("before", "after")), INDEX, VALUES),
)


def edited(plan: dict[str, Any], edits: list[tuple[Any, ...]]) -> dict[str, Any]:
    """`plan` with `edits` made to its changes (indexes wrap around)."""
    result = json.loads(json.dumps(plan))
    changes: list[dict[str, Any]] = result["changes"]
    for what, index, *args in edits:
        if not changes:
            break
        i = index % len(changes)
        if what == "drop":
            del changes[i]
        elif what == "add":
            changes.append({**changes[i], "name": f"{changes[i]['name']}{args[0]}"})
        elif what == "field":
            changes[i][args[0]] = args[1]
        else:
            side, leaf, value = args
            changes[i][side] = with_leaf(changes[i][side], leaf, value)
    return result


def with_leaf(values: Any, index: int, value: Any) -> Any:
    """`values` (a change's before or after) with one of its leaves (indexes wrap) set to
    `value`; a missing side gets one key."""
    if not isinstance(values, dict) or not values:
        return {"retention.ms": value}
    key = sorted(values)[index % len(values)]
    inner = values[key]
    if isinstance(inner, dict) and inner:
        return {**values, key: with_leaf(inner, index // len(values), value)}
    return {**values, key: value}


def write_project(root: Path, context: str, *, old: bool) -> Path:
    """A topology with a topic, its reader, and (`old`) a topic the next version drops."""
    topology = root / "topology"
    topology.mkdir(exist_ok=True)
    extra = '      - name: "old"\n' if old else ""
    (topology / "t.yaml").write_text(
        f'context: "{context}"\nprojects:\n  - name: "p"\n    consumers:\n'
        f'      - principal: "User:{context}-r"\n    topics:\n'
        f'      - name: "orders"\n        config:\n          retention.ms: "1000"\n{extra}'
    )
    return topology


def test_every_random_edit_of_a_saved_plan_is_refused_and_only_the_untouched_one_applied(
    kafka: KafkaCluster, tmp_path: Path
) -> None:
    context = unique_name("edits")
    root = write_project(tmp_path, context, old=True)
    assert ktb(kafka.admin_config, root, "apply", str(root)).exit_code == 0
    root = write_project(tmp_path, context, old=False)
    (root / "t.yaml").write_text((root / "t.yaml").read_text().replace('"1000"', '"2000"'))
    saved = tmp_path / "plan.json"
    assert ktb(kafka.admin_config, root, "plan", str(root), "--out", str(saved)).exit_code == 0
    original = json.loads(saved.read_text())
    statuses = sorted({c["status"] for c in original["changes"]})
    assert statuses == ["blocked_by_policy", "ready"]
    forged = tmp_path / "forged.json"

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(edits=st.lists(EDIT, min_size=1, max_size=3))
    def refused(edits: list[tuple[Any, ...]]) -> None:
        plan = edited(original, edits)
        assume(plan != original)
        forged.write_text(json.dumps(plan))
        result = ktb(kafka.admin_config, root, "apply", str(root), "--plan", str(forged))
        # 1: not the plan of now; 2: not a plan file of the documented format.
        assert (result.exit_code in (1, 2), result.stdout) == (True, "")
        assert result.stderr.startswith("error: "), result.stderr

    refused()
    applied = ktb(kafka.admin_config, root, "apply", str(root), "--plan", str(saved))
    assert (applied.exit_code, applied.stdout.splitlines()[-1]) == (
        0,
        "Apply complete: 1 succeeded, 0 failed, 0 not attempted.",
    )
