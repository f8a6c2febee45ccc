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

import re
from dataclasses import dataclass
from pathlib import Path

from ktb_action.diagnostics import Diagnostic, Severity, Span
from ktb_action.kinds.acls.values import AclOperation, AclPermission, AclResourceType, PatternType
from ktb_action.topology.load import load_entries
from ktb_action.topology.located import Document, LMap, LSeq, scalar_text
from ktb_action.topology.model import AclEntry


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

    def problem(self) -> str | None:
        """What makes this ACL grant nothing (a field Kafka has no such value for), or None."""
        if self.role is not None:
            return f"`role: {self.role}` is a Confluent RBAC role, which ktb does not bind"
        for label, value, known in (
            ("resourceType", self.resource_type, AclResourceType),
            ("patternType", self.pattern_type, PatternType),
            ("operation", self.operation, AclOperation),
            ("permissionType", self.permission_type, AclPermission),
        ):
            if value.upper() not in known.__members__:
                return f"`{label}: {value}` is not one of {', '.join(known.__members__)}"
        return None


_VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def render(
    role: Role, principal: str, variables: dict[str, str], span: Span
) -> tuple[list[AclEntry], list[str]]:
    """The role's bindings for one principal, `{{name}}` templates filled from `variables`
    (JulieOps renders them with Jinja); the names of missing variables instead, if any.
    ACLs with a `problem()` grant nothing (the reader has warned about them)."""
    missing = sorted(
        {name for acl in role.acls for name in _VARIABLE.findall(acl.resource_name)}
        - set(variables)
    )
    if missing:
        return [], missing
    return [
        AclEntry(
            principal,
            acl.resource_type.upper(),
            _VARIABLE.sub(lambda match: variables[match.group(1)], acl.resource_name),
            acl.pattern_type.upper(),
            (acl.operation.upper(),),
            acl.host,
            span,
            acl.permission_type.upper(),
        )
        for acl in role.acls
        if acl.problem() is None
    ], []


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
        diagnostics += [_unusable(name, acl) for acl in role_acls if acl.problem() is not None]
    return roles, diagnostics


def _unusable(role: str, acl: RoleAcl) -> Diagnostic:
    return Diagnostic(
        "role-acl-unusable",
        Severity.WARNING,
        f"an acl of role `{role}` grants nothing: {acl.problem()}",
        acl.span or Span.point(""),
        "JulieOps refuses the whole run on such an acl; ktb skips it: give it a Kafka "
        "resourceType, patternType (LITERAL or PREFIXED), operation and permissionType "
        "(ALLOW or DENY)",
    )


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
