"""The archive's fingerprint join proposes the single-process scan's pairs and keeps the copies."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tahqiq.archive.copies import ArchiveCopies
from tahqiq.provenance.reuse import store_copies
from tahqiq.store.copyindex import shared_pairs
from tests.archive.conftest import Both

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

pytestmark = pytest.mark.spark


def _ids_of(both: Both, records: list[int]) -> list[int]:
    """Store ids of generated records by their number (each one's URL ends with it)."""
    by_url = {a.url: a.id for a in both.single.store.iter_articles()}
    return [by_url[f"https://example.org/{n}"] for n in records]


def test_candidate_pairs_are_the_single_process_scans(
    both: Both, spark: SparkSession, copies: ArchiveCopies
) -> None:
    pairs = spark.read.parquet(f"{both.parquet}/candidates")
    found = {(int(r["a"]), int(r["b"])): int(r["shared"]) for r in pairs.collect()}
    expected = shared_pairs(both.single.store)
    assert found == expected.pairs
    assert copies.common_hashes == expected.common_hashes
    assert copies.candidates == len(found) > 20


def test_copy_pairs_are_kept_in_the_store_and_hold_every_planted_copy(
    both: Both, copies: ArchiveCopies
) -> None:
    done = copies
    kept = both.spark_store.archive_copies()
    assert done.copies == len(kept) > 0
    assert done.articles == both.spark_store.count()
    pairs = {(c.article_a, c.article_b) for c in kept}
    # Every pair the single-process scan reports is kept (it also leaves page furniture out).
    single = {tuple(sorted(p.articles)) for p in store_copies(both.single.store).passages}
    assert single <= pairs
    for source, target in both.plants:
        a, b = sorted(_ids_of(both, [source, target]))
        assert (a, b) in pairs
        assert next(c for c in kept if (c.article_a, c.article_b) == (a, b)).words >= 25
    run = both.spark_store.archive_run("copies")
    assert run is not None and run.found == len(kept) and run.articles == both.spark_store.count()
    one = kept[0].article_a
    assert all(one in (c.article_a, c.article_b) for c in both.spark_store.archive_copies(one))
    # A second run replaces the first: no pair twice.
    both.spark_store.store.replace_archive_copies(kept, finished_at="2026-01-01T00:00:00+00:00")
    assert both.spark_store.archive_copies() == kept
