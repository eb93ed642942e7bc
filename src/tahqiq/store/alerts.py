"""Alerts and watched files: the store's ``alerts`` and ``watched_files`` tables.

An alert is kept once per saved check and article (a second ingest of the same article, or a
second match of it, adds nothing), so the list a desk reads is the list of distinct returns of a
claim. Listing reads only; marking an alert posted to a webhook is a write, done by the watch.

``watched_files`` is the watch's memory: a file whose size and modification time are unchanged
since it was read is not opened again, and one whose bytes hash the same is not ingested again,
so a restarted watch reads nothing twice.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass

from tahqiq.records import Stance
from tahqiq.records.alerts import Alert, WatchedFile


@dataclass(frozen=True, slots=True)
class NewAlert:
    """An alert before it has an id: the fields the matcher computed (see :class:`Alert`)."""

    check_id: int
    article_id: int
    sentence_index: int
    start: int
    end: int
    score: float
    lexical: float
    semantic: float | None
    stance: Stance
    confidence: float
    new_outlet: bool
    copy_of: tuple[int, ...]
    raised_at: str


_SELECT = (
    "SELECT a.id, a.check_id, c.claim, a.article_id, r.title, r.outlet, r.url, r.published, "
    "a.sentence_index, r.text, a.sentence_start, a.sentence_end, a.score, a.lexical, a.semantic, "
    "a.stance, a.confidence, a.new_outlet, a.copy_of, a.raised_at "
    "FROM alerts a JOIN checks c ON c.id = a.check_id JOIN articles r ON r.id = a.article_id"
)


def _alert(row: Sequence[object]) -> Alert:
    text = str(row[9])
    start, end = int(str(row[10])), int(str(row[11]))
    return Alert(
        id=int(str(row[0])),
        check_id=int(str(row[1])),
        claim=str(row[2]),
        article_id=int(str(row[3])),
        title=str(row[4]),
        outlet=None if row[5] is None else str(row[5]),
        url=None if row[6] is None else str(row[6]),
        published=None if row[7] is None else str(row[7]),
        sentence_index=int(str(row[8])),
        sentence=text[start:end],
        start=start,
        end=end,
        score=float(str(row[12])),
        lexical=float(str(row[13])),
        semantic=None if row[14] is None else float(str(row[14])),
        stance=str(row[15]),  # type: ignore[arg-type]  # written from a Stance only
        confidence=float(str(row[16])),
        new_outlet=bool(row[17]),
        copy_of=tuple(int(x) for x in str(row[18]).split()),
        raised_at=str(row[19]),
    )


class AlertTables:
    """The alert and watched-file methods of :class:`~tahqiq.store.Store`."""

    conn: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # provided by Store

    def add_alerts(self, alerts: Iterable[NewAlert]) -> list[int]:
        """Store new alerts in one transaction; the ids of those not stored before (same check, article)."""
        ids: list[int] = []
        with self.transaction() as conn:
            for a in alerts:
                row = conn.execute(
                    "INSERT INTO alerts(check_id, article_id, sentence_index, sentence_start, sentence_end, "
                    "score, lexical, semantic, stance, confidence, new_outlet, copy_of, raised_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (check_id, article_id) DO NOTHING RETURNING id",
                    (
                        a.check_id,
                        a.article_id,
                        a.sentence_index,
                        a.start,
                        a.end,
                        a.score,
                        a.lexical,
                        a.semantic,
                        a.stance,
                        a.confidence,
                        int(a.new_outlet),
                        " ".join(str(i) for i in a.copy_of),
                        a.raised_at,
                    ),
                ).fetchone()
                if row is not None:
                    ids.append(int(row[0]))
        return ids

    def alerts(
        self,
        *,
        since: str | None = None,
        after_id: int = 0,
        check_id: int | None = None,
        ids: Sequence[int] | None = None,
        limit: int | None = 100,
    ) -> list[Alert]:
        """Alerts, newest first: raised at or after ``since`` (ISO), with ids above ``after_id``,
        of one check, or with the given ``ids``. None in a read-only store older than the table."""
        where = ["a.id > ?"]
        params: list[object] = [after_id]
        if since is not None:
            where.append("a.raised_at >= ?")
            params.append(since)
        if check_id is not None:
            where.append("a.check_id = ?")
            params.append(check_id)
        if ids is not None:
            if not ids:
                return []
            where.append(f"a.id IN ({', '.join('?' for _ in ids)})")
            params.extend(ids)
        sql = f"{_SELECT} WHERE {' AND '.join(where)} ORDER BY a.id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        try:
            return [_alert(r) for r in self.conn.execute(sql, params)]
        except sqlite3.OperationalError:
            return []

    def alert_count(self, *, since: str | None = None) -> int:
        """How many alerts are stored (raised at or after ``since``, an ISO time, when given)."""
        try:
            if since is None:
                row = self.conn.execute("SELECT count(*) FROM alerts").fetchone()
            else:
                row = self.conn.execute(
                    "SELECT count(*) FROM alerts WHERE raised_at >= ?", (since,)
                ).fetchone()
        except sqlite3.OperationalError:
            return 0
        return int(row[0])

    def last_alert_id(self) -> int:
        """The largest alert id, 0 for none: alerts raised later have larger ids."""
        try:
            row = self.conn.execute("SELECT max(id) FROM alerts").fetchone()
        except sqlite3.OperationalError:
            return 0
        return int(row[0] or 0)

    def carriers(self, check_id: int) -> list[tuple[int, str | None]]:
        """``(article id, outlet)`` of the articles earlier alerts of a check found, oldest first."""
        rows = self.conn.execute(
            "SELECT a.article_id, r.outlet FROM alerts a JOIN articles r ON r.id = a.article_id "
            "WHERE a.check_id = ? ORDER BY a.id",
            (check_id,),
        )
        return [(int(r[0]), r[1]) for r in rows]

    def unposted_alerts(self, limit: int) -> list[Alert]:
        """Alerts not yet delivered to a webhook, oldest first."""
        rows = self.conn.execute(f"{_SELECT} WHERE a.posted = 0 ORDER BY a.id LIMIT ?", (limit,))
        return [_alert(r) for r in rows]

    def mark_posted(self, ids: Sequence[int]) -> None:
        """Record that these alerts reached the webhook."""
        with self.transaction() as conn:
            conn.executemany("UPDATE alerts SET posted = 1 WHERE id = ?", [(i,) for i in ids])

    def watched_files(self, paths: Sequence[str]) -> dict[str, WatchedFile]:
        """What the watch last read of each of ``paths`` that it has read."""
        found: dict[str, WatchedFile] = {}
        for start in range(0, len(paths), 500):  # bounded IN lists
            chunk = paths[start : start + 500]
            rows = self.conn.execute(
                "SELECT path, size, mtime_ns, content_hash, seen_at FROM watched_files "
                f"WHERE path IN ({', '.join('?' for _ in chunk)})",
                list(chunk),
            )
            for r in rows:
                found[str(r[0])] = WatchedFile(str(r[0]), int(r[1]), int(r[2]), str(r[3]), str(r[4]))
        return found

    def remember_files(self, files: Iterable[WatchedFile]) -> None:
        """Record what the watch has read (replacing earlier records of the paths), in one transaction."""
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO watched_files(path, size, mtime_ns, content_hash, seen_at) "
                "VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns, "
                "content_hash = excluded.content_hash, seen_at = excluded.seen_at",
                [(f.path, f.size, f.mtime_ns, f.content_hash, f.seen_at) for f in files],
            )
