"""`connector-cluster`: a connector artefact's `server` names a Connect cluster of the
settings (`connect.clusters`, JulieOps `platform.servers.connect`), as JulieOps' parser checks
("Server alias label … does not exist on the provided configuration")."""

from __future__ import annotations

from collections.abc import Iterator

from ktb_action.diagnostics import Diagnostic, Severity, did_you_mean
from ktb_action.kinds.connectors.compile import clusters
from ktb_action.validate.rules.base import Rule, RuleContext


def unknown_label(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """Each artefact whose `server` is not a label of `connect.clusters`, at the label."""
    labels = sorted(clusters(ctx.settings))
    for topology in ctx.topologies:
        for project in topology.projects:
            for artefact in project.connector_artefacts:
                if artefact.server is None or artefact.server in labels:
                    continue
                known = (
                    "known labels: " + ", ".join(f"`{label}`" for label in labels)
                    if labels
                    else f"add `{artefact.server}:<url>` to `connect.clusters` in the settings "
                    "(JulieOps `platform.servers.connect`)"
                )
                guess = did_you_mean(artefact.server, labels)
                yield rule.at(
                    f"connector artefact `{artefact.path}` names the Connect cluster "
                    f"`{artefact.server}`, which `connect.clusters` does not define",
                    artefact.server_span or artefact.span,
                    f"{guess} ({known})" if guess else known,
                )


RULES = (
    Rule(
        "connector-cluster",
        Severity.ERROR,
        "a connector names a Connect cluster the settings do not define",
        unknown_label,
    ),
)
