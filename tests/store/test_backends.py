"""The store's behaviour, once per backend (a SQLite file, a PostgreSQL database): the same calls
give the same rows, so everything above the store works on either."""

from __future__ import annotations

import itertools
import sqlite3

import pytest

from tahqiq.api import Tahqiq
from tahqiq.errors import ArticleNotFound, CheckNotFound
from tahqiq.records import ArticleInput
from tahqiq.records.reviews import DeskModel
from tahqiq.store import Store
from tahqiq.store.copyindex import backlog, catch_up, index_stats, logged, lookup, shared_pairs
from tahqiq.text.fingerprints import text_fingerprints
from tests.conftest import EXAMPLES, SEED_FILES


def _article(text: str, source: str = "a.txt", title: str = "عنوان") -> ArticleInput:
    return ArticleInput(text=text, title=title, source=source, outlet="سانا", published="2017-12-17")


def _samples() -> list[ArticleInput]:
    return [
        ArticleInput(text=(EXAMPLES / name).read_text(encoding="utf-8"), title=name, source=name)
        for name in SEED_FILES
    ]


def test_add_get_roundtrip_keeps_original_text(store_location: str) -> None:
    text = "قالَ المتحدثُ إنّ الجيشَ وصلَ. وأضاف: «لا صحة لذلك»."
    with Store.open(store_location) as store:
        [result] = store.add_batch([_article(text)])
        article = store.get(result.article_id)
        sentences = store.sentences(article)
    assert result.outcome == "added"
    assert (article.text, article.outlet, article.published, article.sources) == (
        text,
        "سانا",
        "2017-12-17",
        ("a.txt",),
    )
    assert all(text[s.start : s.end] == s.text for s in sentences) and len(sentences) == 2


def test_same_text_twice_is_one_article_with_both_sources(store_location: str) -> None:
    with Store.open(store_location) as store:
        first = store.add_batch([_article("الجيش السوري الجديد في الحسكة", "a.txt")])
        second = store.add_batch([_article("الجَيش السوري الجديد في الحسكة", "b.txt")])
        again = store.add_batch([_article("الجيش السوري الجديد في الحسكة", "a.txt")])
        within = store.add_batch([_article("نص آخر", "c.txt"), _article("نص آخر", "d.txt")])
        assert store.count() == 2
        assert [r.outcome for r in first + second + again + within] == [
            "added",
            "duplicate",
            "unchanged",
            "added",
            "duplicate",
        ]
        assert set(store.get(first[0].article_id).sources) == {"a.txt", "b.txt"}
        assert store.stats() == {"articles": 2, "sources": 4, "sentences": 2, "outlets": 1}


def test_failed_batch_leaves_nothing_behind(store_location: str) -> None:
    good = _article("مقال سليم عن الحسكة", "good.txt")
    broken = ArticleInput(text="مقال آخر", source="bad.txt", language=None)  # type: ignore[arg-type]
    with Store.open(store_location) as store:
        with pytest.raises(sqlite3.IntegrityError):
            store.add_batch([good, broken])
        assert store.count() == 0
        assert store.conn.execute("SELECT count(*) FROM sentences").fetchone()[0] == 0
        assert store.fts_search(["حسك"], 10) == []
        assert store.add_batch([good])[0].outcome == "added"  # the store is still usable


def test_interrupt_inside_transaction_rolls_back(store_location: str) -> None:
    with Store.open(store_location) as store:
        with pytest.raises(KeyboardInterrupt), store.transaction() as conn:
            conn.execute(
                "INSERT INTO articles(content_hash, title, text, language, ingested_at) "
                "VALUES ('x', 't', 'نص', 'ar', 'now')"
            )
            raise KeyboardInterrupt
        assert store.count() == 0


def test_unknown_article(store_location: str) -> None:
    with Store.open(store_location) as store, pytest.raises(ArticleNotFound):
        store.get(42)


def test_reads_in_id_order_and_by_date(store_location: str) -> None:
    with Store.open(store_location) as store:
        ids = [r.article_id for r in store.add_batch(_samples())]
        assert store.article_ids() == sorted(ids)
        assert [a.id for a in store.iter_articles(batch=2)] == sorted(ids)
        assert store.watermark() == (5, max(ids))
        assert store.get_many([ids[2], 999, ids[0]]) == store.get_many([ids[2], ids[0]])
        assert set(store.places(ids)) == set(ids)
        assert store.known_hashes([a.content_hash for a in store.get_many(ids)] + ["x"]) == {
            a.content_hash for a in store.get_many(ids)
        }


def test_copy_index_logs_merges_and_looks_up(store_location: str) -> None:
    with Store.open(store_location) as store:
        ids = [r.article_id for r in store.add_batch(_samples())]
        assert logged(store) == 5 and backlog(store) == 0
        article = store.get(ids[0])
        before = lookup(store, text_fingerprints(article.text), exclude=article.id)
        catch_up(store)
        stats = index_stats(store)
        assert logged(store) == 0 and stats.articles == 5 and stats.rows > 0
        after = lookup(store, text_fingerprints(article.text), exclude=article.id)
        assert after == before  # the log and the merged index answer alike
        assert shared_pairs(store).pairs == shared_pairs(store).pairs


def test_full_text_frequencies_and_ranking(store_location: str) -> None:
    with Store.open(store_location) as store:
        store.add_batch(_samples())
        df = store.document_frequencies(["حسك", "داعش", "غيرموجود"])
        assert df["غيرموجود"] == 0 and df["حسك"] >= 1
        ranked = store.fts_search(["حسك", "داعش"], 10)
        assert ranked and all(a[1] >= b[1] for a, b in itertools.pairwise(ranked))
        top = ranked[0][0]
        assert store.fts_search(["حسك", "داعش"], 10, above=top) == [r for r in ranked if r[0] > top]
        n, tail = store.tail_frequencies(["حسك"], 0)
        assert n == 5 and tail["حسك"] == df["حسك"]


def test_saved_checks_reviews_and_desk_models(any_sample_store: Tahqiq) -> None:

    tq = any_sample_store
    report = tq.check("القوات الأمريكية تدرب منشقين عن داعش في الحسكة")
    first = tq.save_check(report)
    second = tq.save_check(report, keep=1)  # the first, unreviewed, is dropped
    assert [c.check_id for c in tq.recent_checks()] == [second]
    assert tq.recent_checks()[0].label == report.verdict.label
    with pytest.raises(CheckNotFound):
        tq.saved_check(first)
    edit = tq.review(second, reviewer="سلمى", rating="refuted", verdict_text="غير صحيح")
    assert tq.latest_review(second) == edit and tq.recent_checks()[0].reviewed_rating == "refuted"
    aid = report.evidence[0].article.id
    correction = tq.review_stance(second, aid, "disagree", reviewer="سلمى")
    assert tq.stance_reviews(second) == [correction]
    third = tq.save_check(report, keep=1)
    assert {c.check_id for c in tq.recent_checks()} == {second, third}  # reviewed work is kept
    model = DeskModel("مكتب", "2026-01-01T00:00:00+00:00", {"a": 1.0}, 3, "fast")
    tq.store.save_desk_model(model)
    tq.store.save_desk_model(DeskModel("مكتب", "2026-01-02T00:00:00+00:00", {"a": 2.0}, 4, "fast"))
    assert [m.gates for m in tq.desk_models()] == [{"a": 2.0}]
