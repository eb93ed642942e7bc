"""Results of the archive jobs kept in the store: ``archive_copies``, ``archive_stories``, ``archive_runs``.

The Spark jobs of :mod:`tahqiq.archive` find copy pairs and stories over a whole archive, which no
single request could afford to recompute; they write them here once, replacing the previous
run's, and the desk then reads them as it reads any other table. A run's row records the store's
article count and largest id when the job read it, so a reader can tell a result is stale.

Each job's results are replaced in one transaction: a reader sees the previous run's or the new
one's, never half of each. Stories are kept as their versioned JSON
(:mod:`tahqiq.records.serialize`), with one row per member article so an article's stories are
found by index.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager

from tahqiq.records.archive import ArchiveCopy, ArchiveRun
from tahqiq.records.serialize import from_dict, to_dict
from tahqiq.records.stories import Story

#: Rows written per executemany while replacing a job's results: bounds the Python lists held.
WRITE_BATCH = 5_000
#: Content hashes looked up per query (SQLite's bound-parameter limit is 32,766; PostgreSQL's 65,535).
HASH_CHUNK = 500


class ArchiveTables:
    """The archive-result methods of :class:`~tahqiq.store.Store`."""

    conn: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # provided by Store

    def watermark(self) -> tuple[int, int]:
        raise NotImplementedError  # provided by Store

    # --- writing -------------------------------------------------------------------------------

    def replace_archive_copies(self, pairs: Iterable[ArchiveCopy], *, finished_at: str) -> int:
        """Replace the stored copy pairs with ``pairs`` (each ``a < b``, once) in one transaction;
        how many were written. Pairs naming an article the store does not hold are left out."""
        articles, last_id = self.watermark()
        with self.transaction() as conn:
            conn.execute("DELETE FROM archive_copies")
            batch: list[tuple[int, int, int, int, int]] = []
            for p in pairs:
                batch.append((p.article_a, p.article_b, p.shared_hashes, p.words, p.passages))
                if len(batch) >= WRITE_BATCH:
                    _insert_copies(conn, batch)
                    batch = []
            _insert_copies(conn, batch)
            written = int(conn.execute("SELECT count(*) FROM archive_copies").fetchone()[0])
            _record_run(conn, ArchiveRun("copies", articles, last_id, written, finished_at))
        return written

    def replace_archive_stories(self, stories: Sequence[Story], *, finished_at: str) -> int:
        """Replace the stored stories with ``stories`` (ranked as given) in one transaction."""
        articles, last_id = self.watermark()
        with self.transaction() as conn:
            conn.execute("DELETE FROM archive_story_articles")
            conn.execute("DELETE FROM archive_stories")
            for rank, story in enumerate(stories):
                conn.execute(
                    "INSERT INTO archive_stories(id, rank, size, story) VALUES (?, ?, ?, ?)",
                    (story.id, rank, len(story.articles), json.dumps(to_dict(story), ensure_ascii=False)),
                )
                conn.executemany(
                    "INSERT INTO archive_story_articles(story_id, article_id) VALUES (?, ?) "
                    "ON CONFLICT DO NOTHING",
                    [(story.id, ref.id) for ref in story.articles],
                )
            _record_run(conn, ArchiveRun("stories", articles, last_id, len(stories), finished_at))
        return len(stories)

    # --- reading -------------------------------------------------------------------------------

    def ids_by_hash(self, digests: Sequence[str]) -> dict[str, int]:
        """The article id of each of these content hashes the store holds."""
        wanted = sorted(set(digests))
        found: dict[str, int] = {}
        for start in range(0, len(wanted), HASH_CHUNK):
            chunk = wanted[start : start + HASH_CHUNK]
            marks = ",".join("?" * len(chunk))
            for digest, aid in self.conn.execute(
                f"SELECT content_hash, id FROM articles WHERE content_hash IN ({marks})", chunk
            ):
                found[str(digest)] = int(aid)
        return found

    def archive_copies(self, article_id: int | None = None, *, limit: int | None = None) -> list[ArchiveCopy]:
        """The stored copy pairs, most copied words first, or those of one article."""
        where, args = "", []
        if article_id is not None:
            where, args = " WHERE article_a = ? OR article_b = ?", [article_id, article_id]
        tail = "" if limit is None else " LIMIT ?"
        rows = self.conn.execute(
            "SELECT article_a, article_b, shared_hashes, words, passages FROM archive_copies"
            f"{where} ORDER BY words DESC, article_a, article_b{tail}",
            [*args, *([] if limit is None else [limit])],
        )
        return [ArchiveCopy(int(a), int(b), int(h), int(w), int(p)) for a, b, h, w, p in rows]

    def archive_stories(self, *, limit: int | None = None, article_id: int | None = None) -> list[Story]:
        """The stored stories in their rank order (largest first), or those holding one article."""
        where, args = "", []
        if article_id is not None:
            where = " WHERE id IN (SELECT story_id FROM archive_story_articles WHERE article_id = ?)"
            args = [article_id]
        tail = "" if limit is None else " LIMIT ?"
        rows = self.conn.execute(
            f"SELECT story FROM archive_stories{where} ORDER BY rank{tail}",
            [*args, *([] if limit is None else [limit])],
        )
        return [from_dict(Story, json.loads(r[0])) for r in rows]

    def archive_run(self, kind: str) -> ArchiveRun | None:
        """The last run of the archive job ``kind`` ("copies" or "stories"), or None if it never ran."""
        row = self.conn.execute(
            "SELECT kind, articles, last_id, found, finished_at FROM archive_runs WHERE kind = ?", (kind,)
        ).fetchone()
        if row is None:
            return None
        return ArchiveRun(str(row[0]), int(row[1]), int(row[2]), int(row[3]), str(row[4]))


def _insert_copies(conn: sqlite3.Connection, rows: list[tuple[int, int, int, int, int]]) -> None:
    """Insert copy pairs whose two articles exist (a pair from an older load may name a gone one)."""
    conn.executemany(
        "INSERT INTO archive_copies(article_a, article_b, shared_hashes, words, passages) "
        "SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?) "
        "AND EXISTS (SELECT 1 FROM articles WHERE id = ?) ON CONFLICT DO NOTHING",
        [(*row, row[0], row[1]) for row in rows],
    )


def _record_run(conn: sqlite3.Connection, run: ArchiveRun) -> None:
    conn.execute(
        "INSERT INTO archive_runs(kind, articles, last_id, found, finished_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (kind) DO UPDATE SET articles = excluded.articles, last_id = excluded.last_id, "
        "found = excluded.found, finished_at = excluded.finished_at",
        (run.kind, run.articles, run.last_id, run.found, run.finished_at),
    )
