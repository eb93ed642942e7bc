"""The Spark ingest writes the store the single-process ingest writes, and reports what it skips."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import tahqiq
from tahqiq.archive.ingest import ingest_archive, is_uri, local_path
from tahqiq.fixtures import sample_files
from tahqiq.store import Store
from tests.archive.conftest import Both

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

pytestmark = pytest.mark.spark
EXAMPLES_TEXT = sample_files()[0]


def _articles(store: Store) -> list[tuple[Any, ...]]:
    return [
        (
            a.id,
            a.content_hash,
            a.title,
            a.text,
            a.outlet,
            a.url,
            a.published,
            a.language,
            a.metadata,
            a.sources,
        )
        for a in store.iter_articles()
    ]


def _rows(store: Store, query: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in store.conn.execute(query)]


def test_articles_sentences_and_sources_are_the_single_process_ones(both: Both) -> None:
    single, spark = both.single.store, both.spark_store.store
    assert single.count() > 60
    assert _articles(spark) == _articles(single)
    for article in single.iter_articles():
        assert spark.sentences(article) == single.sentences(article)
    assert len(both.spark_run.summary.added) == len(both.single_summary.added)


def test_stems_fingerprints_spans_and_outlet_facts_are_the_single_process_ones(both: Both) -> None:
    single, spark = both.single.store, both.spark_store.store
    for query in (
        "SELECT term, doc, cnt FROM article_vocab ORDER BY term",
        "SELECT hash, article_id FROM fingerprints ORDER BY hash, article_id",
        "SELECT article_id, start, end, technique, score, cue FROM technique_spans ORDER BY 1, 2, 4",
        "SELECT article_id, sentences, loaded_sentences FROM persuasion_done ORDER BY 1",
        "SELECT * FROM outlet_facts ORDER BY 1",  # outlet profiles, refreshed after the load
        "SELECT * FROM outlet_links ORDER BY 1, 2",
    ):
        assert _rows(spark, query) == _rows(single, query), query
    assert _rows(single, "SELECT count(*) FROM fingerprints")[0][0] > 1000


def test_bad_files_are_reported_with_file_and_line_and_the_rest_goes_in(both: Both) -> None:
    got = both.spark_run.summary
    reasons = {s.source: s.reason for s in got.skipped}
    corpus = str(both.corpus)
    assert f"{corpus}/broken.jsonl:2" in reasons
    assert reasons[f"{corpus}/broken.jsonl:2"].startswith("invalid JSON")
    assert f"{corpus}/garbage.html" in reasons
    assert f"{corpus}/empty.txt" in reasons
    # The same lines as the single-process ingest, and the good lines of the broken file went in.
    assert sorted(got.skipped, key=repr) == sorted(both.single_summary.skipped, key=repr)
    assert sorted(got.warnings, key=repr) == sorted(both.single_summary.warnings, key=repr)
    sources = {s for a in both.spark_store.store.iter_articles() for s in a.sources}
    assert {f"{corpus}/broken.jsonl:1", f"{corpus}/broken.jsonl:3", f"{corpus}/broken.jsonl:4"} <= sources


def test_parquet_holds_the_analysed_articles_and_the_reports(both: Both, spark: SparkSession) -> None:
    rows = spark.read.parquet(f"{both.parquet}/ingest/run={both.spark_run.run}")
    kinds = {r["kind"]: r["count"] for r in rows.groupBy("kind").count().collect()}
    assert kinds["article"] == len(both.spark_run.summary.added)
    assert kinds["skip"] == len(both.spark_run.summary.skipped)
    loaded = spark.read.parquet(f"{both.parquet}/loaded/run={both.spark_run.run}")
    assert loaded.count() == kinds["article"]


def test_a_rerun_adds_nothing(both: Both, spark: SparkSession) -> None:
    store = both.spark_store.store
    before = store.stats()
    again = ingest_archive(spark, both.spark_store, [str(both.corpus)], both.parquet)
    assert again.summary.added == () and again.summary.duplicates == ()
    assert len(again.summary.unchanged) == len(both.spark_run.summary.added)
    assert store.stats() == before


def test_an_empty_folder_and_a_missing_path_load_nothing(spark: SparkSession, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    missing = str(tmp_path / "nowhere.jsonl")
    with tahqiq.open(tmp_path / "e.db") as tq:
        done = ingest_archive(spark, tq, [str(tmp_path / "empty"), missing], str(tmp_path / "parquet"))
        # The missing path is one skip with the single-process ingest's line; the folder adds nothing.
        assert [(s.source, s.reason) for s in done.summary.skipped] == [
            (missing, "no such file or directory")
        ]
        assert done.summary.seen == 1 and done.sources == 1
        assert tq.count() == 0


def test_paths_and_uris() -> None:
    assert is_uri("hdfs://head/news") and is_uri("s3a://bucket/x.jsonl")
    assert not is_uri("/data/news") and not is_uri("file:///data/news") and not is_uri("C:\\news")
    assert local_path("file:///data/a%20b.jsonl") == "/data/a b.jsonl"


def test_a_task_reads_bytes_from_a_uri_as_an_upload_is_read(tmp_path: Path) -> None:
    """Files Spark read from a URI reach the task as bytes: the single-process read_bytes reads them."""
    from tahqiq.archive.ingest import analyse_sources

    good = EXAMPLES_TEXT.read_bytes()
    rows = list(
        analyse_sources(
            [
                (0, "hdfs://head/news/a.txt", good),
                (1, "hdfs://head/news/b.png", b"\x89PNG\r\n\x1a\n\x00\x00"),
            ],
            None,
        )
    )
    assert [(r[0], r[2], r[3]) for r in rows] == [
        (0, "article", "hdfs://head/news/a.txt"),
        (1, "skip", "hdfs://head/news/b.png"),
    ]
    assert rows[1][4] == "binary file (PNG image)"
