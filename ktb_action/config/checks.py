"""Checks across settings keys, the same for both kinds of settings file."""

from __future__ import annotations

from ktb_action.diagnostics import Diagnostic, Severity
from ktb_action.settings import Settings


def prefix_format_problems(
    settings: Settings, topic_key: str, project_key: str
) -> list[Diagnostic]:
    """JulieOps' condition (`Configuration.validateGeneralConfiguration`): a topic name format
    needs a project prefix format it starts with, else the project's PREFIXED ACLs and its
    ownership would miss the project's topics. `topic_key` and `project_key` are the two keys
    as the file spells them. A project format alone is fine: topic names then derive from it.
    """
    topic = settings.naming.topic_prefix_format
    project = settings.naming.project_prefix_format
    if topic is None:
        return []
    span = settings.key_spans.get("naming.topic_format")
    if project is None:
        return [
            Diagnostic(
                "settings-invalid",
                Severity.ERROR,
                f"`{topic_key}` is set without `{project_key}`: the project prefix "
                "(ACLs, ownership) would not match the topic names",
                span,
                f"set `{project_key}` to the part of `{topic_key}` that names the project, "
                "e.g. `{{context}}.{{project}}`, as JulieOps requires",
            )
        ]
    if not topic.startswith(project):
        return [
            Diagnostic(
                "settings-invalid",
                Severity.ERROR,
                f"`{topic_key}` `{topic}` does not start with `{project_key}` `{project}`: "
                "the project prefix (ACLs, ownership) would not match the topic names",
                span,
                f"write `{topic_key}` as `{project}` followed by the topic part, as JulieOps "
                "requires",
            )
        ]
    return []
