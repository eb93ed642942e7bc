"""Reads never write: every read command works on a store opened read-only and leaves it unchanged."""

from __future__ import annotations

import hashlib
from pathlib import Path

import tahqiq
from tahqiq.api import Tahqiq

from ..conftest import SAMPLE_CLAIM, article_id_for


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_reads_work_on_a_read_only_store(sample_store: Tahqiq, db_path: Path) -> None:
    hub = article_id_for(sample_store, "000_d620f0c0ea8628c3.txt")
    expected = sample_store.reuse(hub)
    sample_store.close()
    before = _digest(db_path)
    with tahqiq.open(db_path, readonly=True) as tq:  # SQLite's mode=ro: any write would fail
        assert tq.reuse(hub) == expected
        assert tq.stories()
        assert tq.quotes(hub).quotes
        assert tq.search("الحسكة")
        report = tq.check(SAMPLE_CLAIM)
        assert report.verdict.label
        assert tq.store.conn.total_changes == 0
    assert _digest(db_path) == before
