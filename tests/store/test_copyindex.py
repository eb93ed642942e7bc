"""The copy index: winnowing, stable hashes, ingest logging and merging, migration, read-only stores."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import numpy as np
import pytest

import tahqiq.store.copyindex as copy_index
from tahqiq.errors import IndexNotReady
from tahqiq.provenance.copies import fingerprint
from tahqiq.records import ArticleInput
from tahqiq.store import SCHEMA_VERSION, Store
from tahqiq.store.copyindex import backlog, catch_up, index_stats, logged, lookup, require_ready, shared_pairs
from tahqiq.text.fingerprints import (
    GUARANTEED_WORDS,
    WINDOW,
    key_ids,
    shingle_hashes,
    text_fingerprints,
    text_word_ids,
    winnow,
)

from ..conftest import EXAMPLES, SEED_FILES

_VOCABULARY = (
    "قال المتحدث باسم الوزارة إن القوات وصلت إلى المدينة بعد معارك عنيفة مع المسلحين في الريف الشرقي "
    "وأضاف أن الطائرات قصفت مواقع التنظيم قرب النهر حيث فر عشرات المقاتلين نحو الحدود الجنوبية "
    "وأعلنت اللجنة عن اجتماع جديد لبحث الأوضاع الإنسانية وتوزيع المساعدات على النازحين في المخيمات"
)
WORDS = _VOCABULARY.split()


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)) + "."


def _sample_store(path: Path) -> Store:
    store = Store.open(path)
    store.add_batch(
        [
            ArticleInput(text=(EXAMPLES / name).read_text(encoding="utf-8"), title=name, source=name)
            for name in SEED_FILES
        ]
    )
    return store


def test_winnowing_keeps_a_hash_in_every_window() -> None:
    rng = np.random.default_rng(5)
    hashes = rng.integers(0, 2**47, size=400).astype(np.uint64)
    kept = set(winnow(hashes))
    assert len(kept) < len(hashes) / 2
    for i in range(len(hashes) - WINDOW + 1):
        assert kept & set(hashes[i : i + WINDOW].tolist())


def test_short_texts_keep_every_hash() -> None:
    hashes = np.array([9, 3, 7], dtype=np.uint64)
    assert winnow(hashes) == [3, 7, 9]
    assert winnow(np.zeros(0, dtype=np.uint64)) == []


def test_fast_word_ids_equal_the_alignment_keys() -> None:
    texts = [(EXAMPLES / name).read_text(encoding="utf-8") for name in SEED_FILES]
    texts.append("«الجيش السوري الجديد»، في 2017/12/17: نحو ٧٥٠ مسلحاً\u00a0و400… (كوناشينكوف) قال‌ إن")
    for text in texts:
        assert text_word_ids(text).tolist() == key_ids(fingerprint(0, text).keys).tolist()


def test_hashes_are_stable_across_processes_and_versions() -> None:
    # Stored indexes depend on these exact values: a change here needs a migration that re-indexes.
    ids = text_word_ids("أكد مركز المصالحة الروسي في قاعدة حميميم")
    assert shingle_hashes(ids).tolist() == [111395463045579, 70109217037955, 85722520575844]
    assert all(h < 2**47 for h in text_fingerprints(_text(random.Random(1), 300)))


def test_ingest_logs_fingerprints_and_catching_up_merges_them(db_path: Path) -> None:
    with _sample_store(db_path) as store:
        assert logged(store) == 5 and backlog(store) == 0
        assert index_stats(store).rows == 0
        catch_up(store)
        stats = index_stats(store)
        assert logged(store) == 0
        assert stats.articles == 5
        # Winnowing keeps roughly 2 / (WINDOW + 1) of an article's shingles.
        words = sum(len(text_word_ids(a.text)) for a in store.iter_articles())
        assert 0.1 * words < stats.rows < 0.4 * words
        assert stats.bytes is None or stats.bytes > 0


def test_a_large_log_is_merged_during_ingest(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(copy_index, "MERGE_ARTICLES", 3)
    inputs = [
        ArticleInput(text=(EXAMPLES / name).read_text(encoding="utf-8"), title=name, source=name)
        for name in SEED_FILES
    ]
    with Store.open(db_path) as store:
        store.add_batch(inputs[:2])
        assert index_stats(store).articles == 0 and logged(store) == 2  # below the threshold: kept
        store.add_batch(inputs[2:])
        # The batch that brings the log to the threshold merges it, in its own transaction.
        assert index_stats(store).articles == 5
        assert logged(store) == 0


def test_lookup_finds_a_shared_run_of_guaranteed_length(db_path: Path) -> None:
    rng = random.Random(11)
    shared = " ".join(rng.sample(WORDS, GUARANTEED_WORDS))
    texts = [
        _text(rng, 80) + " " + shared + " " + _text(rng, 40),
        _text(rng, 50) + " " + shared,
        _text(rng, 90),
    ]
    with Store.open(db_path) as store:
        ids = [
            r.article_id
            for r in store.add_batch([ArticleInput(text=t, source=str(i)) for i, t in enumerate(texts)])
        ]
        catch_up(store)
        found = lookup(store, fingerprint(ids[0], texts[0]).shingles, exclude=ids[0])
        assert ids[1] in found.shared
        assert ids[0] not in found.shared
        pairs = shared_pairs(store).pairs
        assert (ids[0], ids[1]) in pairs


def test_boilerplate_hashes_are_skipped_and_counted(db_path: Path) -> None:
    rng = random.Random(4)
    footer = "جميع الحقوق محفوظة لدى الشبكة ويمنع النسخ أو إعادة النشر دون إذن خطي مسبق من إدارة التحرير"
    with Store.open(db_path) as store:
        results = store.add_batch(
            [ArticleInput(text=_text(rng, 60) + " " + footer, source=str(i)) for i in range(5)]
        )
        catch_up(store)
        first = results[0].article_id
        a = store.get(first)
        capped = lookup(store, fingerprint(first, a.text).shingles, exclude=first, cap=3)
        assert capped.common_hashes > 0
        assert not capped.shared
        assert len(lookup(store, fingerprint(first, a.text).shingles, exclude=first).shared) == 4
        assert shared_pairs(store, cap=3).pairs == {}
        assert shared_pairs(store, cap=3).common_hashes > 0


def _downgrade_to_v1(path: Path) -> None:
    """Make a store look like one written before the copy index existed (schema version 1)."""
    conn = sqlite3.connect(path, isolation_level=None)
    for table in ("fingerprints", "fingerprint_backlog", "fingerprint_log", "review_edits", "checks"):
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    conn.execute("PRAGMA user_version = 1")
    conn.close()


def test_a_migrated_v1_store_is_backfilled_when_the_index_catches_up(db_path: Path, tmp_path: Path) -> None:
    _sample_store(db_path).close()
    _downgrade_to_v1(db_path)
    with Store.open(db_path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert backlog(store) == 5
        catch_up(store)
        assert backlog(store) == 0 and logged(store) == 0
        migrated = shared_pairs(store).pairs
        assert index_stats(store).articles == 5
    with _sample_store(tmp_path / "fresh.db") as fresh:
        catch_up(fresh)
        assert shared_pairs(fresh).pairs == migrated


def test_a_read_only_v1_store_says_it_needs_the_index(db_path: Path) -> None:
    _sample_store(db_path).close()
    _downgrade_to_v1(db_path)
    with Store.open(db_path, readonly=True) as store, pytest.raises(IndexNotReady, match="predates"):
        require_ready(store)


def test_a_read_only_store_with_a_backlog_cannot_be_backfilled(db_path: Path) -> None:
    _sample_store(db_path).close()
    _downgrade_to_v1(db_path)
    Store.open(db_path).close()  # migrated, backlog not yet fingerprinted
    with Store.open(db_path, readonly=True) as store:
        with pytest.raises(IndexNotReady, match="tahqiq index"):
            require_ready(store)  # reads say what to run rather than miss copies
        with pytest.raises(IndexNotReady, match="read-only"):
            catch_up(store)


def test_a_read_only_store_reads_the_unmerged_log(db_path: Path, tmp_path: Path) -> None:
    _sample_store(db_path).close()
    with Store.open(db_path, readonly=True) as store:
        require_ready(store)  # reads never merge: the log is read as it stands
        assert logged(store) == 5
        from_log = shared_pairs(store).pairs
        a = store.get(1)
        found = lookup(store, fingerprint(1, a.text).shingles, exclude=1).shared
    with Store.open(db_path) as store:
        catch_up(store)
        assert shared_pairs(store).pairs == from_log
        assert lookup(store, fingerprint(1, a.text).shingles, exclude=1).shared == found
    assert from_log


def test_fingerprints_of_a_v3_store_are_redone(db_path: Path) -> None:
    """Stores at schema 2 or 3 hold hashes of an earlier shingle hash: all are fingerprinted again."""
    with _sample_store(db_path) as store:
        catch_up(store)
        expected = shared_pairs(store).pairs
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("DROP TABLE fingerprint_log")
    conn.execute("INSERT INTO fingerprints(hash, article_id) VALUES (12345, 1), (12345, 2)")
    conn.execute("PRAGMA user_version = 3")
    conn.close()
    with Store.open(db_path) as store:
        assert backlog(store) == 5
        assert index_stats(store).rows == 0
        catch_up(store)
        assert shared_pairs(store).pairs == expected
