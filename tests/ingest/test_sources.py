"""iter_sources: files, folders, globs and stdin expanded once each, in a stable order."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tahqiq.ingest import iter_sources

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in [
        "b.txt",
        "a.html",
        "notes.css",
        ".hidden.txt",
        "sub/z.jsonl",
        "sub/deeper/c.xml",
        ".git/config.txt",
        "sub/.cache/x.txt",
        "README",
    ]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    return tmp_path


def _rel(paths: list[str], root: Path) -> list[str]:
    return [str(Path(p).relative_to(root)) if p != "-" else p for p in paths]


def test_folder_walk_is_recursive_sorted_and_skips_hidden_and_foreign_suffixes(tree: Path) -> None:
    assert _rel(list(iter_sources([str(tree)])), tree) == [
        "a.html",
        "b.txt",
        "sub/z.jsonl",
        "sub/deeper/c.xml",
    ]


def test_custom_suffixes_and_explicit_files_are_always_yielded(tree: Path) -> None:
    assert _rel(list(iter_sources([str(tree)], suffixes={".css"})), tree) == ["notes.css"]
    assert _rel(list(iter_sources([str(tree / "README"), str(tree / ".hidden.txt")])), tree) == [
        "README",
        ".hidden.txt",
    ]


def test_globs_expand_sorted_and_recursive(tree: Path) -> None:
    assert _rel(list(iter_sources([str(tree / "*.txt")])), tree) == ["b.txt"]
    assert _rel(list(iter_sources([str(tree / "**" / "*.xml")])), tree) == ["sub/deeper/c.xml"]
    assert _rel(list(iter_sources([str(tree / "su*")])), tree) == ["sub/z.jsonl", "sub/deeper/c.xml"]


def test_each_file_is_yielded_once_in_first_seen_order(tree: Path) -> None:
    sources = list(iter_sources([str(tree / "b.txt"), str(tree), str(tree / "*.txt")]))
    assert _rel(sources, tree) == ["b.txt", "a.html", "sub/z.jsonl", "sub/deeper/c.xml"]


def test_missing_paths_and_empty_globs_are_yielded_for_the_reader_to_report(tmp_path: Path) -> None:
    missing = [str(tmp_path / "gone.txt"), str(tmp_path / "*.nothing")]
    assert list(iter_sources(missing)) == missing


def test_stdin_dash_is_yielded_once_where_it_stands(tree: Path) -> None:
    sources = list(iter_sources(["-", str(tree / "b.txt"), "-"], stdin=io.StringIO("")))
    assert _rel(sources, tree) == ["-", "b.txt"]


def test_relative_glob_over_the_examples() -> None:
    sources = list(iter_sources([str(EXAMPLES / "*.txt")]))
    assert [Path(s).name for s in sources] == sorted(p.name for p in EXAMPLES.glob("*.txt"))
    assert len(sources) == 5
