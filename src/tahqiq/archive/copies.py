"""Copies across a whole archive as a Spark job: a fingerprint join, then alignment in the tasks.

The way passim finds text reuse at scale: every article's stored fingerprints (the winnowed
shingle hashes the ingest computed, :mod:`tahqiq.text.fingerprints`) are exploded into
``(hash, article)`` pairs; hashes carried by more than ``POSTINGS_CAP`` articles are boilerplate
and dropped (counted, as :func:`tahqiq.store.copyindex.shared_pairs` counts them); the rest are
joined with themselves on the hash, and the hashes each pair of articles shares are counted.
Pairs sharing at least ``MIN_SHARED_HASHES`` are the candidates, exactly the pairs the
single-process store-wide scan proposes. Each candidate is then aligned in the tasks with the
single-process alignment (:func:`tahqiq.provenance.copies.copied_passages`, from the smaller id),
and short name-and-title set phrases are left out as :func:`tahqiq.provenance.reuse.store_copies`
leaves them out. A pair with at least one passage left is a copy pair, kept in the store
(:meth:`tahqiq.store.Store.replace_archive_copies`).

Page furniture (a site's menus and footers) is not filtered here: telling it apart needs each
outlet's statistics over the store's copy index, which the tasks do not have; ``tahqiq reuse``
and ``tahqiq stories`` still leave it out when they read a pair.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tahqiq.archive.ingest import at
from tahqiq.provenance.copies import Fingerprint, compute_fingerprint, copied_passages
from tahqiq.provenance.furniture import SET_PHRASE_WORDS, is_set_phrase
from tahqiq.provenance.gazetteer import default_gazetteer
from tahqiq.records.archive import ArchiveCopy
from tahqiq.store import Store
from tahqiq.store.copyindex import POSTINGS_CAP

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

#: Shared fingerprints that make two articles a candidate pair: one, as in the single-process scan
#: (``shared_pairs`` pairs every two articles under one stored hash), since winnowing guarantees a
#: run of 12 shared words leaves at least one stored hash in both, and no more than that.
MIN_SHARED_HASHES = 1
#: Fingerprints kept per task while aligning: an article in several pairs is fingerprinted once.
FINGERPRINT_CACHE = 2048


@dataclass(frozen=True)
class ArchiveCopies:
    """The result of one copy job: candidate pairs, boilerplate hashes dropped, copy pairs kept."""

    articles: int
    candidates: int
    common_hashes: int
    copies: int


def archive_articles(spark: SparkSession, parquet: str) -> DataFrame:
    """Every article of every ingest run under ``parquet`` once, with its store id:
    ``article_id, content_hash, text, fingerprints``."""
    from pyspark.sql import functions as F

    rows = spark.read.parquet(at(parquet, "ingest")).where(F.col("kind") == "article")
    docs = rows.select("content_hash", "text", "fingerprints").dropDuplicates(["content_hash"])
    ids = spark.read.parquet(at(parquet, "loaded")).select("content_hash", "article_id")
    return docs.join(ids.dropDuplicates(["content_hash"]), "content_hash")


def candidate_pairs(docs: DataFrame, *, cap: int = POSTINGS_CAP) -> tuple[DataFrame, int]:
    """Pairs ``a < b`` sharing at least ``MIN_SHARED_HASHES`` fingerprints (``a, b, shared``), and
    how many hashes were dropped as boilerplate (carried by more than ``cap`` articles)."""
    from pyspark.sql import functions as F

    posts = docs.select("article_id", F.explode(F.array_distinct("fingerprints")).alias("hash"))
    carriers = posts.groupBy("hash").agg(F.count("*").alias("n"))
    common = carriers.where(F.col("n") > cap).count()
    kept = posts.join(carriers.where((F.col("n") > 1) & (F.col("n") <= cap)).select("hash"), "hash")
    x = kept.select("hash", F.col("article_id").alias("a"))
    y = kept.select("hash", F.col("article_id").alias("b"))
    pairs = (
        x.join(y, "hash")
        .where(F.col("a") < F.col("b"))
        .groupBy("a", "b")
        .agg(F.count("*").alias("shared"))
        .where(F.col("shared") >= MIN_SHARED_HASHES)
    )
    return pairs, common


def align_pairs(rows: Iterable[Any]) -> Iterator[tuple[int, int, int, int, int]]:
    """``(a, b, shared, words, passages)`` for each candidate row (``a, b, shared, text_a, text_b``)
    whose alignment finds a passage that is not a short set phrase."""
    cache: dict[int, Fingerprint] = {}
    gazetteer = default_gazetteer()

    def prints(aid: int, text: str) -> Fingerprint:
        found = cache.get(aid)
        if found is None:
            if len(cache) >= FINGERPRINT_CACHE:
                cache.clear()
            found = cache[aid] = compute_fingerprint(aid, text)
        return found

    for a, b, shared, text_a, text_b in rows:
        passages = [
            p
            for p in copied_passages(prints(a, text_a), prints(b, text_b))
            if p.words >= SET_PHRASE_WORDS or not is_set_phrase(p.passage, gazetteer)
        ]
        if passages:
            yield (int(a), int(b), int(shared), sum(p.words for p in passages), len(passages))


def aligned_copies(spark: SparkSession, docs: DataFrame, pairs: DataFrame) -> DataFrame:
    """The candidate ``pairs`` (``a, b, shared``) of ``docs`` that alignment confirms:
    ``a, b, shared, words, passages``."""
    from pyspark.sql import functions as F

    texts = docs.select("article_id", "text")
    joined = (
        pairs.join(texts.select(F.col("article_id").alias("a"), F.col("text").alias("text_a")), "a")
        .join(texts.select(F.col("article_id").alias("b"), F.col("text").alias("text_b")), "b")
        .select("a", "b", "shared", "text_a", "text_b")
        .sortWithinPartitions("a")  # an article's pairs meet in its task's fingerprint cache
    )
    return spark.createDataFrame(
        joined.rdd.mapPartitions(align_pairs), "a long, b long, shared long, words long, passages long"
    )


def copies_job(spark: SparkSession, store: Store, parquet: str, *, cap: int = POSTINGS_CAP) -> ArchiveCopies:
    """Find the archive's copy pairs and keep them in ``store``; the candidate pairs and the copy
    pairs are kept as Parquet too (``PARQUET/candidates``, ``PARQUET/copies``)."""
    docs = archive_articles(spark, parquet)
    pairs, common = candidate_pairs(docs, cap=cap)
    pairs.write.mode("overwrite").parquet(at(parquet, "candidates"))
    candidates = spark.read.parquet(at(parquet, "candidates"))
    target = at(parquet, "copies")
    aligned_copies(spark, docs, candidates).write.mode("overwrite").parquet(target)
    rows = (
        ArchiveCopy(int(r[0]), int(r[1]), int(r[2]), int(r[3]), int(r[4]))
        for r in spark.read.parquet(target).orderBy("a", "b").toLocalIterator()
    )
    written = store.replace_archive_copies(rows, finished_at=datetime.now(UTC).isoformat(timespec="seconds"))
    articles = spark.read.parquet(at(parquet, "loaded")).select("article_id").distinct().count()
    return ArchiveCopies(articles, candidates.count(), common, written)
