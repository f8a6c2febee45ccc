"""Rules about what a project refers to: streams topics, files on disk, topics at all."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from ktb_action.diagnostics import Diagnostic, Severity, Span
from ktb_action.topology.model import Project
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
    Rule("project-without-topics", Severity.NOTICE, "a project has no topics", without_topics),
)
