"""Shared fixtures: the five sample reports and stores built from them in a temporary folder."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

import tahqiq
from tahqiq.api import Tahqiq
from tahqiq.fixtures import EXAMPLES, SAMPLE_CLAIM, sample_files
from tahqiq.store.pgcluster import PgCluster, missing_reason

ROOT = Path(__file__).resolve().parents[1]
SEED_FILES = [p.name for p in sample_files()]
# The shared datasets (ANS, the Baly fold) are not part of the repository: tests that read them
# carry the ``shared_data`` mark and run only where the folder exists ($TAHQIQ_DATA, or the
# checkout's sibling shared/data as the training scripts use). Elsewhere they are deselected and
# the summary says so, rather than each one skipping on its own.
SHARED_DATA = Path(os.environ.get("TAHQIQ_DATA", ROOT.parent / "shared" / "data"))
_LEFT_OUT: list[str] = []
__all__ = ["EXAMPLES", "ROOT", "SAMPLE_CLAIM", "SEED_FILES", "SHARED_DATA", "article_id_for"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if SHARED_DATA.is_dir():
        return
    kept = [item for item in items if item.get_closest_marker("shared_data") is None]
    left = [item for item in items if item.get_closest_marker("shared_data") is not None]
    if left:
        config.hook.pytest_deselected(items=left)
        _LEFT_OUT.extend(item.nodeid for item in left)
        items[:] = kept


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _LEFT_OUT:
        terminalreporter.write_line(
            f"{len(_LEFT_OUT)} tests need the shared data folder, not found at {SHARED_DATA} "
            "(set TAHQIQ_DATA): " + ", ".join(_LEFT_OUT),
            yellow=True,
        )


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


# --- PostgreSQL: one throwaway cluster per test session, a fresh database per test -------------------


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """A private PostgreSQL server (tahqiq.store.pgcluster), started once and removed at the end."""
    reason = missing_reason()
    if reason is not None:
        pytest.skip(reason)
    cluster = PgCluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: PgCluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The URL of a new empty database; the derived indexes go to this test's own cache folder."""
    monkeypatch.setenv("TAHQIQ_CACHE", str(tmp_path / "cache"))
    name = f"t_{uuid.uuid4().hex[:16]}"
    url = pg_cluster.create_database(name)
    yield url
    pg_cluster.drop_database(name)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a store lives, once per backend: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def any_sample_store(store_location: str) -> Iterator[Tahqiq]:
    """The five sample reports in a store of each backend."""
    tq = tahqiq.open(store_location)
    summary = tq.ingest([str(EXAMPLES / name) for name in SEED_FILES])
    assert len(summary.added) == 5, summary
    yield tq
    tq.close()
