"""The SQLite store: WAL, migrations, dedup, idempotence, refusing foreign files, atomic batches."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tahqiq.errors import ArticleNotFound, NotADatabase, SchemaTooNew
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


def test_add_get_roundtrip_keeps_original_text(db_path: Path) -> None:
    text = "قالَ المتحدثُ إنّ الجيشَ وصلَ. وأضاف: «لا صحة لذلك»."
    with Store.open(db_path) as store:
        [result] = store.add_batch([_article(text)])
        article = store.get(result.article_id)
    assert result.outcome == "added"
    assert article.text == text
    assert article.outlet == "سانا"
    assert article.published == "2017-12-17"
    assert article.sources == ("a.txt",)


def test_same_text_twice_is_one_article_with_both_sources(db_path: Path) -> None:
    with Store.open(db_path) as store:
        first = store.add_batch([_article("الجيش السوري الجديد في الحسكة", "a.txt")])
        # Diacritics and hamza forms differ, normalized content is the same.
        second = store.add_batch([_article("الجَيش السوري الجديد في الحسكة", "b.txt")])
        again = store.add_batch([_article("الجيش السوري الجديد في الحسكة", "a.txt")])
        assert store.count() == 1
        assert [r.outcome for r in first + second + again] == ["added", "duplicate", "unchanged"]
        assert set(store.get(first[0].article_id).sources) == {"a.txt", "b.txt"}


def test_content_hash_ignores_marks_not_words() -> None:
    assert content_hash("أمريكا") == content_hash("امريكا")
    assert content_hash("أمريكا") != content_hash("روسيا")


def test_failed_batch_leaves_nothing_behind(db_path: Path) -> None:
    good = _article("مقال سليم عن الحسكة", "good.txt")
    broken = ArticleInput(text="مقال آخر", source="bad.txt", language=None)  # type: ignore[arg-type]
    with Store.open(db_path) as store:
        with pytest.raises(sqlite3.IntegrityError):
            store.add_batch([good, broken])
        assert store.count() == 0
        assert store.conn.execute("SELECT count(*) FROM sentences").fetchone()[0] == 0
        assert store.conn.execute("SELECT count(*) FROM article_fts").fetchone()[0] == 0


def test_interrupt_inside_transaction_rolls_back(db_path: Path) -> None:
    with Store.open(db_path) as store:
        with pytest.raises(KeyboardInterrupt), store.transaction() as conn:
            conn.execute(
                "INSERT INTO articles(content_hash, title, text, language, ingested_at) "
                "VALUES ('x', 't', 'نص', 'ar', 'now')"
            )
            raise KeyboardInterrupt
        assert store.count() == 0


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


def test_unknown_article(db_path: Path) -> None:
    with Store.open(db_path) as store, pytest.raises(ArticleNotFound):
        store.get(42)


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
