"""Rules about what a project refers to: application topics, files on disk, topics at all."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import zip_longest
from pathlib import Path, PurePosixPath

from ktb_action.diagnostics import Diagnostic, Severity, Span
from ktb_action.topology.model import Project, TopicRefs
from ktb_action.validate.rules.base import Rule, RuleContext


def streams_no_read(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """A Streams application that reads no topic (JulieOps refuses the file)."""
    for topology in ctx.topologies:
        for project in topology.projects:
            for app in project.streams:
                if not app.topics.read:
                    yield rule.at(
                        f"streams application `{app.principal}` reads no topic",
                        app.span,
                        "list its input topics under `topics: {read: [...]}`",
                    )


def _application_refs(project: Project) -> Iterator[tuple[str, TopicRefs]]:
    for app in project.streams:
        yield f"streams application `{app.principal}`", app.topics
    for worker in project.connectors:
        yield f"connector `{worker.principal}`", worker.topics
    for access in project.ksql.access_control:
        yield f"ksqlDB principal `{access.principal}`", access.topics


def topic_ref_short_name(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """An application topic written as a project topic's short name: JulieOps (and ktb)
    grant on the name as written, which is not the name of that topic."""
    declared = {named.full_name for named in ctx.topics}
    # One pass over the topics: by project, how each may be written without its prefix.
    short: dict[int, dict[str, str]] = defaultdict(dict)
    separator = ctx.settings.naming.separator
    for named in ctx.topics:
        if named.project is not None:
            topic = named.topic
            written = short[id(named.project)]
            written[topic.name] = named.full_name
            if topic.data_type:
                written[f"{topic.name}{separator}{topic.data_type}"] = named.full_name
    for topology in ctx.topologies:
        for project in topology.projects:
            for who, refs in _application_refs(project):
                for name, span in zip_longest((*refs.read, *refs.write), refs.spans):
                    full = short[id(project)].get(name)
                    if full is not None and name not in declared:
                        yield rule.at(
                            f"{who} is granted topic `{name}` as written, not the project's "
                            f"topic `{full}`",
                            span,
                            f"write the full name `{full}`",
                        )


def _referenced_files(project: Project) -> Iterator[tuple[str, Span | None]]:
    for topic in project.topics:
        for schema in topic.schemas:
            if schema.key_file:
                yield schema.key_file, schema.key_file_span
            if schema.value_file:
                yield schema.value_file, schema.value_file_span
    for artefact in (*project.connector_artefacts, *project.ksql.streams, *project.ksql.tables):
        yield artefact.path, artefact.span


def file_missing(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """Schema, connector and ksqlDB files, relative to the descriptor's directory."""
    for topology in ctx.topologies:
        for project in topology.projects:
            for path, span in _referenced_files(project):
                if span is None:
                    continue
                base = PurePosixPath(span.file).parent
                target = ctx.root / base / path
                if not _is_file(target):
                    yield rule.at(
                        f"file `{path}` does not exist",
                        span,
                        f"paths are relative to the topology file's directory (`{base}/`)",
                    )


def _is_file(path: Path) -> bool:
    # `Path.is_file` raises for a name the system refuses (too long, ...): not a file either.
    try:
        return path.is_file()
    except OSError:
        return False


def without_topics(ctx: RuleContext, rule: Rule) -> Iterator[Diagnostic]:
    """A project with no topics: fine for ACL-only projects, often a forgotten `topics:`."""
    for topology in ctx.topologies:
        for project in topology.projects:
            if not project.topics:
                yield rule.at(
                    f"project `{project.name}` has no topics",
                    project.span,
                    "add `topics:` if this project should own topics",
                )


RULES = (
    Rule("streams-no-read", Severity.ERROR, "a streams app reads no topic", streams_no_read),
    Rule("file-missing", Severity.ERROR, "a referenced file does not exist", file_missing),
    Rule(
        "topic-ref-short-name",
        Severity.WARNING,
        "an application topic is a project topic's short name",
        topic_ref_short_name,
    ),
    Rule("project-without-topics", Severity.NOTICE, "a project has no topics", without_topics),
)
