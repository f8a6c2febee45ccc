"""Loading files and directories: which files are read, in what order, named how."""

from __future__ import annotations

from pathlib import Path

import pytest

from ktb_action.diagnostics import Severity, Span
from ktb_action.topology.load import load_paths


def _write(root: Path, rel: str, text: str | bytes = "context: c\n") -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_load_paths_reads_a_directory_sorted_by_name_yaml_yml_and_json(tmp_path: Path) -> None:
    for rel in ("topo/b.yml", "topo/a.yaml", "topo/c.json", "topo/notes.txt", "topo/.hidden.yaml"):
        _write(tmp_path, rel)
    result = load_paths([tmp_path / "topo"], tmp_path)
    assert result.files == ("topo/a.yaml", "topo/b.yml", "topo/c.json")
    assert [d.file for d in result.documents] == ["topo/a.yaml", "topo/b.yml", "topo/c.json"]
    assert result.diagnostics == ()


def test_load_paths_ignores_subdirectories_unless_recursive(tmp_path: Path) -> None:
    _write(tmp_path, "topo/descriptor.yaml")
    _write(tmp_path, "topo/schemas/value.json", '{"type": "record"}')
    assert load_paths([tmp_path / "topo"], tmp_path).files == ("topo/descriptor.yaml",)


def test_load_paths_recursive_walks_subdirectories_but_not_hidden_ones(tmp_path: Path) -> None:
    for rel in ("t/z.yaml", "t/sub/a.yaml", "t/.git/x.yaml"):
        _write(tmp_path, rel)
    result = load_paths([tmp_path / "t"], tmp_path, recursive=True)
    assert result.files == ("t/z.yaml", "t/sub/a.yaml")


def test_load_paths_keeps_sources_by_relative_path(tmp_path: Path) -> None:
    path = _write(tmp_path, "one.yaml", "context: one\n")
    assert load_paths([path], tmp_path).sources == {"one.yaml": "context: one\n"}


def test_load_paths_reads_a_file_named_twice_once(tmp_path: Path) -> None:
    path = _write(tmp_path, "one.yaml")
    assert load_paths([path, tmp_path], tmp_path).files == ("one.yaml",)


def test_load_paths_skips_excluded_files(tmp_path: Path) -> None:
    _write(tmp_path, "ktb.yaml", "naming: {}\n")
    _write(tmp_path, "topology.yaml")
    result = load_paths([tmp_path], tmp_path, exclude=[tmp_path / "ktb.yaml"])
    assert result.files == ("topology.yaml",)


def test_load_paths_reports_a_file_over_the_size_limit(tmp_path: Path) -> None:
    path = _write(tmp_path, "big.yaml", "context: c\n" * 20)
    result = load_paths([path], tmp_path, max_bytes=100)
    assert [(d.rule, d.severity, d.span) for d in result.diagnostics] == [
        ("file-too-large", Severity.ERROR, Span.point("big.yaml"))
    ]
    assert result.documents == ()
    assert result.files == ("big.yaml",)


def test_load_paths_reports_non_utf8_with_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, "latin1.yaml", "context: c\nname: caf\xe9\n".encode("latin-1"))
    (diagnostic,) = load_paths([path], tmp_path).diagnostics
    assert (diagnostic.rule, diagnostic.span) == ("file-not-utf8", Span.point("latin1.yaml", 2, 10))
    assert diagnostic.message == "file is not valid UTF-8: byte `0xe9` at offset 20"


def test_load_paths_reports_a_missing_path(tmp_path: Path) -> None:
    (diagnostic,) = load_paths([tmp_path / "nope"], tmp_path).diagnostics
    assert (diagnostic.rule, diagnostic.message) == (
        "file-not-found",
        "no such file or directory `nope`",
    )


def test_load_paths_names_files_relative_to_root_with_slashes(tmp_path: Path) -> None:
    path = _write(tmp_path, "a/b/c.yaml", "context: [\n")
    (diagnostic,) = load_paths([path], tmp_path).diagnostics
    assert diagnostic.span is not None
    assert diagnostic.span.file == "a/b/c.yaml"


@pytest.mark.parametrize("suffix", [".YAML", ".Yml", ".JSON"])
def test_load_paths_matches_suffixes_case_insensitively(tmp_path: Path, suffix: str) -> None:
    _write(tmp_path, f"d/x{suffix}")
    assert load_paths([tmp_path / "d"], tmp_path).files == (f"d/x{suffix}",)


def test_load_paths_names_a_symlinked_file_where_the_link_is(tmp_path: Path) -> None:
    target = _write(tmp_path, "shared/team.yaml", "context: [\n")
    (tmp_path / "topo").mkdir()
    (tmp_path / "topo/team.yaml").symlink_to(target)
    (diagnostic,) = load_paths([tmp_path / "topo"], tmp_path).diagnostics
    assert diagnostic.span is not None
    assert diagnostic.span.file == "topo/team.yaml"


def test_load_paths_skips_names_in_directories_but_reads_them_when_named(tmp_path: Path) -> None:
    _write(tmp_path, "t/ktb.yaml", "naming: {}\n")
    _write(tmp_path, "t/topology.yaml")
    in_directory = load_paths([tmp_path / "t"], tmp_path, skip_names=["ktb.yaml"])
    named = load_paths([tmp_path / "t/ktb.yaml"], tmp_path, skip_names=["ktb.yaml"])
    assert (in_directory.files, named.files) == (("t/topology.yaml",), ("t/ktb.yaml",))


@pytest.mark.parametrize(
    ("recursive", "hint"),
    [
        (
            False,
            "name the folder that holds the topology files, "
            "or add `--recursive` to read its subfolders",
        ),
        (True, "name the folder that holds the topology files"),
    ],
)
def test_load_paths_warns_about_a_directory_without_topologies(
    tmp_path: Path, recursive: bool, hint: str
) -> None:
    _write(tmp_path, "t/notes.md", "# not a topology")
    (tmp_path / "t/empty").mkdir()
    (diagnostic,) = load_paths([tmp_path / "t"], tmp_path, recursive=recursive).diagnostics
    assert (diagnostic.rule, diagnostic.severity, diagnostic.message, diagnostic.hint) == (
        "directory-empty",
        Severity.WARNING,
        "no topology files (`.yaml`, `.yml`, `.json`) in `t`",
        hint,
    )
