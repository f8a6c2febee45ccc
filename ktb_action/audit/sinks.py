"""Where an apply's audit record goes: a JSON file, and the audit topic of the cluster."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ktb_action.errors import KtbError
from ktb_action.servers import Servers
from ktb_action.settings import Settings


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
