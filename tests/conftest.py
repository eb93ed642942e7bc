"""Shared fixtures: the five sample reports and stores built from them in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import tahqiq
from tahqiq.api import Tahqiq
from tahqiq.fixtures import EXAMPLES, SAMPLE_CLAIM, sample_files

ROOT = Path(__file__).resolve().parents[1]
SEED_FILES = [p.name for p in sample_files()]
__all__ = ["EXAMPLES", "ROOT", "SAMPLE_CLAIM", "SEED_FILES", "article_id_for"]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def sample_store(db_path: Path) -> Iterator[Tahqiq]:
    """A real SQLite store holding the five sample reports."""
    tq = tahqiq.open(db_path)
    summary = tq.ingest([str(EXAMPLES / name) for name in SEED_FILES])
    assert len(summary.added) == 5, summary
    yield tq
    tq.close()


def article_id_for(tq: Tahqiq, file_name: str) -> int:
    """The id of the stored article ingested from the sample file ``file_name``."""
    for article in tq.store.iter_articles():
        if any(Path(s).name == file_name for s in article.sources):
            return article.id
    raise KeyError(file_name)
