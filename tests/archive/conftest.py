"""One local Spark session for the archive tests, and one corpus ingested both ways.

The JVM takes seconds to start, so the session is shared by every test of the session; the
corpus (the sample reports, generated articles with planted copies, an HTML page, a feed and a
few broken files) is ingested once by the single-process ingest and once by Spark, into two
real SQLite stores the tests compare.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import tahqiq
from tahqiq.api import Tahqiq
from tahqiq.archive import spark_available, spark_session
from tahqiq.archive.copies import ArchiveCopies, copies_job
from tahqiq.archive.ingest import ArchiveIngest, ingest_archive
from tahqiq.fixtures import sample_files, synthetic_articles, write_jsonl
from tahqiq.records import IngestSummary

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

PLANTED = 6  # generated articles that carry a passage copied from another
PLANT_WORDS = 30


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparkSession]:
    missing = spark_available()
    if missing is not None:
        pytest.skip(f"Spark tests need Java and pyspark: {missing}")
    session = spark_session("local[2]", scratch=tmp_path_factory.mktemp("spark"))
    yield session
    session.stop()


def planted_records(n: int = 60) -> tuple[list[dict[str, Any]], list[tuple[int, int]]]:
    """Generated records where record ``PLANTED + k`` carries ``PLANT_WORDS`` words of record ``k``'s
    text, and the (source, copy) record numbers."""
    records = list(synthetic_articles(n, seed=11))
    rng = random.Random(5)
    plants = []
    for k in range(PLANTED):
        source, target = k, PLANTED + k
        words = records[source]["text"].split()
        start = rng.randint(0, max(0, len(words) - PLANT_WORDS))
        passage = " ".join(words[start : start + PLANT_WORDS])
        lines = records[target]["text"].split("\n")
        lines.insert(len(lines) // 2, passage)
        records[target]["text"] = "\n".join(lines)
        plants.append((source, target))
    return records, plants


def write_corpus(folder: Path) -> list[tuple[int, int]]:
    """Every input format the ingest reads, three broken files among them; the planted pairs."""
    for path in sample_files():
        shutil.copy(path, folder / path.name)
    records, plants = planted_records()
    write_jsonl(folder / "wire.jsonl", records[:50])
    extra = records[50:]
    page = extra[0]
    paras = "".join(f"<p>{line}</p>" for line in page["text"].split("\n"))
    (folder / "page.html").write_text(
        f"<!doctype html><html><head><title>{page['title']}</title></head>"
        f"<body><article><h1>{page['title']}</h1>{paras}</article></body></html>",
        encoding="utf-8",
    )
    items = "".join(
        f"<item><title>{r['title']}</title><link>{r['url']}</link>"
        f"<pubDate>Sun, 17 Dec 2017 10:00:00 GMT</pubDate><description>{r['text']}</description></item>"
        for r in extra[1:4]
    )
    (folder / "feed.xml").write_text(
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>feed</title>{items}</channel></rss>',
        encoding="utf-8",
    )
    lines = [json.dumps(r, ensure_ascii=False) for r in extra[4:7]]
    (folder / "broken.jsonl").write_text(
        lines[0] + "\n" + '{"title": "cut short", "text": "نص' + "\n" + "\n".join(lines[1:]) + "\n",
        encoding="utf-8",
    )
    (folder / "garbage.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)  # an image, misnamed
    (folder / "empty.txt").write_bytes(b"")
    return plants


@dataclass
class Both:
    """The corpus ingested by one process and by Spark, into two stores."""

    corpus: Path
    plants: list[tuple[int, int]]
    single: Tahqiq
    single_summary: IngestSummary
    spark_store: Tahqiq
    spark_run: ArchiveIngest
    parquet: str


@pytest.fixture(scope="session")
def both(spark: SparkSession, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Both]:
    root = tmp_path_factory.mktemp("archive")
    corpus = root / "corpus"
    corpus.mkdir()
    plants = write_corpus(corpus)
    single = tahqiq.open(root / "single.db")
    summary = single.ingest([str(corpus)])
    spark_store = tahqiq.open(root / "spark.db")
    parquet = str(root / "parquet")
    run = ingest_archive(spark, spark_store, [str(corpus)], parquet)
    yield Both(corpus, plants, single, summary, spark_store, run, parquet)
    single.close()
    spark_store.close()


@pytest.fixture(scope="session")
def copies(both: Both, spark: SparkSession) -> ArchiveCopies:
    """The copy job run once over the Spark-ingested corpus (its pairs are in both.spark_store)."""
    return copies_job(spark, both.spark_store.store, both.parquet)
