"""`ktb validate`: check topology files and report every problem at its file, line, column."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from enum import StrEnum
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path
from typing import Annotated

import typer

from ktb_action.commands.options import (
    PathsArg,
    RecursiveOpt,
    RootOpt,
    SettingsOpt,
    check_paths,
)
from ktb_action.diagnostics import Severity
from ktb_action.errors import EXIT_ERRORS, EXIT_OK, UsageError
from ktb_action.pipeline import Reading, load_topologies, rule_descriptions
from ktb_action.redact import redact
from ktb_action.render.diagnostics_github import render_github
from ktb_action.render.diagnostics_gitlab import render_gitlab
from ktb_action.render.diagnostics_json import render_json
from ktb_action.render.diagnostics_sarif import render_sarif
from ktb_action.render.diagnostics_text import render_text


class OutputFormat(StrEnum):
    """Report formats: a terminal, machines, code scanning, and the two CI platforms."""

    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    GITHUB = "github"
    GITLAB = "gitlab"


def command(
    *,
    paths: PathsArg = None,
    settings: SettingsOpt = None,
    root: RootOpt = Path("."),
    recursive: RecursiveOpt = False,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="Report format.", case_sensitive=False)
    ] = OutputFormat.TEXT,
    output: Annotated[
        Path | None, typer.Option("--output", help="Write the report to this file, not stdout.")
    ] = None,
    fail_on_warnings: Annotated[
        bool, typer.Option("--fail-on-warnings", help="Exit 1 on warnings too.")
    ] = False,
) -> None:
    """Check topology files and report every problem with its file, line and column."""
    color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    raise typer.Exit(
        run(
            paths or [],
            root,
            settings,
            recursive=recursive,
            output_format=output_format,
            output=output,
            fail_on_warnings=fail_on_warnings,
            color=color,
        )
    )


def run(
    paths: Sequence[Path],
    root: Path,
    settings_file: Path | None,
    *,
    recursive: bool = False,
    output_format: OutputFormat = OutputFormat.TEXT,
    output: Path | None = None,
    fail_on_warnings: bool = False,
    color: bool = False,
) -> int:
    """Validate, write the report, and return the exit code (0 clean, 1 findings, 2 usage)."""
    check_paths(root, settings_file, paths)
    reading = load_topologies(paths, root, settings_file, recursive=recursive).reading
    report = render(reading, output_format, color=color)
    if output is None:
        sys.stdout.write(report)
    else:
        try:
            output.write_text(redact(report), encoding="utf-8")
        except OSError as error:
            raise UsageError(f"cannot write the report to `{output}`: {error.strerror}") from None
    return exit_code(reading, fail_on_warnings=fail_on_warnings)


def exit_code(reading: Reading, *, fail_on_warnings: bool) -> int:
    """1 when there are errors (or warnings, if they are made fatal), else 0."""
    failing = {Severity.ERROR, Severity.WARNING} if fail_on_warnings else {Severity.ERROR}
    return EXIT_ERRORS if any(d.severity in failing for d in reading.diagnostics) else EXIT_OK


def render(reading: Reading, output_format: OutputFormat, *, color: bool = False) -> str:
    """The report of `reading` in `output_format`."""
    diagnostics = list(reading.diagnostics)
    files = len(reading.files)
    if output_format is OutputFormat.JSON:
        return render_json(diagnostics, files=files, topics=reading.topic_count)
    if output_format is OutputFormat.SARIF:
        return render_sarif(
            diagnostics, descriptions=rule_descriptions(), information_uri=project_url()
        )
    if output_format is OutputFormat.GITHUB:
        return render_github(diagnostics)
    if output_format is OutputFormat.GITLAB:
        return render_gitlab(diagnostics, reading.sources)
    return render_text(diagnostics, reading.sources, files=files, color=color)


def project_url() -> str | None:
    """The project's home page from the installed package's metadata (`[project.urls]`)."""
    try:
        urls: list[str] = metadata("ktb-action").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in {"homepage", "home", "repository", "source"}:
            return url.strip()
    return None
