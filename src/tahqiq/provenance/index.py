"""The store-wide copy index: a few shingle hashes per article, looked up by hash.

Comparing every pair of articles does not scale, so each article keeps only the shingle hashes
chosen by winnowing (Schleimer, Wilkerson and Aiken, 2003): the smallest hash in every window of
``WINDOW`` consecutive shingles. Two texts that share a run of at least ``GUARANTEED_WORDS``
words have one window wholly inside it, hence one stored hash in common, so the index finds
every such copy while storing about ``2 / (WINDOW + 1)`` of the shingles. A look-up then sends
only the articles that share a hash to the exact alignment of :mod:`tahqiq.provenance.copies`.

Hashes shared by more than ``POSTINGS_CAP`` articles are boilerplate (a footer, a standard
formula): they are skipped at query time, and counted so that reports can say so.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tahqiq.errors import StoreError
from tahqiq.provenance.copies import SHINGLE, shingle_hashes
from tahqiq.text import stems

if TYPE_CHECKING:
    from tahqiq.store import Store

WINDOW = 8  # shingles per winnowing window: stores ~22% of them
GUARANTEED_WORDS = WINDOW + SHINGLE - 1  # a shared run this long is always found (12 words)
POSTINGS_CAP = 200  # a hash in more articles than this is boilerplate, not a copy link
BACKFILL_BATCH = 500


class IndexNotReady(StoreError):
    """The store holds articles without fingerprints and cannot be written to add them."""


def article_keys(text: str) -> list[str]:
    """The word keys shingled for copies: every word's stem, stop words kept, in order.

    Equal to the keys of :func:`tahqiq.provenance.copies.fingerprint` without building tokens
    and offsets, which ingest does not need.
    """
    return stems(text, drop_stopwords=False)


def winnow(hashes: Sequence[int], window: int = WINDOW) -> set[int]:
    """The smallest hash of every ``window`` consecutive hashes (all of them for a shorter text)."""
    if len(hashes) <= window:
        return set(hashes)
    return {min(hashes[i : i + window]) for i in range(len(hashes) - window + 1)}


def text_fingerprints(text: str) -> set[int]:
    """The hashes the index stores for ``text``."""
    return winnow(shingle_hashes(article_keys(text)))


def index_article(conn: sqlite3.Connection, article_id: int, text: str) -> int:
    """Store ``text``'s fingerprints for ``article_id`` inside the caller's transaction; how many."""
    rows = [(h, article_id) for h in sorted(text_fingerprints(text))]
    conn.executemany("INSERT OR IGNORE INTO fingerprints(hash, article_id) VALUES (?, ?)", rows)
    return len(rows)


def backlog(store: Store) -> int:
    """How many stored articles still wait for their fingerprints (stored before the index)."""
    try:
        return int(store.conn.execute("SELECT count(*) FROM fingerprint_backlog").fetchone()[0])
    except sqlite3.OperationalError as exc:  # a store never opened for writing since the index came
        raise IndexNotReady(
            f"{store.path}: this store predates the copy index; open it once for writing to add it"
        ) from exc


def backfill(store: Store, *, batch: int = BACKFILL_BATCH) -> int:
    """Fingerprint every article in the backlog, ``batch`` per transaction; how many were done.

    An interruption keeps the batches already committed; the rest stay in the backlog.
    """
    done = 0
    while backlog(store):
        try:
            with store.transaction() as conn:
                ids = [
                    int(r[0])
                    for r in conn.execute(
                        "SELECT article_id FROM fingerprint_backlog ORDER BY article_id LIMIT ?", (batch,)
                    )
                ]
                if not ids:  # another process finished the backlog meanwhile
                    break
                marks = ",".join("?" * len(ids))
                for aid, text in conn.execute(f"SELECT id, text FROM articles WHERE id IN ({marks})", ids):
                    index_article(conn, int(aid), str(text))
                conn.execute(f"DELETE FROM fingerprint_backlog WHERE article_id IN ({marks})", ids)
        except sqlite3.OperationalError as exc:
            raise IndexNotReady(
                f"{store.path}: {backlog(store)} articles lack fingerprints and the store "
                f"is read-only ({exc})"
            ) from exc
        done += len(ids)
    return done


def ensure_index(store: Store) -> None:
    """Make sure every stored article is in the index (backfilling a migrated store once)."""
    if backlog(store):
        backfill(store)


@dataclass(frozen=True)
class Lookup:
    """Articles sharing indexed hashes with a text: how many hashes each, and what was skipped."""

    shared: dict[int, int]
    common_hashes: int


def lookup(
    store: Store, hashes: Iterable[int], *, exclude: int | None = None, cap: int = POSTINGS_CAP
) -> Lookup:
    """The articles whose stored fingerprints include any of ``hashes``, with how many each.

    Pass a text's *every* shingle hash, not only its winnowed ones: the guarantee then rests on
    the stored side alone. Each hash is read with a limit, so boilerplate never costs more than
    ``cap + 2`` rows.
    """
    shared: Counter[int] = Counter()
    common = 0
    query = "SELECT article_id FROM fingerprints WHERE hash = ? LIMIT ?"
    for h in set(hashes):
        ids = [int(r[0]) for r in store.conn.execute(query, (h, cap + 2)) if r[0] != exclude]
        if len(ids) > cap:
            common += 1
        else:
            shared.update(ids)
    return Lookup(dict(shared), common)


@dataclass(frozen=True)
class SharedPairs:
    """Every pair of articles sharing indexed hashes (``a < b``), and the boilerplate hashes skipped."""

    pairs: dict[tuple[int, int], int]
    common_hashes: int


def shared_pairs(store: Store, *, cap: int = POSTINGS_CAP) -> SharedPairs:
    """Candidate copy pairs across the whole store in one scan of the index, without all pairs."""
    pairs: Counter[tuple[int, int]] = Counter()
    common = 0
    rows = store.conn.execute(
        "SELECT count(*), group_concat(article_id) FROM fingerprints GROUP BY hash HAVING count(*) > 1"
    )
    for n, members in rows:
        if n > cap:
            common += 1
            continue
        ids = sorted(int(x) for x in str(members).split(","))
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                pairs[(a, b)] += 1
    return SharedPairs(dict(pairs), common)


@dataclass(frozen=True)
class IndexStats:
    """Size of the copy index: rows, distinct hashes, articles covered, and pages on disk if known."""

    rows: int
    hashes: int
    articles: int
    backlog: int
    bytes: int | None

    def to_dict(self) -> dict[str, int | None]:
        return {
            "rows": self.rows,
            "hashes": self.hashes,
            "articles": self.articles,
            "backlog": self.backlog,
            "bytes": self.bytes,
        }


def index_stats(store: Store) -> IndexStats:
    """Count the index; its bytes come from SQLite's ``dbstat`` table where the build has it."""
    one = store.conn.execute
    rows = int(one("SELECT count(*) FROM fingerprints").fetchone()[0])
    hashes = int(one("SELECT count(DISTINCT hash) FROM fingerprints").fetchone()[0])
    articles = int(one("SELECT count(DISTINCT article_id) FROM fingerprints").fetchone()[0])
    try:
        size = one("SELECT sum(pgsize) FROM dbstat WHERE name = 'fingerprints'").fetchone()[0]
    except sqlite3.OperationalError:  # SQLite built without SQLITE_ENABLE_DBSTAT_VTAB
        size = None
    return IndexStats(rows, hashes, articles, backlog(store), None if size is None else int(size))
