"""The JSON Schema editors apply and ktb's loader agree: a topology one accepts, the other
accepts, on the whole JulieOps corpus and on generated documents.

"The loader" is everything ktb checks about a file's shape (loading, the schema check, the
model builder). Not counted: the findings with a rule id of `ktb rule` (docs/rules.md):
uniqueness, references, names and values judge more than a schema can express, and some
need another file an editor does not see (the roles file, the plans file).

Known gap, left out of the generated documents: the schema allows only `principal` in a
custom role's entries, while ktb does not check their keys.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from ktb_action.diagnostics import Diagnostic, Severity
from ktb_action.schema_path import schema_document
from ktb_action.settings import Settings
from ktb_action.topology.build import build_topologies
from ktb_action.topology.load import load_text
from ktb_action.validate.rules import REGISTRY
from ktb_action.validate.schema_check import check_schema
from tests.unit.test_corpus_julie import CORPUS, _read, descriptors


@cache
def _editor() -> Draft202012Validator:
    return Draft202012Validator(schema_document())


def _editor_accepts(text: str) -> bool:
    """What an editor with the schema associated shows: no squiggle in any document."""
    return all(_editor().is_valid(document) for document in yaml.safe_load_all(text))


def _shape_errors(found: list[Diagnostic]) -> list[str]:
    return [d.rule for d in found if d.severity is Severity.ERROR and d.rule not in REGISTRY]


@pytest.mark.parametrize("name", descriptors())
def test_the_schema_and_the_loader_agree_on_a_corpus_descriptor(name: str) -> None:
    text = (CORPUS / name).read_text(encoding="utf-8")
    loader_errors = _shape_errors(list(_read(name).diagnostics))
    assert (_editor_accepts(text), loader_errors == []) in {(True, True), (False, False)}


_names = st.sampled_from(["orders", "payments", "a.b", "x_y", ""])
_scalars = st.one_of(st.none(), st.booleans(), st.integers(-2, 5), _names)
_config = st.dictionaries(
    st.sampled_from(["retention.ms", "num.partitions", "replication.factor", "cleanup.policy"]),
    st.one_of(st.integers(1, 3), st.sampled_from(["1", "delete", "compact"])),
    max_size=3,
)
_topic = st.fixed_dictionaries(
    {"name": _names},
    optional={"config": st.one_of(_config, _scalars), "dataType": _names, "partitions": _scalars},
)
_principal = st.fixed_dictionaries(
    {"principal": st.sampled_from(["User:app", "Group:team", "app"])},
    optional={"group": _names, "transactionId": _names},
)
_project = st.fixed_dictionaries(
    {"name": st.one_of(_names, _scalars)},
    optional={
        "topics": st.one_of(st.lists(_topic, max_size=2), _scalars),
        "consumers": st.one_of(st.lists(_principal, max_size=2), _scalars),
        "producers": st.lists(_principal, max_size=2),
        "auditors": st.lists(st.fixed_dictionaries({"principal": _names}), max_size=1),
    },
)
_topology = st.fixed_dictionaries(
    {"context": st.one_of(_names, _scalars)},
    optional={
        "projects": st.one_of(st.lists(_project, max_size=2), _scalars),
        "source": _names,
        "platform": st.one_of(st.just({}), _scalars),
        "contxt": _names,
    },
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_topology)
def test_the_schema_and_the_loader_agree_on_generated_documents(document: dict[str, Any]) -> None:
    text = yaml.safe_dump(document, sort_keys=False)
    documents, found = load_text(text, "generated.yaml")
    found += check_schema(documents)
    found += build_topologies(documents, Settings(), Path(__file__).parent)[1]
    assert _editor_accepts(text) == (_shape_errors(found) == [])
