"""Reading topologies end to end: settings, then load files -> schema check -> build the
model -> rules.

The one place commands and CI read files through (`load_topologies`), so that `validate`,
`plan`, `apply` and `ci` read exactly the same things.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from ktb_action.config.load import DEFAULT_FILE, load_settings
from ktb_action.diagnostics import Diagnostic, Severity, sorted_diagnostics
from ktb_action.settings import Settings
from ktb_action.topology import load
from ktb_action.topology.build import build_topologies
from ktb_action.topology.model import Topology
from ktb_action.validate import schema_check
from ktb_action.validate.configure import apply_rule_settings, unknown_rule_settings
from ktb_action.validate.rules import REGISTRY, run_rules


@dataclass(frozen=True)
class Reading:
    """What reading a set of topology paths produced."""

    topologies: tuple[Topology, ...]
    diagnostics: tuple[Diagnostic, ...]
    """All findings, sorted by file and position, after rule settings were applied."""
    sources: dict[str, str] = field(default_factory=dict)
    """File text by relative path, for renderers that quote the offending line."""
    files: tuple[str, ...] = ()

    @property
    def topic_count(self) -> int:
        """How many topics the topologies declare (project and special topics)."""
        return sum(
            len(topology.special_topics) + sum(len(p.topics) for p in topology.projects)
            for topology in self.topologies
        )


def read_topologies(
    paths: Sequence[Path],
    root: Path,
    settings: Settings,
    *,
    recursive: bool = False,
    settings_findings: Iterable[Diagnostic] = (),
) -> Reading:
    """Read every topology under `paths` (files or directories) relative to `root`.

    `settings_findings` (what loading `settings` found) join the reading's own, so one
    report, filtered by the same rule settings, shows them all.
    """
    with _collector_paused():
        return _read(paths, root, settings, recursive, settings_findings)


def _read(
    paths: Sequence[Path],
    root: Path,
    settings: Settings,
    recursive: bool,
    settings_findings: Iterable[Diagnostic],
) -> Reading:
    loaded = load.load_paths(
        paths,
        root,
        recursive=recursive,
        max_bytes=settings.max_file_bytes,
        exclude=_companion_files(settings, root),
        # A settings file in a topology directory is not a topology, even when another
        # settings file (or none) configures this run.
        skip_names=[DEFAULT_FILE],
    )
    shape = [*loaded.diagnostics, *schema_check.check_schema(loaded.documents)]
    topologies, problems = build_topologies(loaded.documents, settings, root)
    meaning = [*problems, *run_rules(topologies, settings, root)]
    found = [
        *settings_findings,
        *shape,
        *_not_reported_yet(meaning, shape),
        *unknown_rule_settings(settings, rule_descriptions()),
    ]
    diagnostics = sorted_diagnostics(apply_rule_settings(found, settings))
    sources = dict(loaded.sources)
    sources.update(_quoted_sources(diagnostics, sources, root, settings.max_file_bytes))
    sources.update(_secrets_masked(diagnostics, sources))
    return Reading(tuple(topologies), tuple(diagnostics), sources, loaded.files)


def rule_descriptions() -> dict[str, str]:
    """Every rule id a run can report, with its one-line description (SARIF, docs)."""
    return {
        **load.RULES,
        **schema_check.RULES,
        **{rule_id: rule.summary for rule_id, rule in REGISTRY.items()},
    }


def _not_reported_yet(
    later: Iterable[Diagnostic], earlier: Iterable[Diagnostic]
) -> list[Diagnostic]:
    """`later` findings without those at a place an earlier error already points at.

    A value the schema check called malformed (`partitions: "x"`) is skipped by the builder
    but may still reach a rule that says so again: one error per place is enough.
    """
    taken = {d.span for d in earlier if d.severity is Severity.ERROR and d.span is not None}
    return [d for d in later if d.span is None or d.span not in taken]


@dataclass(frozen=True)
class Loaded:
    """Settings and topologies read from files; the reading has every finding about both."""

    settings: Settings
    reading: Reading

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Every finding about the settings and the topologies, sorted by file and position."""
        return self.reading.diagnostics

    @property
    def has_errors(self) -> bool:
        """Errors stop a plan before the cluster is contacted."""
        return any(d.severity is Severity.ERROR for d in self.diagnostics)


def load_topologies(
    paths: Sequence[Path], root: Path, settings_file: Path | None, *, recursive: bool = False
) -> Loaded:
    """Read the settings (default: `ktb.yaml` in `root`, if any), then the topologies under
    `paths`; no `paths` means the settings' `topology` paths (relative to `root`), else `root`.
    """
    settings, settings_findings = load_settings(settings_file, root)
    settings = replace(settings, root=str(root))
    default = [root / path for path in settings.topology_paths] or [root]
    reading = read_topologies(
        paths or default, root, settings, recursive=recursive, settings_findings=settings_findings
    )
    return Loaded(settings, reading)


@contextmanager
def _collector_paused() -> Iterator[None]:
    # Reading allocates about a million long-lived objects and almost no reference cycles;
    # the cyclic garbage collector would scan them over and over (some 15% of the time on
    # 10,000 topics). Cycles made meanwhile are collected once it runs again.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _companion_files(settings: Settings, root: Path) -> list[Path]:
    """Files in a topology directory that are not topologies: settings, plans, roles."""
    named = (settings.source, settings.plans_file, settings.roles_file)
    return [root / name for name in named if name]


SECRET_VALUE_RULES = frozenset({"user-password-literal"})
"""Findings that point at a secret someone wrote into a file: renderers quote a finding's
line, so the secret's characters are masked in the text they quote from."""


def _secrets_masked(diagnostics: Iterable[Diagnostic], sources: dict[str, str]) -> dict[str, str]:
    """The texts of files with a secret finding, each such span's characters as `*`."""
    masked: dict[str, list[str]] = {}
    for finding in diagnostics:
        span = finding.span
        if finding.rule not in SECRET_VALUE_RULES or span is None or span.file not in sources:
            continue
        lines = masked.setdefault(span.file, sources[span.file].splitlines(keepends=True))
        for number in range(span.line, min(span.end_line, len(lines)) + 1):
            line = lines[number - 1]
            body = line.rstrip("\r\n")
            start = span.column - 1 if number == span.line else 0
            end = span.end_column - 1 if number == span.end_line else len(body)
            lines[number - 1] = (
                body[:start] + "*" * max(end - start, 0) + body[end:] + line[len(body) :]
            )
    return {file: "".join(lines) for file, lines in masked.items()}


def _quoted_sources(
    diagnostics: Iterable[Diagnostic], known: dict[str, str], root: Path, max_bytes: int
) -> dict[str, str]:
    """Text of the other files findings point into (settings, plans, roles), so renderers
    can quote their lines too; unreadable ones are simply not quoted."""
    wanted = {d.span.file for d in diagnostics if d.span is not None} - set(known)
    texts: dict[str, str] = {}
    for file in sorted(wanted):
        path = root / file
        try:
            if path.stat().st_size <= max_bytes:
                texts[file] = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
    return texts
