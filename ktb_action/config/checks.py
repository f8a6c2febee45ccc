"""Checks across settings keys, the same for both kinds of settings file."""

from __future__ import annotations

from collections.abc import Mapping

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


def empty_prefix_problems(settings: Settings, names: Mapping[str, str]) -> list[Diagnostic]:
    """An empty managed prefix starts every name: the run would own, and with deletion on
    delete, everything in the cluster. JulieOps refuses it (`validateManagedPrefixes`).
    `names` gives the file's spelling of a settings path, where it is not the path itself."""
    lists = {
        "managed_prefixes.topics": settings.topic_managed_prefixes,
        "managed_prefixes.groups": settings.group_managed_prefixes,
        "managed_prefixes.principals": settings.principal_managed_prefixes,
    }
    return [
        Diagnostic(
            "settings-invalid",
            Severity.ERROR,
            f"`{names.get(path, path)}` contains an empty prefix, which would manage every name",
            settings.key_spans.get(path),
            "remove the empty item, as JulieOps requires",
        )
        for path, prefixes in lists.items()
        if "" in prefixes
    ]
