"""Every kind ktb manages, in one list: the planner, the applier, the renderers and the CI
reporters iterate over it and name no kind. A new kind is one package and one line here."""

from __future__ import annotations

from typing import Any

from ktb_action.core.kind import ResourceKind
from ktb_action.kinds.acls.kind import ACLS
from ktb_action.kinds.connectors.kind import CONNECTORS
from ktb_action.kinds.quotas.kind import QUOTAS
from ktb_action.kinds.subjects.kind import SUBJECTS
from ktb_action.kinds.topics.kind import TOPICS
from ktb_action.kinds.users.kind import USERS

KINDS: tuple[ResourceKind[Any], ...] = (TOPICS, USERS, QUOTAS, ACLS, SUBJECTS, CONNECTORS)


def kind_named(name: str) -> ResourceKind[Any]:
    """The kind whose addresses say `name`; `KeyError` for an unknown one."""
    for kind in KINDS:
        if kind.name == name:
            return kind
    raise KeyError(name)
