"""Profiles are kept up to date by the articles that come in, never by a scan of the store."""

from __future__ import annotations

from pathlib import Path

import pytest

import tahqiq
from tahqiq import api
from tahqiq.api import Tahqiq
from tahqiq.fixtures import EXAMPLES, synthetic_articles, write_jsonl
from tahqiq.ingest import read_all
from tahqiq.outlets.facts import MIN_SHARED_HASHES, Postings, copy_links, refresh
from tahqiq.store.copyindex import lookup
from tahqiq.text.fingerprints import text_fingerprints

from ..conftest import SEED_FILES, article_id_for


def test_each_ingest_adds_only_its_new_articles(db_path: Path) -> None:
    with tahqiq.open(db_path) as tq:
        tq.ingest([str(EXAMPLES / name) for name in SEED_FILES[:3]])
        assert tq.store.outlet_watermark() == 3
        before = {o.name: o.articles for o in tq.outlets().outlets}
        tq.ingest([str(EXAMPLES / name) for name in SEED_FILES])
        assert tq.store.outlet_watermark() == 5
        after = {o.name: o.articles for o in tq.outlets().outlets}
        assert after["سانا"] == before["سانا"] + 1
        assert after["بلدي نيوز"] == 1
        # Running the same ingest again changes nothing.
        tq.ingest([str(EXAMPLES / name) for name in SEED_FILES])
        assert {o.name: o.articles for o in tq.outlets().outlets} == after


def test_a_stale_profile_says_so_and_the_next_write_refreshes_it(db_path: Path) -> None:
    with tahqiq.open(db_path) as tq:
        # Articles written past the API (as an older tahqiq would have) are above the watermark.
        articles = [a for r in read_all([str(EXAMPLES)]) for a in r.articles]
        tq.store.add_batch(articles)
    with tahqiq.open(db_path, readonly=True) as reader:
        assert reader.outlets().stale == 5
        assert reader.outlets().outlets == ()
    with tahqiq.open(db_path) as tq:
        assert tq.index_copies() >= 0
        assert tq.refresh_outlets() == 5
        assert tq.outlets().stale == 0
        assert tq.outlet("بلدي نيوز").stale == 0
        assert tq.refresh_outlets() == 0


def test_a_large_ingest_leaves_the_profiles_to_index(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "OUTLET_REFRESH_INLINE", 2)
    with tahqiq.open(db_path) as tq:
        tq.ingest([str(EXAMPLES / name) for name in SEED_FILES[:2]])
        assert tq.store.outlet_stale() == 0  # few articles: the ingest refreshed them itself
        tq.ingest([str(EXAMPLES / name) for name in SEED_FILES])
        assert tq.store.outlet_stale() == 3 and tq.outlets().stale == 3
        tq.index(semantic=False)
        assert tq.store.outlet_stale() == 0


def test_copy_links_need_more_than_one_shared_hash(sample_store: Tahqiq) -> None:
    assert MIN_SHARED_HASHES == 2
    watan = article_id_for(sample_store, "000_d620f0c0ea8628c3.txt")
    links = copy_links(sample_store.store, sample_store.articles([watan]))
    # Only 000 is dated, so the order of its two copy links is unknown; each side is recorded.
    assert {(k.article_id, k.relation, k.other_outlet) for k in links} == {
        (watan, "unordered", "سانا"),
        (watan, "unordered", "بلدي نيوز"),
        (article_id_for(sample_store, "002_b4dab204269f636e.txt"), "unordered", "الوطن السورية"),
        (article_id_for(sample_store, "004_9a22f17ed7bf8f62.txt"), "unordered", "الوطن السورية"),
    }


def test_a_dated_copy_is_counted_as_copying_the_earlier_report(db_path: Path) -> None:
    base = (EXAMPLES / "000_d620f0c0ea8628c3.txt").read_text(encoding="utf-8").split("\n", 1)[1]
    records = [
        {"title": "الأصل", "text": base, "outlet": "الوطن السورية", "date": "2017-12-17"},
        {
            "title": "النسخة",
            "text": base + "\nوأضاف المصدر أن التدريب مستمر.",
            "outlet": "شبكة شام",
            "date": "2017-12-18",
        },
    ]
    write_jsonl(db_path.parent / "copy.jsonl", records)
    with tahqiq.open(db_path) as tq:
        tq.ingest([str(db_path.parent / "copy.jsonl")])
        copier, original = tq.outlet("شبكة شام"), tq.outlet("الوطن السورية")
        assert (copier.copies.count, copier.first.count) == (1, 0)
        assert [(r.name, r.count) for r in copier.copies_from] == [("الوطن السورية", 1)]
        assert (original.copies.count, original.first.count, original.own.count) == (0, 1, 0)
        assert [(r.name, r.articles) for r in original.copied_by] == [
            ("شبكة شام", original.articles.articles)
        ]


def test_worker_processes_write_the_same_facts(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", synthetic_articles(60, seed=5))
    serial, pooled = tmp_path / "serial.db", tmp_path / "pooled.db"
    with tahqiq.open(serial) as tq:
        tq.ingest([str(corpus)])
    with tahqiq.open(pooled) as tq:
        tq.store.add_batch([a for r in read_all([str(corpus)]) for a in r.articles])
        tq.index_copies()
        assert refresh(tq.store, batch=7, workers=2, pool_after=1) == 60
    with tahqiq.open(serial, readonly=True) as a, tahqiq.open(pooled, readonly=True) as b:
        assert a.outlets() == b.outlets()
        for name in (o.name for o in a.outlets().outlets):
            assert a.outlet(name) == b.outlet(name)


def test_remembered_postings_answer_as_the_copy_index_does(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", synthetic_articles(80, seed=9))
    with tahqiq.open(tmp_path / "store.db") as tq:
        tq.ingest([str(corpus)])
        postings = Postings(tq.store, cap=20, size=50)  # a small cap and memory: both paths taken
        for article in tq.store.iter_articles():
            hashes = text_fingerprints(article.text)
            expected = lookup(tq.store, hashes, exclude=article.id, cap=20).shared
            assert postings.shared(hashes, exclude=article.id) == expected
