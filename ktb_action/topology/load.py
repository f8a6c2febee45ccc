"""Read topology files and directories into located documents, with diagnostics.

The only module of the topology core that touches the file system. Everything a user can get
wrong here (a file too large, not UTF-8, empty, broken YAML) is a `Diagnostic` with the
file's path relative to the repository root; nothing raises.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from ktb_action.diagnostics import Diagnostic, Severity, Span
from ktb_action.topology.compose import compose_text
from ktb_action.topology.located import Document

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
RULES = {
    "yaml-syntax": "the file is not valid YAML or JSON",
    "yaml-duplicate-key": "a key is written twice in one mapping",
    "yaml-non-string-key": "a mapping key is a number, boolean, null or collection",
    "yaml-alias-bomb": "aliases expand to more nodes than a topology can have",
    "yaml-tag": "a YAML tag other than `!!str` (`!!binary`, a custom `!tag`)",
    "file-empty": "a topology file has no document in it",
    "file-not-utf8": "a file is not UTF-8",
    "file-too-large": "a file is larger than `max_file_bytes`",
    "file-not-found": "a topology path does not exist",
    "file-unreadable": "a file cannot be read (permissions, I/O error)",
    "file-not-regular": "a topology path is a pipe, a device or a socket, not a file",
    "file-symlink-loop": "a topology path is a symbolic link that never reaches a file",
    "directory-empty": "a topology directory holds no topology file",
}
"""Rule ids of the loader, with their one-line summaries (for settings, SARIF and docs)."""
TOPOLOGY_SUFFIXES = frozenset({".yaml", ".yml", ".json"})

_Entry = TypeVar("_Entry")


@dataclass(frozen=True)
class LoadResult:
    """What reading a set of paths produced, in the order the files were read."""

    documents: tuple[Document, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)
    """Decoded text by relative path, for renderers that quote the offending line."""
    files: tuple[str, ...] = ()
    """Every file read (relative, `/`-separated), including those that failed to parse."""


def load_text(text: str | bytes, file: str) -> tuple[list[Document], list[Diagnostic]]:
    """Parse one file's content; `file` is the relative path diagnostics will name."""
    if isinstance(text, bytes):
        decoded = decode(text, file)
        if isinstance(decoded, Diagnostic):
            return [], [decoded]
        text = decoded
    documents, diagnostics = compose_text(text, file)
    if not documents and not diagnostics:
        diagnostics.append(
            Diagnostic(
                "file-empty",
                Severity.WARNING,
                "file has no topology in it",
                Span.point(file),
                "add a topology (`context:` and `projects:`) or delete the file",
            )
        )
    return documents, diagnostics


