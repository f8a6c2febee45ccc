"""The ownership state and the audit trail are on by default in CI (docs/ownership.md): a
pipeline is where applies happen, so what it applied must be on record and owned."""

from __future__ import annotations

from dataclasses import replace

from ktb_action.pipeline import Loaded

CI_STATE_TOPIC = "_ktb_state"
CI_AUDIT_TOPIC = "_ktb_audit"


def in_ci(loaded: Loaded) -> Loaded:
    """`loaded` with the CI default topics for the state and the audit trail, where the
    settings name neither store and do not turn them off (`ownership.in_ci: false`)."""
    settings = loaded.settings
    if not settings.state_in_ci:
        return loaded
    unnamed = settings.state_file is None and settings.state_topic is None
    return replace(
        loaded,
        settings=replace(
            settings,
            state_topic=CI_STATE_TOPIC if unnamed else settings.state_topic,
            audit_topic=settings.audit_topic or CI_AUDIT_TOPIC,
        ),
    )
