"""The store-wide copy index: a few shingle hashes per article, looked up by hash.

Comparing every pair of articles does not scale, so each article keeps only the shingle hashes
chosen by winnowing (Schleimer, Wilkerson and Aiken, 2003): the smallest hash in every window of
``WINDOW`` consecutive shingles. Two texts that share a run of at least ``GUARANTEED_WORDS``
words have one window wholly inside it, hence one stored hash in common, so the index finds
every such copy while storing about ``2 / (WINDOW + 1)`` of the shingles. A look-up then sends
only the articles that share a hash to the exact alignment of :mod:`tahqiq.provenance.copies`.

Writing: ingest appends each article's hashes to ``fingerprint_log`` (one row, in id order), and
the log joins the ``fingerprints`` table, keyed by hash, in sorted batches of ``MERGE_ARTICLES``
or before a query. Inserting every hash straight into a large B-tree keyed by hash touches a
random page per hash and cost ten times more. Articles stored before the index existed wait in
``fingerprint_backlog`` and are fingerprinted on first use.

Hashes shared by more than ``POSTINGS_CAP`` articles are boilerplate (a footer, a standard
formula): they are skipped at query time, and counted so that reports can say so.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from tahqiq.errors import IndexNotReady as IndexNotReady  # raised here, importable from here
from tahqiq.provenance.copies import SHINGLE, shingle_hashes, text_word_ids

if TYPE_CHECKING:
    from tahqiq.store import Store

WINDOW = 8  # shingles per winnowing window: stores ~22% of them
GUARANTEED_WORDS = WINDOW + SHINGLE - 1  # a shared run this long is always found (12 words)
POSTINGS_CAP = 200  # a hash in more articles than this is boilerplate, not a copy link
MERGE_ARTICLES = 10_000  # logged articles that trigger a merge into the index during ingest
BACKFILL_BATCH = 500

_MERGE = (
    "INSERT OR IGNORE INTO fingerprints(hash, article_id) "
    "SELECT j.value, l.article_id FROM fingerprint_log AS l, json_each(l.hashes) AS j ORDER BY 1, 2"
)


def winnow(hashes: NDArray[np.uint64], window: int = WINDOW) -> list[int]:
    """The smallest hash of every ``window`` consecutive hashes (all of them for a shorter text), sorted."""
    n = len(hashes) - window + 1
    if n > 1:
        smallest = hashes[:n]
        for j in range(1, window):
            smallest = np.minimum(smallest, hashes[j : j + n])
        hashes = smallest
    out: list[int] = np.unique(hashes).tolist()
    return out


def text_fingerprints(text: str) -> list[int]:
    """The hashes the index stores for ``text``, distinct and sorted."""
    return winnow(shingle_hashes(text_word_ids(text)))


def index_article(conn: sqlite3.Connection, article_id: int, text: str) -> int:
    """Log ``text``'s fingerprints for ``article_id`` inside the caller's transaction; how many.

    Every ``MERGE_ARTICLES`` logged articles, the log is merged into the index in the same
    transaction, so it stays small whatever the size of an ingest.
    """
    hashes = text_fingerprints(text)
    log_fingerprints(conn, article_id, hashes)
    return len(hashes)


def log_fingerprints(conn: sqlite3.Connection, article_id: int, hashes: Sequence[int]) -> None:
    """Log fingerprints already computed by :func:`text_fingerprints`; see :func:`index_article`."""
    conn.execute(
        "INSERT OR REPLACE INTO fingerprint_log(article_id, hashes) VALUES (?, ?)",
        (article_id, json.dumps(list(hashes))),
    )
    # Ids are logged in increasing order, so the id range bounds the log's size in O(log n).
    # (Two subqueries: SQLite answers a lone min() or max() from the B-tree, both at once by a scan.)
    low, high = conn.execute(
        "SELECT (SELECT min(article_id) FROM fingerprint_log), (SELECT max(article_id) FROM fingerprint_log)"
    ).fetchone()
    if high - low + 1 >= MERGE_ARTICLES:
        merge_log(conn)


def merge_log(conn: sqlite3.Connection) -> None:
    """Move the logged fingerprints into the index, sorted by hash (caller holds a transaction)."""
    conn.execute(_MERGE)
    conn.execute("DELETE FROM fingerprint_log")


def _count(store: Store, table: str) -> int:
    try:
        return int(store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    except sqlite3.OperationalError as exc:  # a store never opened for writing since the index came
        raise IndexNotReady(
            f"{store.path}: this store predates the copy index; open it once for writing to add it"
        ) from exc


def backlog(store: Store) -> int:
    """How many stored articles still wait for their fingerprints (stored before the index)."""
    return _count(store, "fingerprint_backlog")


def logged(store: Store) -> int:
    """How many articles' fingerprints wait in the log for the next merge."""
    return _count(store, "fingerprint_log")


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
    """Make every stored article searchable: backfill a migrated store once, merge the log.

    A read-only store with logged fingerprints is still searched correctly (look-ups read the
    log too), only more slowly; one with a backlog raises :class:`IndexNotReady`.
    """
    if backlog(store):
        backfill(store)
    if logged(store):
        try:
            with store.transaction() as conn:
                merge_log(conn)
        except sqlite3.OperationalError:
            pass  # read-only: the log is read at query time instead


