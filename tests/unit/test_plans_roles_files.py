"""Plans and roles files: what they define, and their mistakes as diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest

from ktb_action.diagnostics import Severity, Span
from ktb_action.topology.plans import NO_PLANS, Plan, read_plans
from ktb_action.topology.roles import NO_ROLES, RoleAcl, read_roles


def _write(root: Path, name: str, text: str) -> str:
    (root / name).write_text(text, encoding="utf-8")
    return name


def test_no_plans_file_gives_no_plans(tmp_path: Path) -> None:
    assert read_plans(None, tmp_path) == (NO_PLANS, [])


def test_plans_file_gives_each_plan_with_its_configs_as_text(tmp_path: Path) -> None:
    name = _write(
        tmp_path, "plans.yaml", "plans:\n  gold:\n    config:\n      retention.ms: 5000\n"
    )
    plans, diagnostics = read_plans(name, tmp_path)
    assert diagnostics == []
    assert plans.file == "plans.yaml"
    assert plans.plans == {
        "gold": Plan(
            "gold",
            (("retention.ms", "5000"),),
            (("retention.ms", Span("plans.yaml", 4, 7, 4, 19)),),
            Span("plans.yaml", 2, 3, 2, 7),
        )
    }


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("gold: {}\n", "plans file has no `plans:` mapping", 1),
        ("plans:\n  gold: 3\n", "plan `gold` has no `config:` mapping", 2),
        (
            "plans:\n  gold:\n    config:\n      a: [1]\n",
            "config `a` of plan `gold` is not a scalar value",
            4,
        ),
    ],
)
def test_plans_file_of_the_wrong_shape_is_plans_invalid(
    tmp_path: Path, text: str, message: str, line: int
) -> None:
    _, diagnostics = read_plans(_write(tmp_path, "plans.yaml", text), tmp_path)
    assert [(d.rule, d.message, d.span.line) for d in diagnostics if d.span] == [
        ("plans-invalid", message, line)
    ]


def test_missing_plans_file_is_reported(tmp_path: Path) -> None:
    _, diagnostics = read_plans("nope.yaml", tmp_path)
    assert [d.rule for d in diagnostics] == ["file-not-found"]


ROLES = """\
roles:
  - name: "app"
    acls:
      - resourceType: "Topic"
        resourceName: "{{topic}}"
        patternType: "PREFIXED"
        host: "*"
        operation: "ALL"
        permissionType: "ALLOW"
"""


def test_no_roles_file_gives_no_roles(tmp_path: Path) -> None:
    assert read_roles(None, tmp_path) == (NO_ROLES, [])


def test_roles_file_gives_each_role_with_its_acls(tmp_path: Path) -> None:
    roles, diagnostics = read_roles(_write(tmp_path, "roles.yaml", ROLES), tmp_path)
    assert diagnostics == []
    assert list(roles.roles) == ["app"]
    assert roles.roles["app"].acls == (
        RoleAcl(
            "Topic",
            "{{topic}}",
            "PREFIXED",
            "*",
            "ALL",
            "ALLOW",
            None,
            Span("roles.yaml", 4, 9, 9, 32),
        ),
    )


def test_roles_file_without_a_roles_list_is_roles_invalid(tmp_path: Path) -> None:
    _, diagnostics = read_roles(_write(tmp_path, "roles.yaml", "roles:\n  rules: []\n"), tmp_path)
    assert [(d.rule, d.message) for d in diagnostics] == [
        ("roles-invalid", "roles file has no `roles:` list")
    ]


def test_julie_role_acl_with_an_unknown_permission_is_a_warning_and_grants_nothing(
    tmp_path: Path,
) -> None:
    text = ROLES.replace('permissionType: "ALLOW"', 'permissionType: "READ"')
    _, diagnostics = read_roles(_write(tmp_path, "roles.yaml", text), tmp_path)
    assert [(d.rule, d.severity, d.message) for d in diagnostics] == [
        (
            "role-acl-unusable",
            Severity.WARNING,
            "an acl of role `app` grants nothing: `permissionType: READ` is not one of ALLOW, DENY",
        )
    ]
