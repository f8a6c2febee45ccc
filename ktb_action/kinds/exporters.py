"""The kinds that can write what they read back as topology (`core.export.Exporter`), in the
order `ktb export` reads them. A kind that can export is one more line here."""

from __future__ import annotations

from typing import Any

from ktb_action.core.export import Exporter
from ktb_action.kinds.acls.export import ACL_EXPORTER
from ktb_action.kinds.connectors.export import CONNECTOR_EXPORTER
from ktb_action.kinds.quotas.export import QUOTA_EXPORTER
from ktb_action.kinds.subjects.export import SUBJECT_EXPORTER
from ktb_action.kinds.topics.export import TOPIC_EXPORTER
from ktb_action.kinds.users.export import USER_EXPORTER

EXPORTERS: tuple[Exporter[Any], ...] = (
    TOPIC_EXPORTER,
    USER_EXPORTER,
    QUOTA_EXPORTER,
    ACL_EXPORTER,
    SUBJECT_EXPORTER,
    CONNECTOR_EXPORTER,
)