def decode(data: bytes, file: str) -> str | Diagnostic:
    """The UTF-8 text of `data` (a leading BOM dropped), or where it stops being UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        offset = error.start
        line_start = data.rfind(b"\n", 0, offset) + 1
        line = data.count(b"\n", 0, offset) + 1
        column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
        # Windows editors save "Unicode" as UTF-16 with a byte order mark: name it.
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            message = "file is UTF-16, not UTF-8"
        else:
            message = f"file is not valid UTF-8: byte `0x{data[offset]:02x}` at offset {offset}"
        return Diagnostic(
            "file-not-utf8",
            Severity.ERROR,
            message,
            Span.point(file, line, column),
            "save the file as UTF-8",
        )


def load_paths(
    paths: Sequence[Path],
    root: Path,
    *,
    recursive: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    exclude: Iterable[Path] = (),
    skip_names: Collection[str] = (),
) -> LoadResult:
    """Read every topology file under `paths` (files, or directories of them).

    Directories give their `.yaml`/`.yml`/`.json` files sorted by name; subdirectories (such
    as `schemas/`) are read only with `recursive=True`. `exclude` names files never read as
    topologies (the settings, plans and roles files); `skip_names` are file names a directory
    never contributes (`ktb.yaml`), though a path naming such a file is read. Paths in
    diagnostics are relative to `root`.
    """
    root = _absolute(root)
    skipped = {_absolute(path) for path in exclude}
    documents: list[Document] = []
    diagnostics: list[Diagnostic] = []
    sources: dict[str, str] = {}
    files: list[str] = []
    for path in _expand(paths, recursive, frozenset(skip_names), diagnostics, root):
        absolute = _absolute(path)
        rel = relative(absolute, root)
        if absolute in skipped or rel in sources:
            continue
        files.append(rel)
        data = _read(absolute, rel, max_bytes, diagnostics)
        if data is None:
            continue
        decoded = decode(data, rel)
        if isinstance(decoded, Diagnostic):
            diagnostics.append(decoded)
            continue
        sources[rel] = decoded
        found, problems = load_text(decoded, rel)
        documents.extend(found)
        diagnostics.extend(problems)
    return LoadResult(tuple(documents), tuple(diagnostics), sources, tuple(files))


def load_entries(
    path: str,
    root: Path,
    entries_of: Callable[[Document], tuple[dict[str, _Entry], list[Diagnostic]]],
) -> tuple[dict[str, _Entry], str, list[Diagnostic]]:
    """The named entries of a companion file (plans, roles) at `path` relative to `root`:
    what `entries_of` finds in its documents (a later name wins), the file's relative name,
    and every finding of reading and of `entries_of`."""
    result = load_paths([root / path], root)
    diagnostics = list(result.diagnostics)
    entries: dict[str, _Entry] = {}
    for document in result.documents:
        found, problems = entries_of(document)
        entries.update(found)
        diagnostics.extend(problems)
    return entries, result.files[0] if result.files else path, diagnostics


def relative(path: Path, root: Path) -> str:
    """`path` relative to `root`, `/`-separated (with `..` when it lies outside)."""
    return Path(os.path.relpath(path, root)).as_posix()


def _absolute(path: Path) -> Path:
    # Not `resolve()`: a symlinked topology is reported where it sits in the repository (where
    # the user edits it and CI annotates it), not where its target lives.
    return Path(os.path.abspath(path))


def _expand(
    paths: Sequence[Path],
    recursive: bool,
    skip_names: frozenset[str],
    diagnostics: list[Diagnostic],
    root: Path,
) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            listed = [p for p in _directory_files(path, recursive) if p.name not in skip_names]
            if not listed:
                diagnostics.append(_empty_directory(path, recursive, root))
            found.extend(listed)
        elif os.path.lexists(path):
            # Whatever it is (a file, a pipe, a broken link), `_read` says what is wrong.
            found.append(path)
        else:
            diagnostics.append(
                Diagnostic(
                    "file-not-found",
                    Severity.ERROR,
                    f"no such file or directory `{relative(_absolute(path), root)}`",
                    None,
                    "check the path, relative to the repository root",
                )
            )
    return found


def _empty_directory(directory: Path, recursive: bool, root: Path) -> Diagnostic:
    # A run that reads nothing passes vacuously: say so, it is usually the wrong folder.
    hint = "name the folder that holds the topology files"
    if not recursive and any(p.is_dir() for p in directory.iterdir()):
        hint += ", or add `--recursive` to read its subfolders"
    return Diagnostic(
        "directory-empty",
        Severity.WARNING,
        f"no topology files (`.yaml`, `.yml`, `.json`) in `{relative(_absolute(directory), root)}`",
        None,
        hint,
    )


def _directory_files(directory: Path, recursive: bool) -> list[Path]:
    if not recursive:
        candidates = [p for p in directory.iterdir() if not p.is_dir()]
        return sorted((p for p in candidates if _is_topology(p)), key=lambda p: p.name)
    found: list[Path] = []
    for current, dirnames, filenames in os.walk(directory):
        # Hidden directories (.git, .github) never hold topologies.
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found.extend(Path(current, name) for name in sorted(filenames))
    return [p for p in found if _is_topology(p)]


def _is_topology(path: Path) -> bool:
    return path.suffix.lower() in TOPOLOGY_SUFFIXES and not path.name.startswith(".")


def _read(path: Path, rel: str, max_bytes: int, diagnostics: list[Diagnostic]) -> bytes | None:
    try:
        status = path.stat()
    except OSError as error:
        diagnostics.append(_unreachable(path, rel, error))
        return None
    if not stat.S_ISREG(status.st_mode):
        # Reading a FIFO blocks until a writer comes; `/dev/zero` never ends. No span: a
        # span would make renderers open the path to quote its first line.
        diagnostics.append(
            Diagnostic(
                "file-not-regular",
                Severity.ERROR,
                f"`{rel}` is {_kind(status.st_mode)}, not a file",
                None,
                "name a regular topology file",
            )
        )
        return None
    if status.st_size > max_bytes:
        diagnostics.append(
            Diagnostic(
                "file-too-large",
                Severity.ERROR,
                f"file is {_mib(status.st_size)}, more than the limit of {_mib(max_bytes)}",
                Span.point(rel),
                "split the topology into several files in one directory, "
                "or raise `limits.max_file_bytes` in ktb.yaml",
            )
        )
        return None
    try:
        return path.read_bytes()
    except OSError as error:
        diagnostics.append(_unreachable(path, rel, error))
        return None


def _unreachable(path: Path, rel: str, error: OSError) -> Diagnostic:
    """Why a path that exists (at least as a link) cannot be followed to anything."""
    if error.errno == errno.ELOOP:
        return Diagnostic(
            "file-symlink-loop",
            Severity.ERROR,
            f"`{rel}` is a symbolic link that loops back on itself",
            Span.point(rel),
            "point the link at a topology file, or delete it",
        )
    if error.errno == errno.ENOENT and path.is_symlink():
        return Diagnostic(
            "file-not-found",
            Severity.ERROR,
            f"`{rel}` is a symbolic link to `{os.readlink(path)}`, which does not exist",
            Span.point(rel),
            "point the link at a topology file, or delete it",
        )
    return Diagnostic(
        "file-unreadable",
        Severity.ERROR,
        f"cannot read the file: {error.strerror or error}".rstrip("."),
        Span.point(rel),
    )


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a directory"


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB"
