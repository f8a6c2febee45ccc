"""One export: read the cluster through the kinds' exporters, lay it out, write the files."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ktb_action.core.export import Exporter, read_snapshot
from ktb_action.export.connectors import place_connectors
from ktb_action.export.document import context_documents, platform_document
from ktb_action.export.layout import lay_out
from ktb_action.export.request import ExportRequest, ExportResult
from ktb_action.export.roles import Grants, match_roles
from ktb_action.export.schemas import place_subjects
from ktb_action.export.write import settings_document, write_export
from ktb_action.kinds.acls.export import ACL_EXPORTER
from ktb_action.kinds.acls.values import AclBinding
from ktb_action.kinds.connectors.export import CONNECTOR_EXPORTER
from ktb_action.kinds.quotas.export import QUOTA_EXPORTER
from ktb_action.kinds.subjects.export import SUBJECT_EXPORTER, registry_url
from ktb_action.kinds.topics.export import TOPIC_EXPORTER
from ktb_action.kinds.topics.values import TopicSpec
from ktb_action.kinds.users.export import USER_EXPORTER
from ktb_action.servers import Servers

PLATFORM_FILE = "_platform"


def run_export(
    request: ExportRequest,
    exporters: Sequence[Exporter[Any]],
    servers: Servers,
    progress: Callable[[str], None],
) -> ExportResult:
    """Read, match roles, write; what could not be read is in the warnings."""
    snapshot = read_snapshot(exporters, servers, request.settings, progress)
    progress("writing the topology")
    topics: dict[str, TopicSpec] = {
        name: spec
        for name, spec in snapshot.of(TOPIC_EXPORTER.name).items()
        if request.topics.wants(name)
    }
    layout = lay_out(topics.values(), request.separator, request.context)
    bindings: list[AclBinding] = list(snapshot.of(ACL_EXPORTER.name).values())
    allow_create, grants = best_grants(bindings, frozenset(topics))
    users, quotas = snapshot.of(USER_EXPORTER.name), snapshot.of(QUOTA_EXPORTER.name)
    schemas = place_subjects(snapshot.of(SUBJECT_EXPORTER.name), layout)
    connectors = place_connectors(
        {
            address: spec
            for address, spec in snapshot.of(CONNECTOR_EXPORTER.name).items()
            if request.topics.matches(spec.name)
        }
    )
    documents = context_documents(layout, grants, schemas, request.origin)
    documents[PLATFORM_FILE] = platform_document(
        layout, grants, users, quotas, connectors=connectors, origin=request.origin
    )
    settings = settings_document(
        request.separator,
        allow_topic_create=allow_create,
        registry_url=registry_url(request.settings),
        connect_clusters=request.settings.connect_clusters,
    )
    files = write_export(request.out, documents, settings, {**schemas.files, **connectors.files})
    return ExportResult(
        files,
        layout,
        grants,
        len(topics),
        len(users),
        len(quotas),
        schemas,
        connectors,
        snapshot.warnings,
    )


def best_grants(bindings: Sequence[AclBinding], topics: frozenset[str]) -> tuple[bool, Grants]:
    """`connector_allow_topic_create` is one setting for every Connect worker: the value
    that leaves fewer bindings outside the roles, Kafka's default `true` on a tie."""
    with_create = match_roles(bindings, topics, allow_topic_create=True)
    without = match_roles(bindings, topics, allow_topic_create=False)
    if len(without.unmatched) < len(with_create.unmatched):
        return False, without
    return True, with_create
