"""The roles file (JulieOps `julie.roles`): custom roles a project grants with its own keys.

```yaml
roles:
  - name: "app"
    acls:
      - resourceType: "Topic"
        resourceName: "{{topic}}"
        patternType: "PREFIXED"
        host: "*"
        operation: "ALL"
        permissionType: "ALLOW"
```

A project then writes `app: [{principal: "User:x"}]` next to `consumers:` and `producers:`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ktb_action.diagnostics import Diagnostic, Severity, Span
from ktb_action.topology.load import load_entries
from ktb_action.topology.located import Document, LMap, LSeq, scalar_text


@dataclass(frozen=True, slots=True)
class RoleAcl:
    """One ACL (or RBAC role) template of a role; names may use `{{topic}}`, `{{group}}` …"""

    resource_type: str
    resource_name: str
    pattern_type: str = ""
    host: str = ""
    operation: str = ""
    permission_type: str = ""
    role: str | None = None
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Role:
    """A custom role: its name and the ACLs it gives."""

    name: str
    acls: tuple[RoleAcl, ...] = ()
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Roles:
    """The roles of one roles file; `file` is None when no roles file is configured."""

    roles: dict[str, Role]
    file: str | None = None


NO_ROLES = Roles({})

_ACL_FIELDS = {
    "resourceType": "resource_type",
    "resourceName": "resource_name",
    "patternType": "pattern_type",
    "host": "host",
    "operation": "operation",
    "permissionType": "permission_type",
    "role": "role",
}


def read_roles(path: str | None, root: Path) -> tuple[Roles, list[Diagnostic]]:
    """Read the roles file at `path` (relative to `root`); no path gives no roles."""
    if path is None:
        return NO_ROLES, []
    roles, file, diagnostics = load_entries(path, root, roles_from_document)
    return Roles(roles, file), diagnostics


def roles_from_document(document: Document) -> tuple[dict[str, Role], list[Diagnostic]]:
    """The roles of one parsed roles file; entries of the wrong shape are `roles-invalid`."""
    root = document.root
    entries = root.get("roles") if isinstance(root, LMap) else None
    if not isinstance(entries, LSeq):
        span = root.span if isinstance(root, LMap) else Span.point(document.file)
        return {}, [_invalid("roles file has no `roles:` list", span)]
    roles: dict[str, Role] = {}
    diagnostics: list[Diagnostic] = []
    for index, entry in enumerate(entries):
        name = scalar_text(entry.get("name")) if isinstance(entry, LMap) else None
        if not isinstance(entry, LMap) or name is None:
            diagnostics.append(_invalid("role has no `name`", entries.item_span(index)))
            continue
        acls = entry.get("acls")
        items = acls if isinstance(acls, LSeq) else LSeq(entry.span)
        role_acls = tuple(
            _acl(acl, items.item_span(i)) for i, acl in enumerate(items) if isinstance(acl, LMap)
        )
        roles[name] = Role(name, role_acls, entry.value_span("name"))
    return roles, diagnostics


def _acl(node: LMap, span: Span) -> RoleAcl:
    values = {
        field: scalar_text(node.get(key)) for key, field in _ACL_FIELDS.items() if key in node
    }
    return RoleAcl(
        resource_type=values.get("resource_type") or "",
        resource_name=values.get("resource_name") or "",
        pattern_type=values.get("pattern_type") or "",
        host=values.get("host") or "",
        operation=values.get("operation") or "",
        permission_type=values.get("permission_type") or "",
        role=values.get("role"),
        span=span,
    )


def _invalid(message: str, span: Span) -> Diagnostic:
    return Diagnostic(
        "roles-invalid",
        Severity.ERROR,
        message,
        span,
        "write `roles: [{name: <role>, acls: [{resourceType: …, resourceName: …}]}]`",
    )
