"""The store's full-text index over normalized stems, in SQLite (FTS5) and in PostgreSQL.

SQLite keeps each article's title and body stems in the contentless FTS5 table ``article_fts``
and ranks with FTS5's ``bm25(article_fts, 2.0, 1.0)``. PostgreSQL has no BM25, so the same
ranking is computed from the same numbers (tables in :data:`tahqiq.store.postgres.FTS_TABLES`):

* per article, the weighted frequency of each term (title ×2 plus body ×1: FTS5 adds a column's
  weight per occurrence) as JSON, its token count, and a ``tsvector`` of its terms whose GIN index
  returns the candidates holding any query term (the lexemes are the stems themselves, built with
  ``array_to_tsvector``, so no text-search configuration changes a word);
* per term, how many articles hold it (``term_docs``), and the store's article and token totals
  (``fts_totals``), kept up to date at ingest, so neither idf nor the average length costs a scan.

Both then score with FTS5's definition (``fts5_aux.c``, fts5Bm25Function): k1 1.2, b 0.75,
idf ``log((N - n + 0.5) / (n + 0.5))`` floored at 1e-6, the document length and its average
counted over both columns. Tokens are split and case-folded as FTS5's unicode61 tokenizer splits
the stems (:func:`tokens`), so both backends index the same words.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import regex

if TYPE_CHECKING:
    import sqlite3

    from tahqiq.store.db import Store

K1 = 1.2  # FTS5's bm25 constants (fts5_aux.c)
B = 0.75
IDF_FLOOR = 1e-6  # FTS5 floors a term's idf here when it is in half the articles or more
TITLE_WEIGHT = 2  # bm25(article_fts, 2.0, 1.0): a title word counts twice
BODY_WEIGHT = 1

_TOKEN = regex.compile(r"[\p{L}\p{N}\p{Co}]+")  # unicode61's token characters


def tokens(stem_text: str) -> list[str]:
    """The tokens FTS5's unicode61 tokenizer makes of a space-joined stem string."""
    found: list[str] = _TOKEN.findall(stem_text.lower())
    return found


def _quote(lexeme: str) -> str:
    """A lexeme in tsvector/tsquery input syntax: quoted, quotes and backslashes doubled."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


class PgTermRows:
    """One batch's full-text rows for PostgreSQL, and its per-term document counts."""

    def __init__(self) -> None:
        self.rows: list[tuple[int, int, str, str]] = []
        self.docs: Counter[str] = Counter()
        self.tokens = 0

    def add(self, article_id: int, title_stems: str, body_stems: str) -> None:
        title, body = tokens(title_stems), tokens(body_stems)
        tf: Counter[str] = Counter()
        for t in title:
            tf[t] += TITLE_WEIGHT
        for t in body:
            tf[t] += BODY_WEIGHT
        vector = " ".join(_quote(t) for t in sorted(tf))
        self.rows.append((article_id, len(title) + len(body), json.dumps(tf, ensure_ascii=False), vector))
        self.docs.update(tf.keys())
        self.tokens += len(title) + len(body)

    def write(self, conn: Any, *, copy: bool = True) -> None:
        """Store the rows (by COPY, or batched INSERTs) and add the counts (in the batch's transaction)."""
        if not self.rows:
            return
        if copy:
            conn.copy_rows("article_terms", ("article_id", "tokens", "tf", "terms"), self.rows)
        else:
            conn.executemany(
                "INSERT INTO article_terms(article_id, tokens, tf, terms) "
                "VALUES (?, ?, ?::jsonb, ?::tsvector)",
                self.rows,
            )
        terms = sorted(self.docs)  # one order for every writer: row locks taken without deadlock
        conn.execute(
            "INSERT INTO term_docs(term, docs) SELECT * FROM unnest(?::text[], ?::bigint[]) "
            "ON CONFLICT (term) DO UPDATE SET docs = term_docs.docs + excluded.docs",
            (terms, [self.docs[t] for t in terms]),
        )
        conn.execute(
            "UPDATE fts_totals SET docs = docs + ?, tokens = tokens + ? WHERE id = 1",
            (len(self.rows), self.tokens),
        )


