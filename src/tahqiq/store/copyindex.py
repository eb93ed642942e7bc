"""The store-wide copy index: a few shingle hashes per article, looked up by hash.

Each article keeps the winnowed shingle hashes of :mod:`tahqiq.text.fingerprints`; a look-up
then sends only the articles that share a hash to the exact alignment of
:mod:`tahqiq.provenance.copies`.

Writing happens only at ingest and in ``tahqiq index``, never on a read, so ``tahqiq reuse``,
``tahqiq stories`` and the server's pages work on a read-only store and take no writer lock.
Ingest appends each article's hashes to ``fingerprint_log`` (one row, in id order), and the log
joins the ``fingerprints`` table, keyed by hash, in sorted batches of ``MERGE_ARTICLES`` and at
the end of every ingest (:func:`catch_up`). Inserting every hash straight into a large B-tree
keyed by hash touches a random page per hash and cost ten times more. A look-up reads whatever
still waits in the log too. Articles stored before the index existed wait in
``fingerprint_backlog`` until :func:`catch_up` fingerprints them; until then look-ups raise
:class:`IndexNotReady` rather than miss copies.

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

from tahqiq.errors import IndexNotReady
from tahqiq.store.postgres import PgConnection
from tahqiq.text.fingerprints import text_fingerprints

if TYPE_CHECKING:
    from tahqiq.store import Store

POSTINGS_CAP = 200  # a hash in more articles than this is boilerplate, not a copy link
MERGE_ARTICLES = 10_000  # logged articles that trigger a merge into the index during ingest
BACKFILL_BATCH = 500

_MERGE = (
    "INSERT OR IGNORE INTO fingerprints(hash, article_id) "
    "SELECT j.value, l.article_id FROM fingerprint_log AS l, json_each(l.hashes) AS j ORDER BY 1, 2"
)
# PostgreSQL: the log's rows are moved in one statement (one snapshot), so a row another writer
# commits meanwhile stays in the log for the next merge instead of being deleted unmerged.
_PG_MERGE = (
    "WITH moved AS (DELETE FROM fingerprint_log RETURNING article_id, hashes) "
    "INSERT INTO fingerprints(hash, article_id) "
    "SELECT j.value::bigint, m.article_id FROM moved AS m "
    "CROSS JOIN LATERAL jsonb_array_elements_text(m.hashes::jsonb) AS j(value) ORDER BY 1, 2 "
    "ON CONFLICT DO NOTHING"
)


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
        "INSERT INTO fingerprint_log(article_id, hashes) VALUES (?, ?) "
        "ON CONFLICT (article_id) DO UPDATE SET hashes = excluded.hashes",
        (article_id, json.dumps(list(hashes))),
    )
    merge_if_due(conn)


def merge_if_due(conn: sqlite3.Connection) -> None:
    """Merge the log into the index once it holds ``MERGE_ARTICLES`` articles (caller's transaction)."""
    # Ids are logged in increasing order, so the id range bounds the log's size in O(log n).
    # (Two subqueries: SQLite answers a lone min() or max() from the B-tree, both at once by a scan.)
    low, high = conn.execute(
        "SELECT (SELECT min(article_id) FROM fingerprint_log), (SELECT max(article_id) FROM fingerprint_log)"
    ).fetchone()
    if high - low + 1 >= MERGE_ARTICLES:
        merge_log(conn)


def merge_log(conn: sqlite3.Connection) -> None:
    """Move the logged fingerprints into the index, sorted by hash (caller holds a transaction)."""
    if isinstance(conn, PgConnection):
        conn.execute(_PG_MERGE)
        return
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


def catch_up(store: Store) -> int:
    """Bring the index up to date: fingerprint the backlog, merge the log; how many were backfilled.

    The one write of the index outside ingest's own batches; ingest and ``tahqiq index`` call it.
    """
    done = backfill(store)
    if logged(store):
        with store.transaction() as conn:
            merge_log(conn)
    return done


def require_ready(store: Store) -> None:
    """Raise :class:`IndexNotReady` when stored articles lack fingerprints; reads nothing else.

    Look-ups read the log as well as the merged index, so a store whose last ingest was cut short
    is still searched completely; only articles in the backlog would be missed.
    """
    waiting = backlog(store)
    if waiting:
        raise IndexNotReady(
            f"{store.path}: {waiting} articles lack copy-index fingerprints; run `tahqiq index` once"
        )


def _log_postings(store: Store, wanted: set[int] | None) -> dict[int, list[int]]:
    """Postings of the not yet merged fingerprints (only ``wanted`` hashes, unless None)."""
    postings: dict[int, list[int]] = defaultdict(list)
    for aid, raw in store.conn.execute("SELECT article_id, hashes FROM fingerprint_log ORDER BY article_id"):
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
    ``cap + 2`` rows. Call :func:`require_ready` first.
    """
    wanted = set(hashes)
    pending = _log_postings(store, wanted) if logged(store) else {}
    shared: Counter[int] = Counter()
    common = 0
    # ORDER BY: the ids SQLite's primary key returns first, whichever backend answers.
    query = "SELECT article_id FROM fingerprints WHERE hash = ? ORDER BY article_id LIMIT ?"
    for h in wanted:
        ids = list(
            dict.fromkeys([int(r[0]) for r in store.conn.execute(query, (h, cap + 2))] + pending.get(h, []))
        )
        # The cap counts every carrier, the looked-up article too, as :func:`shared_pairs` does:
        # a hash is boilerplate for the one exactly when it is for the other.
        if len(ids) > cap:
            common += 1
        else:
            shared.update(i for i in ids if i != exclude)
    return Lookup(dict(shared), common)


@dataclass(frozen=True)
class SharedPairs:
    """Every pair of articles sharing indexed hashes (``a < b``), and the boilerplate hashes skipped."""

    pairs: dict[tuple[int, int], int]
    common_hashes: int


def shared_pairs(store: Store, *, cap: int = POSTINGS_CAP) -> SharedPairs:
    """Candidate copy pairs across the whole store in one scan of the index, without all pairs."""
    # After an ingest the log is empty; a cut-short one may leave rows, read in full.
    pending = _log_postings(store, None) if logged(store) else {}
    having = "" if pending else " HAVING count(*) > 1"
    members = (
        "string_agg(article_id::text, ',')" if store.dialect == "postgres" else "group_concat(article_id)"
    )
    rows = store.conn.execute(f"SELECT hash, {members} FROM fingerprints GROUP BY hash{having}")
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
        if store.dialect == "postgres":
            size = one("SELECT pg_total_relation_size('fingerprints')").fetchone()[0]
        else:
            size = one("SELECT sum(pgsize) FROM dbstat WHERE name = 'fingerprints'").fetchone()[0]
    except sqlite3.OperationalError:  # SQLite built without SQLITE_ENABLE_DBSTAT_VTAB
        size = None
    return IndexStats(
        rows, hashes, articles, logged(store), backlog(store), None if size is None else int(size)
    )


# --- reads for page furniture (tahqiq.provenance.furniture) ----------------------------------------


def stamp(store: Store) -> int:
    """A number that changes when articles are added or the schema migrates; -1 for a store
    without the tables yet. Results learned from the index stay valid while it is unchanged."""
    schema_sql = (
        "(SELECT value FROM tahqiq_meta WHERE key = 'user_version')::bigint"
        if store.dialect == "postgres"
        else "(SELECT schema_version FROM pragma_schema_version)"
    )
    try:
        top, schema = store.conn.execute(
            f"SELECT coalesce(max(id), 0), {schema_sql} FROM articles"
        ).fetchone()
    except sqlite3.OperationalError:
        return -1
    return int(top) * 1_000_000 + int(schema) % 1_000_000


def has_log(store: Store) -> bool:
    """Whether fingerprints wait in the log (not yet merged into the index)."""
    try:
        return store.conn.execute("SELECT 1 FROM fingerprint_log LIMIT 1").fetchone() is not None
    except sqlite3.OperationalError:  # a store from before the log: everything is merged
        return False


def shared_postings(
    store: Store, hashes: Sequence[int], *, least: int, cap: int
) -> dict[int, list[int]] | None:
    """Up to ``cap + 2`` article ids for each of ``hashes`` that at least ``least`` articles carry,
    from the merged index and the log; None for a store from before the copy index.

    Nearly every hash belongs to its article alone; unless the log may add postings, SQLite returns
    only the hashes shared widely enough, and the LIMIT keeps a platform's widget to ``cap + 2`` rows.
    """
    pending = has_log(store)
    floor = 1 if pending else least
    if store.dialect == "postgres":
        return _pg_shared_postings(store, hashes, floor=floor, cap=cap, pending=pending)
    query = (
        "SELECT j.value, (SELECT group_concat(article_id) FROM "
        "(SELECT article_id FROM fingerprints WHERE hash = j.value ORDER BY article_id LIMIT ?)) "
        "FROM json_each(?) AS j "
        "WHERE (SELECT count(*) FROM (SELECT 1 FROM fingerprints WHERE hash = j.value LIMIT ?)) >= ?"
    )
    found: dict[int, list[int]] = {h: [] for h in hashes} if pending else {}
    try:
        for start in range(0, len(hashes), 2000):
            chunk = json.dumps(list(hashes[start : start + 2000]))
            for h, ids in store.conn.execute(query, (cap + 2, chunk, floor, floor)):
                found.setdefault(int(h), []).extend(int(x) for x in str(ids).split(","))
    except sqlite3.OperationalError:
        return None
    if pending and hashes:
        try:
            rows = store.conn.execute(
                "SELECT j.value, l.article_id FROM fingerprint_log AS l, json_each(l.hashes) AS j "
                "WHERE j.value IN (SELECT value FROM json_each(?))",
                (json.dumps(list(found)),),
            )
            for h, aid in rows:
                found[int(h)].append(int(aid))
        except sqlite3.OperationalError:  # the log went away meanwhile (merged by another process)
            pass
    return {h: list(dict.fromkeys(ids)) for h, ids in found.items()}


def _pg_shared_postings(
    store: Store, hashes: Sequence[int], *, floor: int, cap: int, pending: bool
) -> dict[int, list[int]]:
    """:func:`shared_postings` in PostgreSQL: the hashes as an array instead of SQLite's json_each."""
    found: dict[int, list[int]] = {h: [] for h in hashes} if pending else {}
    query = (
        "SELECT u.h, (SELECT string_agg(s.article_id::text, ',') FROM "
        "(SELECT article_id FROM fingerprints WHERE hash = u.h ORDER BY article_id LIMIT ?) AS s) "
        "FROM unnest(?::bigint[]) AS u(h) "
        "WHERE (SELECT count(*) FROM (SELECT 1 FROM fingerprints WHERE hash = u.h LIMIT ?) AS c) >= ?"
    )
    for start in range(0, len(hashes), 2000):
        chunk = list(hashes[start : start + 2000])
        for h, ids in store.conn.execute(query, (cap + 2, chunk, floor, floor)):
            found.setdefault(int(h), []).extend(int(x) for x in str(ids).split(","))
    if pending and hashes:
        rows = store.conn.execute(
            "SELECT j.value::bigint, l.article_id FROM fingerprint_log AS l "
            "CROSS JOIN LATERAL jsonb_array_elements_text(l.hashes::jsonb) AS j(value) "
            "WHERE j.value::bigint = ANY(?::bigint[]) ORDER BY l.article_id",
            (list(found),),
        )
        for h, aid in rows:
            found[int(h)].append(int(aid))
    return {h: list(dict.fromkeys(ids)) for h, ids in found.items()}
