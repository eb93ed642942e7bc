"""iter_sources: files, folders, globs and stdin expanded once each, in a stable order; and the
outlet a report's own text names when no URL or byline does."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tahqiq.ingest import iter_sources, read_all
from tahqiq.ingest.sources import known_outlet, outlet_from_text

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


# --- the outlet a text names ---------------------------------------------------------------------


def test_the_sample_reports_are_named_by_their_own_text() -> None:
    found = {Path(a.source).name[:3]: a.outlet for r in read_all([str(EXAMPLES)]) for a in r.articles}
    assert found == {
        "000": "الوطن السورية",  # al-Watan's layout: section heading, then the weekday dateline
        "001": None,  # nothing in the text names the outlet
        "002": "سانا",  # «سانا وثقت ذلك …»: the agency speaking of its own work
        "003": "سانا",  # «المصدر: سانا»
        "004": "بلدي نيوز",  # the byline
    }


def test_a_credit_line_names_only_a_listed_outlet() -> None:
    assert outlet_from_text("نص الخبر.", "وكالة سانا") == "سانا"
    assert outlet_from_text("نص الخبر.", "وكالات") is None
    assert outlet_from_text("نص الخبر.", "أحمد محمد") is None
    assert known_outlet("  عنب   بلدي ") == "عنب بلدي"
    assert known_outlet(None) is None


def test_a_reporter_or_a_verb_names_the_outlet_but_a_citation_does_not() -> None:
    assert outlet_from_text("وذكر مراسل سانا في حمص أن الطريق فتح.") == "سانا"
    assert outlet_from_text("وقالت سانا إن الطريق فتح.") is None
    assert outlet_from_text("وذكر مراسل الجزيرة أن الطريق فتح.") is None  # الجزيرة alone is a region too


def test_a_section_heading_names_the_outlet_only_above_a_dateline() -> None:
    assert outlet_from_text("أخبار سورية\n\nالأحد، ١٧ ديسمبر ٢٠١٧\n\nنص الخبر.") == "الوطن السورية"
    assert outlet_from_text("أخبار سورية\n\nنص الخبر الذي لا تاريخ فيه.") is None
