"""The Python API gives the same answers on SQLite and on PostgreSQL.

The same articles go into a SQLite file and a PostgreSQL database; every read of the facade
(search, check, quotes, reuse, stories, claims, show) must then answer alike, and the writes that
desks make (saved checks, reviews, stance corrections, desk models) must work on each backend.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import tahqiq
from tahqiq.api import Tahqiq
from tahqiq.errors import CheckNotFound, InputError
from tahqiq.fixtures import EXAMPLES, SAMPLE_CLAIM, synthetic_articles, write_jsonl
from tahqiq.records.serialize import to_dict


def _plain(value: Any) -> Any:
    """A record as plain data, without the times that differ between two runs."""
    data = to_dict(value)
    if isinstance(data, dict):
        return {
            k: _plain_value(v) for k, v in data.items() if k not in ("checked_at", "ingested_at", "elapsed")
        }
    return _plain_value(data)


def _plain_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: _plain_value(v) for k, v in value.items() if k not in ("checked_at", "ingested_at", "elapsed")
        }
    if isinstance(value, list):
        return [_plain_value(v) for v in value]
    return value


@pytest.fixture
def both(pg_url: str, tmp_path: Path) -> Iterator[tuple[Tahqiq, Tahqiq]]:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", synthetic_articles(60, seed=21))
    lite, pg = tahqiq.open(tmp_path / "s.db"), tahqiq.open(pg_url)
    for tq in (lite, pg):
        summary = tq.ingest([str(EXAMPLES), str(corpus)])
        assert len(summary.added) == 65
    yield lite, pg
    lite.close()
    pg.close()


@pytest.mark.postgres
def test_every_read_answers_alike_on_both_backends(both: tuple[Tahqiq, Tahqiq]) -> None:
    lite, pg = both
    assert lite.stats() == pg.stats() and lite.watermark() == pg.watermark()
    assert _plain(lite.search(SAMPLE_CLAIM)) == _plain(pg.search(SAMPLE_CLAIM))
    assert _plain(lite.candidates(SAMPLE_CLAIM)) == _plain(pg.candidates(SAMPLE_CLAIM))
    assert _plain(lite.check(SAMPLE_CLAIM)) == _plain(pg.check(SAMPLE_CLAIM))
    for article_id in (1, 3, 5, 40):
        assert _plain(lite.show(article_id)) == _plain(pg.show(article_id))
        assert _plain(lite.quotes(article_id)) == _plain(pg.quotes(article_id))
        assert _plain(lite.reuse(article_id)) == _plain(pg.reuse(article_id))
    assert _plain(lite.stories()) == _plain(pg.stories())
    assert _plain(lite.claims(limit=10)) == _plain(pg.claims(limit=10))


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_desk_writes_work_on_each_backend(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    location = str(tmp_path / "s.db") if backend == "sqlite" else request.getfixturevalue("pg_url")
    with tahqiq.open(location) as tq:
        tq.ingest([str(EXAMPLES)])
        report = tq.check(SAMPLE_CLAIM)
        check_id = tq.save_check(report)
        assert tq.saved_check(check_id).claim == SAMPLE_CLAIM
        edit = tq.review(check_id, reviewer="Huda", rating="disputed", verdict_text="متنازع عليه")
        assert tq.reviews(check_id) == [edit]
        with pytest.raises(CheckNotFound):
            tq.reviews(check_id + 1)
        with pytest.raises(InputError, match="at least 3"):
            tq.train_from_reviews()
        for e in report.evidence:
            tq.review_stance(check_id, e.article.id, e.stance.stance, reviewer="Huda")
        assert len(tq.stance_reviews(check_id)) == len(report.evidence)
        trained = tq.train_from_reviews(name="desk-a")
        assert [m.name for m in tq.desk_models()] == ["desk-a"] and trained.labels == len(report.evidence)
        assert tq.check(SAMPLE_CLAIM).evidence[0].stance.model == "desk-a"


@pytest.mark.postgres
def test_outlet_profiles_and_archive_results_answer_alike(both: tuple[Tahqiq, Tahqiq]) -> None:
    from tahqiq.records.archive import ArchiveCopy

    lite, pg = both
    assert _plain(lite.outlets()) == _plain(pg.outlets())
    for summary in lite.outlets().outlets[:3]:
        assert _plain(lite.outlet(summary.name)) == _plain(pg.outlet(summary.name))
    pairs = [ArchiveCopy(1, 2, 5, 40, 1), ArchiveCopy(2, 7, 3, 20, 2)]
    for tq in (lite, pg):
        tq.store.replace_archive_copies(pairs, finished_at="2026-01-01T00:00:00+00:00")
        tq.store.replace_archive_copies(pairs[:1], finished_at="2026-01-02T00:00:00+00:00")
    assert _plain(lite.archive_copies()) == _plain(pg.archive_copies()) and len(pg.archive_copies()) == 1
    assert _plain(lite.archive_run("copies")) == _plain(pg.archive_run("copies"))


@pytest.mark.postgres
def test_passage_vectors_and_their_index_answer_alike(pg_url: str, tmp_path: Path) -> None:
    from tahqiq.store import vectors

    lite, pg = tahqiq.open(tmp_path / "s.db"), tahqiq.open(pg_url)
    try:
        for tq in (lite, pg):
            tq.ingest([str(EXAMPLES)])
            summary = tq.index(semantic=True)
            assert summary.embedded == 5
        model = summary.embedder
        assert model is not None
        assert vectors.has_vectors(pg.store, model) and vectors.missing_count(pg.store, model) == 0
        folder = vectors.vectors_dir(pg.store)
        assert folder is not None and any(folder.rglob("upto-*.usearch"))  # in this machine's cache
        assert _plain(lite.candidates(SAMPLE_CLAIM)) == _plain(pg.candidates(SAMPLE_CLAIM))
    finally:
        lite.close()
        pg.close()
