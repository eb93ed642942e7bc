"""Checks kept for review, and the reviewers' edits of their verdicts.

A check done in the workbench is saved with its JSON report, so its graph, review and export
have a stable address that several people can open. Reviewers do not overwrite the machine's
verdict: each edit is a new row naming who made it and when, and the latest edit is what gets
published. The tables are created by the store's migrations (``checks``, ``review_edits``).

Checks are saved on every request, and reads need no token on loopback, so the number kept is
bounded: past ``keep`` unreviewed checks the oldest unreviewed ones are deleted as new ones come
in. A check someone has reviewed is never deleted: it is published work.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from tahqiq.errors import TahqiqError
from tahqiq.records import VERDICTS
from tahqiq.records.reviews import ReviewEdit, SavedCheck
from tahqiq.store import Store

MAX_REVIEWER_CHARS = 120
MAX_VERDICT_TEXT_CHARS = 300
MAX_EXPLANATION_CHARS = 10_000


class CheckNotFound(TahqiqError):
    """No saved check has the requested id."""


class ReviewError(TahqiqError):
    """A review edit is incomplete or out of bounds; the message says which field."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def save_check(store: Store, report: dict[str, Any], *, keep: int = 0) -> int:
    """Save a check's JSON report (as :func:`~tahqiq.report.json_report.report_dict` made it); its id.

    With ``keep`` > 0, unreviewed checks beyond the newest ``keep`` are deleted in the same
    transaction, so the table cannot grow without bound however many checks are asked for.
    """
    with store.transaction() as conn:
        cur = conn.execute(
            "INSERT INTO checks(claim, checked_at, report) VALUES (?, ?, ?)",
            (report["claim"], report["checked_at"], json.dumps(report, ensure_ascii=False)),
        )
        if keep > 0:
            conn.execute(
                "DELETE FROM checks WHERE id IN (SELECT c.id FROM checks c WHERE NOT EXISTS "
                "(SELECT 1 FROM review_edits r WHERE r.check_id = c.id) "
                "ORDER BY c.id DESC LIMIT -1 OFFSET ?)",
                (keep,),
            )
    return int(cur.lastrowid or 0)


def get_check(store: Store, check_id: int) -> SavedCheck:
    """The saved check with this id.

    :raises CheckNotFound: no such id.
    """
    row = store.conn.execute(
        "SELECT id, claim, checked_at, report FROM checks WHERE id = ?", (check_id,)
    ).fetchone()
    if row is None:
        raise CheckNotFound(f"no saved check with id {check_id}")
    return SavedCheck(int(row[0]), str(row[1]), str(row[2]), json.loads(row[3]))


def recent_checks(store: Store, limit: int = 20) -> list[dict[str, Any]]:
    """The latest saved checks, newest first, with their machine verdict and latest reviewed rating."""
    rows = store.conn.execute(
        "SELECT c.id, c.claim, c.checked_at, json_extract(c.report, '$.verdict.label'), "
        "(SELECT rating FROM review_edits r WHERE r.check_id = c.id ORDER BY r.id DESC LIMIT 1) "
        "FROM checks c ORDER BY c.id DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [
        {"check_id": int(r[0]), "claim": r[1], "checked_at": r[2], "label": r[3], "reviewed_rating": r[4]}
        for r in rows
    ]


def _clean(value: str, field: str, limit: int, *, required: bool = True) -> str:
    text = " ".join(value.split()) if field != "explanation" else value.strip()
    if required and not text:
        raise ReviewError(f"{field} is empty")
    if len(text) > limit:
        raise ReviewError(f"{field} is {len(text)} characters long; the limit is {limit}")
    return text


def add_edit(
    store: Store, check_id: int, *, reviewer: str, rating: str, verdict_text: str, explanation: str = ""
) -> ReviewEdit:
    """Record a reviewer's edit of a check's verdict, stamped with the current UTC time.

    :raises CheckNotFound: no such check.
    :raises ReviewError: an empty reviewer or verdict text, an unknown rating, a field too long.
    """
    reviewer = _clean(reviewer, "reviewer", MAX_REVIEWER_CHARS)
    verdict_text = _clean(verdict_text, "verdict_text", MAX_VERDICT_TEXT_CHARS)
    explanation = _clean(explanation, "explanation", MAX_EXPLANATION_CHARS, required=False)
    if rating not in VERDICTS:
        raise ReviewError(f"rating must be one of {', '.join(VERDICTS)}, not {rating!r}")
    now = _now()
    with store.transaction() as conn:
        if conn.execute("SELECT 1 FROM checks WHERE id = ?", (check_id,)).fetchone() is None:
            raise CheckNotFound(f"no saved check with id {check_id}")
        cur = conn.execute(
            "INSERT INTO review_edits(check_id, reviewer, rating, verdict_text, explanation, edited_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (check_id, reviewer, rating, verdict_text, explanation, now),
        )
    return ReviewEdit(int(cur.lastrowid or 0), check_id, reviewer, rating, verdict_text, explanation, now)


def edits(store: Store, check_id: int) -> list[ReviewEdit]:
    """Every edit of a check's verdict, oldest first."""
    rows = store.conn.execute(
        "SELECT id, check_id, reviewer, rating, verdict_text, explanation, edited_at FROM review_edits "
        "WHERE check_id = ? ORDER BY id",
        (check_id,),
    ).fetchall()
    return [ReviewEdit(int(r[0]), int(r[1]), r[2], r[3], r[4], r[5], r[6]) for r in rows]


def latest_edit(store: Store, check_id: int) -> ReviewEdit | None:
    """The edit that is published for a check, or None while nobody has reviewed it."""
    found = edits(store, check_id)
    return found[-1] if found else None