def _log_postings(store: Store, wanted: set[int] | None) -> dict[int, list[int]]:
    """Postings of the not yet merged fingerprints (only ``wanted`` hashes, unless None)."""
    postings: dict[int, list[int]] = defaultdict(list)
    for aid, raw in store.conn.execute("SELECT article_id, hashes FROM fingerprint_log"):
        for h in json.loads(raw):
            if wanted is None or h in wanted:
                postings[h].append(int(aid))
    return postings


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
    ``cap + 2`` rows. Call :func:`ensure_index` first.
    """
    wanted = set(hashes)
    pending = _log_postings(store, wanted) if logged(store) else {}
    shared: Counter[int] = Counter()
    common = 0
    query = "SELECT article_id FROM fingerprints WHERE hash = ? LIMIT ?"
    for h in wanted:
        ids = [int(r[0]) for r in store.conn.execute(query, (h, cap + 2))]
        ids = [i for i in dict.fromkeys(ids + pending.get(h, [])) if i != exclude]
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
    # After ensure_index the log is empty; a read-only store may still hold one, read in full.
    pending = _log_postings(store, None) if logged(store) else {}
    having = "" if pending else " HAVING count(*) > 1"
    rows = store.conn.execute(
        f"SELECT hash, group_concat(article_id) FROM fingerprints GROUP BY hash{having}"
    )
    groups = [[int(x) for x in str(members).split(",")] + pending.pop(int(h), []) for h, members in rows]
    groups.extend(pending.values())
    pairs: Counter[tuple[int, int]] = Counter()
    common = 0
    for group in groups:
        ids = sorted(set(group))
        if len(ids) > cap:
            common += 1
            continue
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
    logged: int
    backlog: int
    bytes: int | None

    def to_dict(self) -> dict[str, int | None]:
        return {
            "rows": self.rows,
            "hashes": self.hashes,
            "articles": self.articles,
            "logged": self.logged,
            "backlog": self.backlog,
            "bytes": self.bytes,
        }


def index_stats(store: Store) -> IndexStats:
    """Count the merged index; its bytes come from SQLite's ``dbstat`` table where the build has it."""
    one = store.conn.execute
    rows = int(one("SELECT count(*) FROM fingerprints").fetchone()[0])
    hashes = int(one("SELECT count(DISTINCT hash) FROM fingerprints").fetchone()[0])
    articles = int(one("SELECT count(DISTINCT article_id) FROM fingerprints").fetchone()[0])
    try:
        size = one("SELECT sum(pgsize) FROM dbstat WHERE name = 'fingerprints'").fetchone()[0]
    except sqlite3.OperationalError:  # SQLite built without SQLITE_ENABLE_DBSTAT_VTAB
        size = None
    return IndexStats(
        rows, hashes, articles, logged(store), backlog(store), None if size is None else int(size)
    )
