"""What only the SQLite store has: WAL, its migrations and header checks, refusing foreign files.

What both backends share (dedup, round trips, atomic batches) is tested on each in test_backends.py.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tahqiq.errors import NotADatabase, SchemaTooNew
from tahqiq.records import ArticleInput
from tahqiq.store import SCHEMA_VERSION, Store
from tahqiq.text.fingerprints import content_hash


def _article(text: str, source: str = "a.txt", title: str = "عنوان") -> ArticleInput:
    return ArticleInput(text=text, title=title, source=source, outlet="سانا", published="2017-12-17")


def test_new_store_is_wal_with_current_schema(db_path: Path) -> None:
    with Store.open(db_path) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.count() == 0


def test_content_hash_ignores_marks_not_words() -> None:
    assert content_hash("أمريكا") == content_hash("امريكا")
    assert content_hash("أمريكا") != content_hash("روسيا")


def test_refuses_non_sqlite_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not a database\n" * 10)
    before = path.read_bytes()
    with pytest.raises(NotADatabase, match="not a SQLite database"):
        Store.open(path)
    assert path.read_bytes() == before


def test_refuses_foreign_sqlite_database(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t(x)")
    conn.commit()
    conn.close()
    with pytest.raises(NotADatabase, match="not a tahqiq store"):
        Store.open(path)


def test_refuses_newer_schema(db_path: Path) -> None:
    Store.open(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(SchemaTooNew, match="newer"):
        Store.open(db_path)


def test_default_path_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = tmp_path / "env.db"
    monkeypatch.setenv("TAHQIQ_DB", str(target))
    with Store.open() as store:
        assert Path(store.path) == target
    assert target.exists()


def test_sentences_are_stored_with_offsets(db_path: Path) -> None:
    text = "الجملة الأولى عن الحسكة. الجملة الثانية، مع فاصلة، عن داعش."
    with Store.open(db_path) as store:
        [r] = store.add_batch([_article(text)])
        sentences = store.sentences(store.get(r.article_id))
    assert [s.text for s in sentences] == ["الجملة الأولى عن الحسكة.", "الجملة الثانية، مع فاصلة، عن داعش."]
    assert all(text[s.start : s.end] == s.text for s in sentences)
