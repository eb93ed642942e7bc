"""Persuasion-technique spans in the store: written with each new article, read per article.

Ingest finds the spans while it analyses an article (:mod:`tahqiq.ingest.analysis`), so a page,
a check report or the claim ranking reads them instead of running the detector again. Articles
stored before schema version 6 have none: :func:`backfill` (``tahqiq index``) finds them, and
reads never write, so a read of such an article says it was not analysed (None) rather than
that it has no spans.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tahqiq.ingest.analysis import SpanRow, technique_rows
from tahqiq.records import ArticlePersuasion, TechniqueHit

if TYPE_CHECKING:
    from tahqiq.store import Store

#: Articles analysed per transaction by :func:`backfill`.
BACKFILL_BATCH = 200


def write(
    conn: sqlite3.Connection, article_id: int, rows: Sequence[SpanRow], sentences: int, loaded: int
) -> None:
    """Store an article's spans and counts (inside the caller's transaction)."""
    conn.executemany(
        "INSERT INTO technique_spans(article_id, technique, start, end, score, cue) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(article_id, *row) for row in rows],
    )
    conn.execute(
        "INSERT INTO persuasion_done(article_id, sentences, loaded_sentences) VALUES (?, ?, ?) "
        "ON CONFLICT (article_id) DO UPDATE SET sentences = excluded.sentences, "
        "loaded_sentences = excluded.loaded_sentences",
        (article_id, sentences, loaded),
    )


def read(store: Store, article_ids: Sequence[int]) -> dict[int, ArticlePersuasion]:
    """The stored persuasion of each article in ``article_ids``; articles not yet analysed are left out."""
    found: dict[int, ArticlePersuasion] = {}
    wanted = list(dict.fromkeys(article_ids))
    for begin in range(0, len(wanted), 500):
        chunk = wanted[begin : begin + 500]
        marks = ",".join("?" * len(chunk))
        counts = {
            int(a): (int(n), int(k))
            for a, n, k in store.conn.execute(
                "SELECT article_id, sentences, loaded_sentences FROM persuasion_done "
                f"WHERE article_id IN ({marks})",
                chunk,
            )
        }
        spans: dict[int, list[TechniqueHit]] = {}
        for aid, technique, start, end, score, cue in store.conn.execute(
            "SELECT article_id, technique, start, end, score, cue FROM technique_spans "
            f"WHERE article_id IN ({marks}) ORDER BY article_id, start, end, technique",
            chunk,
        ):
            spans.setdefault(int(aid), []).append(
                TechniqueHit(str(technique), int(start), int(end), float(score), str(cue))
            )
        for aid, (n, k) in counts.items():
            found[aid] = ArticlePersuasion(aid, n, k, tuple(spans.get(aid, ())))
    return found


def missing(store: Store) -> int:
    """How many stored articles have not been analysed for persuasion (stored by an older tahqiq)."""
    row = store.conn.execute(
        "SELECT count(*) FROM articles a WHERE NOT EXISTS "
        "(SELECT 1 FROM persuasion_done p WHERE p.article_id = a.id)"
    ).fetchone()
    return int(row[0])


def backfill(store: Store, *, batch: int = BACKFILL_BATCH) -> int:
    """Find and store the spans of every article that lacks them; how many were analysed."""
    done = 0
    while True:
        ids = [
            int(r[0])
            for r in store.conn.execute(
                "SELECT id FROM articles a WHERE NOT EXISTS "
                "(SELECT 1 FROM persuasion_done p WHERE p.article_id = a.id) ORDER BY id LIMIT ?",
                (batch,),
            )
        ]
        if not ids:
            return done
        articles = store.get_many(ids)
        analysed = []
        for article in articles:
            bounds = [(s.start, s.end) for s in store.sentences(article)]
            rows, loaded = technique_rows(article.text, bounds)
            analysed.append((article.id, rows, len(bounds), loaded))
        with store.transaction() as conn:
            for aid, rows, n, loaded in analysed:
                write(conn, aid, rows, n, loaded)
        done += len(ids)
