"""The subjects benchmark's request counts: a plan of 1,000 subjects with 10 changed reads
the registry in one list request and asks only about the 10 changed ones."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from bench_subjects import measure


def test_a_plan_of_1000_subjects_with_10_changed_makes_one_list_request_and_20_questions() -> None:
    requests, _, changes = measure(1000, 10)
    assert dict(requests) == {
        "getSchemas": 1,
        "lookUpSchemaUnderSubject": 10,
        "testCompatibilityBySubjectName": 10,
    }
    assert changes == 10


def test_only_the_subjects_that_declare_a_level_get_a_level_request() -> None:
    # The API describes no list form of subject levels (docs/schema-registry.md, Requests).
    requests, _, changes = measure(1000, 10, levels=5)
    assert dict(requests) == {
        "getSchemas": 1,
        "getSubjectLevelConfig": 5,
        "lookUpSchemaUnderSubject": 10,
        "testCompatibilityBySubjectName": 10,
    }
    assert changes == 15
