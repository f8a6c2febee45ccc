"""Where an apply's audit record goes: a JSON file, and the audit topic of the cluster."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ktb_action.audit.record import audit_record
from ktb_action.core.applier import ApplyReport
from ktb_action.core.plan import Plan
from ktb_action.errors import KtbError
from ktb_action.pipeline import Loaded
from ktb_action.planning import scope_key
from ktb_action.servers import Servers
from ktb_action.settings import Settings


def record_apply(
    loaded: Loaded,
    servers: Servers,
    plan: Plan,
    report: ApplyReport,
    env: Mapping[str, str],
    *,
    started: datetime,
    audit_file: Path | None,
    merged_from: tuple[int, str | None] | None = None,
) -> None:
    """The apply's audit record, written to `audit_file` (if any) and the audit topic (if
    the settings name one); `ktb apply` and `ktb ci` both record through this."""
    record = audit_record(
        scope_key(loaded),
        plan,
        report,
        env,
        started=started,
        ended=datetime.now(UTC),
        merged_from=merged_from,
    )
    if audit_file is not None:
        write_audit_file(audit_file, record)
    publish_audit(loaded.settings, servers, record)


def write_audit_file(path: Path, record: dict[str, Any]) -> None:
    """The record as one JSON document in `path`."""
    try:
        path.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    except OSError as error:
        raise KtbError(
            f"cannot write the audit record to `{path}`: {error}",
            hint="pass an `--audit-file` in a directory ktb may write",
        ) from None


def publish_audit(settings: Settings, servers: Servers, record: dict[str, Any]) -> None:
    """The record in the settings' audit topic (keyed by scope), when one is named."""
    if settings.audit_topic is not None and servers.publish_audit is not None:
        servers.publish_audit(settings.audit_topic, str(record["scope"]), record)
