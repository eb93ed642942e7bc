"""Ingest with analysis in worker processes stores exactly what the single-process path stores."""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import tahqiq
from tahqiq.ingest.analysis import analyse_text
from tahqiq.records import ArticleInput
from tahqiq.store import Store
from tahqiq.store.pipeline import BatchWriter
from tahqiq.text import split_sentences
from tests.conftest import EXAMPLES, SEED_FILES

ROOT = Path(__file__).resolve().parents[2]

# Every table the analysis feeds, in a comparable form (FTS5 is contentless: its vocabulary is read).
_DUMPS = {
    "articles": "SELECT id, content_hash, title, text, outlet, language FROM articles ORDER BY id",
    "sentences": "SELECT article_id, idx, start, end FROM sentences ORDER BY article_id, idx",
    "vocabulary": "SELECT term, doc, cnt FROM article_vocab ORDER BY term",
    "fingerprints": "SELECT article_id, hashes FROM fingerprint_log ORDER BY article_id",
    "index": "SELECT hash, article_id FROM fingerprints ORDER BY hash, article_id",
}


def _corpus(path: Path, n: int) -> Path:
    """``n`` JSONL articles recombined from the sample reports' sentences, with some duplicates."""
    rng = random.Random(11)
    pool = [
        s.text
        for name in SEED_FILES
        for s in split_sentences((EXAMPLES / name).read_text(encoding="utf-8"))
        if len(s.text) > 30
    ]
    lines = []
    for i in range(n - 7):
        body = "\n".join(rng.sample(pool, 5)) + f"\nرقم التقرير {i}."
        lines.append(json.dumps({"title": rng.choice(pool)[:60], "text": body}, ensure_ascii=False))
    lines += lines[300:307]  # the same records again, from other lines: duplicates
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(db) as conn:
        return {name: conn.execute(sql).fetchall() for name, sql in _DUMPS.items()}


# A fresh interpreter: forking is refused while other threads run, and earlier tests leave some.
_POOLED = textwrap.dedent(
    """
    import sys
    import tahqiq
    from tahqiq.store import pipeline

    pipeline.POOL_AFTER_ARTICLES = 200
    pipeline.default_workers = lambda: 2
    pipeline.idle_cores = lambda: 2.0  # as on an idle machine, whatever else runs now
    writers = []
    original = pipeline.BatchWriter.finish

    def finish(self):
        writers.append(self)
        return original(self)

    pipeline.BatchWriter.finish = finish
    with tahqiq.open(sys.argv[1]) as tq:
        summary = tq.ingest(sys.argv[2:])
    print(len(summary.added), len(summary.duplicates), writers[0].from_workers)
    """
)


def test_worker_analysis_stores_the_same_rows_as_in_process(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus.jsonl", 1500)
    files = [str(corpus), *(str(EXAMPLES / name) for name in SEED_FILES)]
    with tahqiq.open(tmp_path / "single.db") as tq:
        single = tq.ingest(files)
    done = subprocess.run(
        [sys.executable, "-c", _POOLED, str(tmp_path / "pooled.db"), *files],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=True,
    )
    added, duplicates, from_workers = map(int, done.stdout.split())
    assert (added, duplicates) == (len(single.added), len(single.duplicates)) == (1498, 7)
    assert from_workers >= 1000  # the pool did the analysis after the first 200 articles
    assert _dump(tmp_path / "pooled.db") == _dump(tmp_path / "single.db")


_BROKEN = textwrap.dedent(
    """
    import os
    import sys
    import tahqiq
    from tahqiq.ingest import analysis
    from tahqiq.store import pipeline

    pipeline.POOL_AFTER_ARTICLES = 200
    pipeline.default_workers = lambda: 2
    pipeline.idle_cores = lambda: 2.0
    batches = []

    def dying(items):
        # The third batch sent to the pool kills its worker, as the kernel would for memory.
        if "رقم التقرير 1000." in items[0][0]:
            os._exit(1)
        return analysis.analyse_batch(items)

    pipeline.analyse_batch = dying
    with tahqiq.open(sys.argv[1]) as tq:
        summary = tq.ingest(sys.argv[2:])
    print(len(summary.added), len(summary.duplicates))
    """
)


def test_a_dead_worker_leaves_the_rest_to_this_process_in_order(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus.jsonl", 1500)
    with tahqiq.open(tmp_path / "single.db") as tq:
        tq.ingest([str(corpus)])
    done = subprocess.run(
        [sys.executable, "-c", _BROKEN, str(tmp_path / "broken.db"), str(corpus)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=True,
    )
    assert done.stdout.split() == ["1493", "7"]
    assert _dump(tmp_path / "broken.db") == _dump(tmp_path / "single.db")


def test_a_small_ingest_starts_no_process(sample_store: tahqiq.Tahqiq, tmp_path: Path) -> None:
    items = [ArticleInput(text=f"خبر رقم {i} عن الحسكة والقوات الأمريكية", title="خبر") for i in range(30)]
    with Store.open(tmp_path / "s.db") as store, BatchWriter(store, workers=2) as writer:
        results = writer.put(items[:20]) + writer.put(items[20:]) + writer.finish()
        assert not writer.pooled and writer.from_workers == 0
    assert [r.outcome for r in results] == ["added"] * 30


def test_given_analyses_must_match_the_batch(tmp_path: Path) -> None:
    item = ArticleInput(text="الجيش السوري الجديد في الحسكة", title="الحسكة")
    with Store.open(tmp_path / "s.db") as store:
        with pytest.raises(ValueError, match="1 analyses for 2 articles"):
            store.add_batch([item, item], [analyse_text(item.text, item.title)])
        assert store.count() == 0
        [result] = store.add_batch([item], [analyse_text(item.text, item.title)])
        assert store.sentences(store.get(result.article_id))[0].text == item.text


def test_the_lexical_index_catches_up_every_few_thousand_articles_and_at_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tahqiq import api
    from tahqiq.store import lexindex

    calls: list[int] = []
    real = lexindex.catch_up

    def counted(store: Store, **kwargs: object) -> int | None:
        calls.append(store.count())
        return real(store)

    monkeypatch.setattr(api, "LEXINDEX_CATCH_UP_ARTICLES", 1000)
    monkeypatch.setattr(lexindex, "catch_up", counted)
    corpus = _corpus(tmp_path / "corpus.jsonl", 1500)  # read in chunks of 500: three batches
    with tahqiq.open(tmp_path / "s.db") as tq:
        tq.ingest([str(corpus)])
        assert calls == [1000, 1493]
        assert real(tq.store) == 0  # nothing left for the index to take
