"""The subjects kind's plan-file codec and apply order with schema references."""

from __future__ import annotations

from ktb_action.core.plan import Address, Change, Verb
from ktb_action.kinds.subjects.apply import referenced_first
from ktb_action.kinds.subjects.kind import SUBJECTS
from ktb_action.kinds.subjects.values import SubjectSpec
from ktb_action.topology.model import SchemaReference


def _spec(subject: str, *referenced: str) -> SubjectSpec:
    return SubjectSpec(
        subject,
        f"schemas/{subject}.avsc",
        references=tuple(SchemaReference(f"com.acme.{r}", r, None) for r in referenced),
    )


def _creation(spec: SubjectSpec) -> Change:
    return Change(Verb.CREATE, Address("subject", spec.subject), None, spec)


def test_a_declared_subject_with_references_survives_the_plan_file() -> None:
    spec = SubjectSpec(
        "orders-value",
        "schemas/order.avsc",
        references=(
            SchemaReference("com.acme.Address", "shipping-value", 3),
            SchemaReference("com.acme.Money", "money-value", None),
        ),
    )
    assert SUBJECTS.decode(SUBJECTS.encode(spec), "orders-value") == spec


def test_referenced_subjects_are_written_before_the_subjects_that_reference_them() -> None:
    changes = [
        _creation(_spec("a", "b")),
        _creation(_spec("b", "c", "shared")),
        _creation(_spec("c")),
        _creation(_spec("d")),
    ]
    assert [c.name for c in referenced_first(changes)] == ["c", "b", "a", "d"]