def write_sqlite(conn: sqlite3.Connection, rows: Sequence[tuple[int, str, str]]) -> None:
    """Index ``(article_id, title stems, body stems)`` in FTS5 (inside the caller's transaction)."""
    conn.executemany("INSERT INTO article_fts(rowid, title, body) VALUES (?, ?, ?)", rows)


def document_frequencies(store: Store, terms: Iterable[str]) -> dict[str, int]:
    """How many articles contain each stemmed term (title or body)."""
    wanted = sorted(set(terms))
    if not wanted:
        return {}
    if store.dialect == "postgres":
        rows = store.conn.execute("SELECT term, docs FROM term_docs WHERE term = ANY(?)", (wanted,))
    else:
        marks = ",".join("?" * len(wanted))
        rows = store.conn.execute(f"SELECT term, doc FROM article_vocab WHERE term IN ({marks})", wanted)
    found = {str(t): int(d) for t, d in rows}
    return {t: found.get(t, 0) for t in wanted}


def tail_frequencies(store: Store, terms: Sequence[str], above: int) -> tuple[int, dict[str, int]]:
    """Articles with id > ``above``, and per term how many of them hold it."""
    n = int(store.conn.execute("SELECT count(*) FROM articles WHERE id > ?", (above,)).fetchone()[0])
    df: dict[str, int] = {}
    for t in terms:
        if store.dialect == "postgres":
            lexemes = tokens(t)
            if len(lexemes) != 1:
                df[t] = 0
                continue
            sql = "SELECT count(*) FROM article_terms WHERE terms @@ ?::tsquery AND article_id > ?"
            args: tuple[Any, ...] = (_quote(lexemes[0]), above)
        else:
            sql = "SELECT count(*) FROM article_fts WHERE article_fts MATCH ? AND rowid > ?"
            args = ('"' + t.replace('"', '""') + '"', above)
        df[t] = int(store.conn.execute(sql, args).fetchone()[0])
    return n, df


def search(store: Store, terms: Sequence[str], limit: int, *, above: int = 0) -> list[tuple[int, float]]:
    """BM25 over the stem index, articles with id > ``above``: ``(id, score)`` best first."""
    if not terms or limit <= 0:
        return []
    if store.dialect == "postgres":
        return _pg_search(store, terms, limit, above)
    query = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
    rows = store.conn.execute(
        "SELECT rowid, -bm25(article_fts, 2.0, 1.0) AS score FROM article_fts "
        "WHERE article_fts MATCH ? AND rowid > ? ORDER BY bm25(article_fts, 2.0, 1.0) LIMIT ?",
        (query, above, limit),
    ).fetchall()
    return [(int(r[0]), float(r[1])) for r in rows]


def _pg_search(store: Store, terms: Sequence[str], limit: int, above: int) -> list[tuple[int, float]]:
    """FTS5's bm25 in SQL over the candidates the GIN index returns (see the module docstring).

    A query term that unicode61 would split into several tokens (a phrase to FTS5) is left out:
    stems are single words, so this only concerns numbers written with separators.
    """
    phrases = [lex[0] for lex in (tokens(t) for t in terms) if len(lex) == 1]
    if not phrases:
        return []
    docs, total = store.conn.execute("SELECT docs, tokens FROM fts_totals WHERE id = 1").fetchone()
    if not docs:
        return []
    avgdl = float(total) / float(docs)
    df = document_frequencies(store, phrases)
    idf = [max(math.log((docs - df[p] + 0.5) / (df[p] + 0.5)), IDF_FLOOR) for p in phrases]
    query = " | ".join(_quote(p) for p in dict.fromkeys(phrases))
    rows = store.conn.execute(
        "SELECT a.article_id, sum(q.idf * (f.v * (? + 1.0)) / (f.v + ? * (1 - ? + ? * a.tokens / ?))) "
        "AS score FROM article_terms a CROSS JOIN unnest(?::text[], ?::float8[]) AS q(term, idf) "
        "CROSS JOIN LATERAL (SELECT (a.tf ->> q.term)::float8 AS v) AS f "
        "WHERE a.terms @@ ?::tsquery AND a.article_id > ? AND f.v IS NOT NULL "
        "GROUP BY a.article_id ORDER BY score DESC, a.article_id LIMIT ?",
        (K1, K1, B, B, avgdl, phrases, idf, query, above, limit),
    ).fetchall()
    return [(int(r[0]), float(r[1])) for r in rows]
