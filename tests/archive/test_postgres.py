"""The archive jobs on a PostgreSQL store: the same load, and copy pairs and stories kept there."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import tahqiq
from tahqiq.archive.copies import copies_job
from tahqiq.archive.ingest import ingest_archive
from tahqiq.archive.stories import stories_job
from tahqiq.fixtures import EXAMPLES

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

pytestmark = [
    pytest.mark.spark,
    pytest.mark.postgres,
    pytest.mark.slow,
]  # two engines: make test, not make check


def test_spark_loads_a_postgresql_store_as_sqlite_and_keeps_its_results_there(
    spark: SparkSession, pg_url: str, tmp_path: Path
) -> None:
    with tahqiq.open(tmp_path / "single.db") as single:
        single.ingest([str(EXAMPLES)])
        expected = [(a.id, a.content_hash, a.title, a.text) for a in single.store.iter_articles()]
        expected_sentences = [single.store.sentences(a) for a in single.store.iter_articles()]
    with tahqiq.open(pg_url) as tq:
        done = ingest_archive(spark, tq, [str(EXAMPLES)], str(tmp_path / "parquet"))
        assert len(done.summary.added) == 5
        assert [(a.id, a.content_hash, a.title, a.text) for a in tq.store.iter_articles()] == expected
        assert [tq.store.sentences(a) for a in tq.store.iter_articles()] == expected_sentences
        found = copies_job(spark, tq.store, str(tmp_path / "parquet"))
        assert found.copies == len(tq.archive_copies()) > 0
        stories = stories_job(tq.store, limit=3)
        assert tq.archive_stories() == stories
        run = tq.archive_run("copies")
        assert run is not None and run.articles == 5
