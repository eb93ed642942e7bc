"""Saved checks and reviewers' edits of their verdicts: the store's ``checks`` and ``review_edits``.

A check is saved with its versioned JSON report (:mod:`tahqiq.records.serialize`) and read back
into a :class:`~tahqiq.records.CheckReport`, so its graph, review and export have a stable
address that several people can open. Reviewers never overwrite the machine's verdict: each edit
is a new row naming who made it and when, and the latest edit is what gets published.

Checks may be saved on every request, so the number kept can be bounded: past ``keep``
unreviewed checks the oldest unreviewed ones are deleted as new ones come in. A check someone
has reviewed is never deleted: it is published work.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager

from tahqiq.errors import CheckNotFound
from tahqiq.records import CheckReport, Stance, VerdictLabel
from tahqiq.records.reviews import CheckSummary, ReviewEdit, SavedCheck, StanceReview
from tahqiq.records.serialize import from_dict, to_dict

#: LIMIT for "all the rest" with an OFFSET: SQLite's LIMIT -1 and PostgreSQL's LIMIT ALL differ,
#: the largest 64-bit integer means the same to both.
UNBOUNDED = 2**63 - 1


class CheckTables:
    """The saved-check methods of :class:`~tahqiq.store.Store` (kept apart to keep each module short)."""

    conn: sqlite3.Connection
    dialect: str  # "sqlite" or "postgres", set by Store

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # provided by Store

    def save_check(self, report: CheckReport, *, keep: int = 0) -> int:
        """Save a check report; its id. With ``keep`` > 0, unreviewed checks beyond the newest
        ``keep`` are deleted in the same transaction, so the table cannot grow without bound."""
        data = json.dumps(to_dict(report), ensure_ascii=False)
        with self.transaction() as conn:
            check_id = int(
                conn.execute(
                    "INSERT INTO checks(claim, checked_at, report) VALUES (?, ?, ?) RETURNING id",
                    (report.claim, report.checked_at, data),
                ).fetchone()[0]
            )
            if keep > 0:
                conn.execute(
                    "DELETE FROM checks WHERE id IN (SELECT c.id FROM checks c WHERE NOT EXISTS "
                    "(SELECT 1 FROM review_edits r WHERE r.check_id = c.id) "
                    "AND NOT EXISTS (SELECT 1 FROM stance_reviews s WHERE s.check_id = c.id) "
                    "ORDER BY c.id DESC LIMIT ? OFFSET ?)",
                    (UNBOUNDED, keep),
                )
        return check_id

    def saved_check(self, check_id: int) -> SavedCheck:
        """The saved check with this id.

        Raises:
            CheckNotFound: no such id.
        """
        row = self.conn.execute(
            "SELECT id, claim, checked_at, report FROM checks WHERE id = ?", (check_id,)
        ).fetchone()
        if row is None:
            raise CheckNotFound(f"no saved check with id {check_id}")
        return SavedCheck(int(row[0]), str(row[1]), str(row[2]), from_dict(CheckReport, json.loads(row[3])))

    def recent_checks(self, limit: int = 20) -> list[CheckSummary]:
        """The latest saved checks, newest first, with their machine verdict and latest reviewed rating."""
        label = (
            "(c.report::jsonb -> 'verdict' ->> 'label')"
            if self.dialect == "postgres"
            else "json_extract(c.report, '$.verdict.label')"
        )
        rows = self.conn.execute(
            f"SELECT c.id, c.claim, c.checked_at, {label}, "
            "(SELECT rating FROM review_edits r WHERE r.check_id = c.id ORDER BY r.id DESC LIMIT 1) "
            "FROM checks c ORDER BY c.id DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return [CheckSummary(int(r[0]), r[1], r[2], r[3], r[4]) for r in rows]

    def add_review(
        self,
        check_id: int,
        *,
        reviewer: str,
        rating: VerdictLabel,
        verdict_text: str,
        explanation: str,
        edited_at: str,
    ) -> ReviewEdit:
        """Store a reviewer's edit of a check's verdict (fields already checked by the caller).

        Raises:
            CheckNotFound: no such check.
        """
        with self.transaction() as conn:
            if conn.execute("SELECT 1 FROM checks WHERE id = ?", (check_id,)).fetchone() is None:
                raise CheckNotFound(f"no saved check with id {check_id}")
            row = conn.execute(
                "INSERT INTO review_edits(check_id, reviewer, rating, verdict_text, explanation, edited_at) "
                "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                (check_id, reviewer, rating, verdict_text, explanation, edited_at),
            ).fetchone()
        return ReviewEdit(int(row[0]), check_id, reviewer, rating, verdict_text, explanation, edited_at)

    def reviews(self, check_id: int) -> list[ReviewEdit]:
        """Every edit of a check's verdict, oldest first (none for an unknown id)."""
        return list(self._reviews(check_id))

    def _reviews(self, check_id: int) -> Iterator[ReviewEdit]:
        rows = self.conn.execute(
            "SELECT id, check_id, reviewer, rating, verdict_text, explanation, edited_at FROM review_edits "
            "WHERE check_id = ? ORDER BY id",
            (check_id,),
        )
        for r in rows:
            yield ReviewEdit(int(r[0]), int(r[1]), r[2], r[3], r[4], r[5], r[6])

    def add_stance_review(
        self, check_id: int, *, article_id: int, stance: Stance, reviewer: str, edited_at: str
    ) -> StanceReview:
        """Store a reviewer's correction of an article's stance (checked by the caller)."""
        with self.transaction() as conn:
            if conn.execute("SELECT 1 FROM checks WHERE id = ?", (check_id,)).fetchone() is None:
                raise CheckNotFound(f"no saved check with id {check_id}")
            row = conn.execute(
                "INSERT INTO stance_reviews(check_id, article_id, stance, reviewer, edited_at) "
                "VALUES (?, ?, ?, ?, ?) RETURNING id",
                (check_id, article_id, stance, reviewer, edited_at),
            ).fetchone()
        return StanceReview(int(row[0]), check_id, article_id, stance, reviewer, edited_at)

    def stance_reviews(self, check_id: int | None = None) -> list[StanceReview]:
        """Stance corrections, oldest first: of one check, or of every check when ``check_id`` is None."""
        sql = "SELECT id, check_id, article_id, stance, reviewer, edited_at FROM stance_reviews"
        rows = (
            self.conn.execute(sql + " ORDER BY id")
            if check_id is None
            else self.conn.execute(sql + " WHERE check_id = ? ORDER BY id", (check_id,))
        )
        return [StanceReview(int(r[0]), int(r[1]), int(r[2]), r[3], r[4], r[5]) for r in rows]
