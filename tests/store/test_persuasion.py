"""Persuasion spans are stored at ingest, read per article, and filled in for older stores by index."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import tahqiq
from tahqiq.store import persuasion
from tahqiq.text.persuasion import find_techniques
from tests.conftest import EXAMPLES, SEED_FILES


def test_ingest_stores_the_spans_of_every_sample(sample_store: tahqiq.Tahqiq) -> None:
    """Every sample gets a row, and the stored spans are those the detector finds in its text."""
    ids = sample_store.store.article_ids()
    found = sample_store.persuasion(ids)
    assert sorted(found) == ids
    for aid in ids:
        article = sample_store.article(aid)
        bounds = [(s.start, s.end) for s in sample_store.sentences(article)]
        expected = find_techniques(article.text, bounds)
        stored = found[aid]
        assert [(s.technique, s.start, s.end, s.cue) for s in stored.spans] == [
            (s.technique, s.start, s.end, s.cue) for s in expected
        ]
        assert stored.sentences == len(bounds)
        assert 0 <= stored.loaded_sentences <= stored.sentences
    # The Hmeimim report calls the centre «ما يسمى»: a label, highlighted where it stands.
    baladi = [p for p in found.values() if any(s.cue == "ما يسمي" for s in p.spans)]
    assert baladi, "the Baladi News report's «ما يسمى» is a stored span"


def test_show_carries_the_spans(sample_store: tahqiq.Tahqiq) -> None:
    shown = sample_store.show(1)
    assert shown.persuasion is not None
    for span in shown.persuasion.spans:
        assert shown.article.text[span.start : span.end].strip()


def _drop_persuasion(path: Path) -> None:
    """Make a store look like one written before schema version 6."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TABLE technique_spans")
    conn.execute("DROP TABLE persuasion_done")
    conn.execute("PRAGMA user_version = 5")  # later migrations are idempotent (IF NOT EXISTS)
    conn.close()


def test_a_migrated_store_gets_its_spans_from_index(db_path: Path) -> None:
    with tahqiq.open(db_path) as tq:
        tq.ingest([str(EXAMPLES / name) for name in SEED_FILES])
        before = tq.persuasion(tq.store.article_ids())
    _drop_persuasion(db_path)
    with tahqiq.open(db_path) as tq:
        assert persuasion.missing(tq.store) == 5
        assert tq.show(1).persuasion is None  # reads never write
        assert persuasion.missing(tq.store) == 5
        assert tq.claims(limit=3)  # the ranking finds the spans itself meanwhile
        assert persuasion.missing(tq.store) == 5
        assert tq.index_persuasion() == 5
        assert tq.index_persuasion() == 0
        assert tq.persuasion(tq.store.article_ids()) == before


def test_a_read_only_store_reads_spans(sample_store: tahqiq.Tahqiq, db_path: Path) -> None:
    with tahqiq.open(db_path, readonly=True) as tq:
        assert tq.show(2).persuasion == sample_store.show(2).persuasion


def test_the_share_counts_sentences_with_a_span() -> None:
    from tahqiq.ingest.analysis import loaded_sentences

    assert loaded_sentences([(0, 10), (10, 20), (20, 30)], [(12, 14), (15, 18), (29, 35)]) == 2
    assert loaded_sentences([(0, 10)], []) == 0
