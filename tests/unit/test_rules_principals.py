"""Principals must be `Type:name` wherever they are written."""

from __future__ import annotations

import pytest

from tests.unit.conftest import ReadFiles

PROJECT = 'context: "c"\nprojects:\n  - name: "p"\n'


@pytest.mark.parametrize("principal", ["alice", "User:", ":alice", "User: alice"])
def test_principal_without_type_and_name_is_invalid(read_files: ReadFiles, principal: str) -> None:
    text = PROJECT + f'    consumers:\n      - principal: "{principal}"\n'
    assert read_files({"t.yaml": text}).found("principal-invalid") == [
        ("principal-invalid", "t.yaml", 5, 20)
    ]


@pytest.mark.parametrize("principal", ["User:alice", "Group:payments", "User:sa-12ab", "User:*"])
def test_principal_of_type_and_name_is_valid(read_files: ReadFiles, principal: str) -> None:
    text = PROJECT + f'    producers:\n      - principal: "{principal}"\n'
    assert read_files({"t.yaml": text}).found("principal-invalid") == []


def test_principals_of_platform_components_are_checked(read_files: ReadFiles) -> None:
    text = 'context: "c"\nplatform:\n  schema_registry:\n    instances:\n      - principal: "sr"\n'
    assert read_files({"t.yaml": text}).found("principal-invalid") == [
        ("principal-invalid", "t.yaml", 5, 20)
    ]
