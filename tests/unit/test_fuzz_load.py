"""Fuzzing: whatever a file holds, reading it yields diagnostics, never an exception.

Random text, random bytes and mutated JulieOps descriptors go through the loader, the schema
check, the model builder and the rules. The fast schema validator must also agree with
jsonschema on every document and project, since it decides what jsonschema never sees.
"""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from ktb_action.diagnostics import Diagnostic
from ktb_action.settings import Settings
from ktb_action.topology.build import build_topologies
from ktb_action.topology.load import load_text
from ktb_action.validate.configure import apply_rule_settings
from ktb_action.validate.rules import run_rules
from ktb_action.validate.schema_check import check_schema, is_valid, validator
from tests.unit.test_corpus_julie import CORPUS, descriptors

ROOT = Path(__file__).parent
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
YAML_CHARS = string.ascii_letters + string.digits + ":-[]{},#&*!|>'\"%@`?~<=. \n\t\r\\é\x00\x85"
CORPUS_TEXTS = [(CORPUS / name).read_text(encoding="utf-8") for name in descriptors()]


@cache
def _project_validator() -> Draft202012Validator:
    return Draft202012Validator({"$ref": "#/$defs/project", "$defs": validator().schema["$defs"]})


def _assert_fast_check_agrees(root: Any) -> None:
    assert is_valid(root) == (not any(validator().iter_errors(root)))
    projects = root.get("projects") if isinstance(root, dict) else None
    for project in projects if isinstance(projects, list) else []:
        expected = not any(_project_validator().iter_errors(project))
        assert is_valid(project, "project") == expected


def _read_everything(text: str | bytes) -> list[Diagnostic]:
    documents, found = load_text(text, "fuzz.yaml")
    for document in documents:
        _assert_fast_check_agrees(document.root)
    found += check_schema(documents)
    topologies, problems = build_topologies(documents, Settings(), ROOT)
    found += problems + run_rules(topologies, Settings(), ROOT)
    return apply_rule_settings(found, Settings())


def _assert_only_diagnostics(found: list[Diagnostic]) -> None:
    assert all(isinstance(d, Diagnostic) for d in found)


@FUZZ
@given(st.text(alphabet=YAML_CHARS, max_size=300))
def test_fuzz_random_text_gives_only_diagnostics(text: str) -> None:
    _assert_only_diagnostics(_read_everything(text))


@FUZZ
@given(st.binary(max_size=300))
def test_fuzz_random_bytes_give_only_diagnostics(data: bytes) -> None:
    _assert_only_diagnostics(_read_everything(data))


@st.composite
def _mutated_descriptor(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(CORPUS_TEXTS))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["insert", "delete", "replace", "swap"]))
        at = draw(st.integers(0, max(len(text) - 1, 0)))
        if kind == "insert":
            text = (
                text[:at] + draw(st.text(alphabet=YAML_CHARS, min_size=1, max_size=5)) + text[at:]
            )
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)) :]
        elif kind == "replace":
            text = text[:at] + draw(st.sampled_from(YAML_CHARS)) + text[at + 1 :]
        else:
            lines = text.splitlines(keepends=True)
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "".join(lines)
    return text


@FUZZ
@given(_mutated_descriptor())
def test_fuzz_mutated_julieops_descriptors_give_only_diagnostics(text: str) -> None:
    _assert_only_diagnostics(_read_everything(text))
