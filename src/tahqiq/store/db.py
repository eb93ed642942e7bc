"""The article store: SQLite in WAL mode with an FTS5 index over normalized stems, or PostgreSQL.

A ``postgresql://`` location opens the same store in PostgreSQL (:mod:`tahqiq.store.postgres`):
the same migrations, methods and rows, so everything above the store works on either.

Writes happen in batches, each in one transaction, so an interrupted ingest leaves whole
articles or none. Articles are deduplicated on a hash of their normalized text: the same
article ingested twice is one record with both sources noted, and re-running an ingest is a no-op.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, cast
from urllib.parse import quote

from tahqiq.errors import ArticleNotFound, NotADatabase, SchemaTooNew, StoreError
from tahqiq.ingest.analysis import TextAnalysis, technique_rows
from tahqiq.records import Article, ArticleInput, Sentence
from tahqiq.store import fulltext, postgres
from tahqiq.store.alerts import AlertTables
from tahqiq.store.archive import ArchiveTables
from tahqiq.store.checks import CheckTables
from tahqiq.store.copyindex import merge_if_due
from tahqiq.store.desk import DeskModelTables
from tahqiq.store.outlets import OutletTables
from tahqiq.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrate, user_version
from tahqiq.text import split_sentences, stems
from tahqiq.text.fingerprints import content_hash, text_fingerprints

DEFAULT_PATH = "tahqiq.db"
JOURNAL_SUFFIXES = ("-wal", "-shm", "-journal")  # files SQLite keeps beside the database
INDEX_SUFFIX = ".index"  # tahqiq.db → tahqiq.db.index/, the lexical index (tahqiq.store.lexindex)
VECTORS_SUFFIX = ".vectors"  # tahqiq.db → tahqiq.db.vectors/, passage vectors (tahqiq.store.vectors)

AddOutcome = Literal["added", "duplicate", "unchanged"]
Dialect = Literal["sqlite", "postgres"]
#: PostgreSQL advisory lock key held by each ingest batch's transaction ("arts"). Article ids must
#: become visible in increasing order: the derived indexes keep "every id up to my watermark" and
#: read the rest above it, so a batch committing lower ids after a higher one would be skipped.
#: SQLite's BEGIN IMMEDIATE gives that order by serializing writers; this lock does here.
ARTICLE_WRITE_LOCK = 0x61727473


@dataclass(frozen=True)
class AddResult:
    """What happened to one input: a new article, a new source for a known one, or nothing new."""

    article_id: int
    outcome: AddOutcome


def default_path() -> str:
    """The store path used when none is given: ``$TAHQIQ_DB`` or ``./tahqiq.db``."""
    return os.environ.get("TAHQIQ_DB") or DEFAULT_PATH


def _connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    """The one place a store's file is opened, and only ever through SQLite.

    Never open the database file any other way (``open()``, ``os.open``, a header sniffer, a
    size check that reads): on Linux and macOS, closing *any* descriptor of a file drops every
    POSIX lock this process holds on it, including those of SQLite connections already open on
    it in other threads. SQLite then believes no one else uses the file, and the next process
    that closes its connection checkpoints and deletes the write-ahead log while this process is
    still appending to it: writes that were acknowledged vanish at the next crash (SQLite's
    "How To Corrupt An SQLite Database File", section 2.2). SQLite's own unix VFS shares one
    lock table per file across the connections of a process, so it never has that problem.

    Whether the file is a SQLite database at all is therefore asked of SQLite, which reads the
    header without writing a byte and answers SQLITE_NOTADB for anything else.
    """
    if path.is_dir():  # stat() only: no descriptor is opened
        raise NotADatabase(f"{path}: is a directory, not a tahqiq store")
    if readonly and not path.exists():
        raise StoreError(f"{path}: no such store")
    target = f"file:{quote(str(path))}?mode=ro" if readonly else str(path)
    conn = sqlite3.connect(target, uri=readonly, timeout=30.0, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA schema_version").fetchone()  # reads page 1: the header check
    except sqlite3.DatabaseError as exc:
        conn.close()
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB":
            raise NotADatabase(f"{path}: not a SQLite database; refusing to touch it") from exc
        raise NotADatabase(f"{path}: not a readable SQLite database ({exc})") from exc
    return conn


class Store(CheckTables, DeskModelTables, ArchiveTables, AlertTables, OutletTables):
    """An open tahqiq store. Use :meth:`open` and close it (or use it as a context manager).

    Every read and write of the store's tables goes through its methods (saved checks and reviews
    in :class:`~tahqiq.store.checks.CheckTables`, the copy index in :mod:`tahqiq.store.copyindex`),
    so the server and the stages above never hold SQL of their own.
    """

    #: PostgreSQL: bulk rows (sentences, spans, terms, fingerprint log) go in by COPY rather than
    #: batched INSERTs. benchmarks/bench_postgres.py --compare-copy measures both (docs/postgresql.md).
    use_copy = True

    def __init__(self, conn: sqlite3.Connection, path: str, dialect: Dialect = "sqlite") -> None:
        self.conn = conn
        self.path = path
        self.dialect: Dialect = dialect
        self._url: str | None = None  # a PostgreSQL store's URL, password included (never shown)
        self.committed = 0  # articles this object added in committed batches (for error messages)

    @classmethod
    def open(
        cls, path: str | os.PathLike[str] | None = None, *, readonly: bool = False, pooled: bool = False
    ) -> Store:
        """Open (creating if needed) the store at ``path``; refuse foreign or newer databases untouched.

        ``path`` may be a ``postgresql://`` URL (see :meth:`open_postgres`, which takes ``pooled``;
        a SQLite store ignores it).

        :raises NotADatabase: the file exists and is not a tahqiq SQLite store.
        :raises SchemaTooNew: the store was written by a newer tahqiq.
        """
        location = path if path is not None else default_path()
        if postgres.is_url(location):
            return cls.open_postgres(str(location), readonly=readonly, pooled=pooled)
        p = Path(location)
        conn = _connect(p, readonly=readonly)
        try:
            version = user_version(conn)
            app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise NotADatabase(f"{p}: not a readable SQLite database ({exc})") from exc
        if version > SCHEMA_VERSION:
            conn.close()
            raise SchemaTooNew(
                f"{p}: store schema version {version} is newer than this tahqiq supports ({SCHEMA_VERSION}); "
                "upgrade tahqiq"
            )
        has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
        if has_tables and app_id != APPLICATION_ID:
            conn.close()
            raise NotADatabase(f"{p}: a SQLite database, but not a tahqiq store; refusing to touch it")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            # FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on a power cut, and a
            # write the store has acknowledged must survive one. It costs one fsync per batch.
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            migrate(conn)
        conn.execute("PRAGMA busy_timeout = 30000")
        return cls(conn, str(p))

    @classmethod
    def open_postgres(cls, url: str, *, readonly: bool = False, pooled: bool = False) -> Store:
        """Open the PostgreSQL store at ``url``, creating its tables in an empty database.

        ``pooled`` borrows connections from the process's pool per statement or transaction (the
        server's threads); otherwise the store holds one connection.

        :raises StoreUnavailable: the server cannot be reached or refused the login.
        :raises NotADatabase: the database holds tables but is not a tahqiq store.
        :raises SchemaTooNew: the store was written by a newer tahqiq.
        """
        conn = postgres.open_connection(url, readonly=readonly, pooled=pooled)
        # The adapter offers the part of sqlite3.Connection the store modules use (see its docstring).
        store = cls(cast(sqlite3.Connection, conn), postgres.redact(url), "postgres")
        store._url = url
        conn.loss_note = store._loss_note
        return store

    def _loss_note(self) -> str:
        """What a lost connection leaves behind, for its error message (an ingest's committed work)."""
        if not self.committed:
            return ""
        return (
            f"; the {self.committed} articles of the batches committed before are stored and the batch "
            "in flight was rolled back: run the same ingest again to add the rest"
        )

    def close(self) -> None:
        self.conn.close()

    def derived_dir(self, suffix: str) -> Path | None:
        """The folder of an index derived from the store (``suffix`` is INDEX_SUFFIX or
        VECTORS_SUFFIX): beside a SQLite file, in this machine's cache for PostgreSQL
        (:func:`tahqiq.store.postgres.cache_dir`); None for an in-memory store."""
        if self.dialect == "postgres":
            return postgres.cache_dir(self._url or self.path) / suffix.lstrip(".")
        if self.path in ("", ":memory:"):
            return None
        return Path(self.path + suffix)

    def files(self) -> tuple[str, ...]:
        """What belongs to the store and is never ingest input: the database file, the journals
        SQLite keeps beside it (never to be opened but by SQLite), and the folders of the indexes
        derived from it (:mod:`tahqiq.store.lexindex`, :mod:`tahqiq.store.vectors`). A
        PostgreSQL store has only the derived folders on this machine."""
        derived = tuple(str(d) for d in map(self.derived_dir, (INDEX_SUFFIX, VECTORS_SUFFIX)) if d)
        if self.dialect == "postgres":
            return derived
        return (self.path, *(self.path + suffix for suffix in JOURNAL_SUFFIXES), *derived)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: everything inside commits together or not at all (Ctrl-C included)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            # A lost PostgreSQL connection cannot roll back; its server rolled the transaction back.
            with suppress(postgres.StoreUnavailable):
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def lock_writes(self, key: int) -> None:
        """Serialize this transaction with every other holding ``key`` until it ends: PostgreSQL's
        transactions run side by side, SQLite's BEGIN IMMEDIATE already serializes writers."""
        if self.dialect == "postgres":
            self.conn.execute("SELECT pg_advisory_xact_lock(?)", (key,))

    def _insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Insert a batch's rows: COPY in PostgreSQL, one prepared statement in SQLite."""
        if not rows:
            return
        if self.dialect == "postgres" and self.use_copy:
            cast(postgres.PgConnection, self.conn).copy_rows(table, columns, rows)
            return
        self.conn.executemany(
            f"INSERT INTO {table}({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows
        )

    # --- writing -------------------------------------------------------------------------------

    def add_batch(
        self,
        inputs: Sequence[ArticleInput],
        analyses: Sequence[TextAnalysis] | None = None,
    ) -> list[AddResult]:
        """Add a batch of articles in one transaction; duplicates only record their new source.

        ``analyses`` holds one :class:`tahqiq.ingest.analysis.TextAnalysis` per input (content
        hash, sentence bounds, title and body stems, fingerprints, persuasion spans), computed by
        ingest's worker processes; without them each new article is analysed here, and a duplicate costs only
        its content hash. Both ways store the same rows.
        """
        if analyses is not None and len(analyses) != len(inputs):
            raise ValueError(f"{len(analyses)} analyses for {len(inputs)} articles")
        now = datetime.now(UTC).isoformat(timespec="seconds")
        digests = [a[0] for a in analyses] if analyses is not None else [content_hash(i.text) for i in inputs]
        results: list[AddResult] = []
        sentence_rows: list[tuple[int, int, int, int]] = []
        span_rows: list[tuple[Any, ...]] = []
        done_rows: list[tuple[int, int, int]] = []
        log_rows: list[tuple[int, str]] = []
        fts_rows: list[tuple[int, str, str]] = []
        pg_terms = fulltext.PgTermRows() if self.dialect == "postgres" else None
        with self.transaction() as conn:
            self.lock_writes(ARTICLE_WRITE_LOCK)
            for n, item in enumerate(inputs):
                result = self._add_one(conn, item, digests[n], now)
                results.append(result)
                if result.outcome != "added":
                    continue
                aid = result.article_id
                if analyses is None:
                    bounds = [(s.start, s.end) for s in split_sentences(item.text)]
                    title_stems, body_stems = " ".join(stems(item.title)), " ".join(stems(item.text))
                    spans, loaded = technique_rows(item.text, bounds)
                    hashes: Sequence[int] = text_fingerprints(item.text)
                else:
                    given = analyses[n]
                    bounds = list(given.sentences)
                    title_stems, body_stems, hashes = given.title_stems, given.body_stems, given.fingerprints
                    spans, loaded = given.techniques, given.loaded_sentences
                sentence_rows.extend((aid, idx, start, end) for idx, (start, end) in enumerate(bounds))
                if pg_terms is not None:
                    pg_terms.add(aid, title_stems, body_stems)
                else:
                    fts_rows.append((aid, title_stems, body_stems))
                span_rows.extend((aid, *row) for row in spans)
                done_rows.append((aid, len(bounds), loaded))
                log_rows.append((aid, json.dumps(list(hashes))))
            # One bulk write per table for the whole batch (COPY in PostgreSQL).
            self._insert_rows("sentences", ("article_id", "idx", "start", "end"), sentence_rows)
            if pg_terms is not None:
                pg_terms.write(conn, copy=self.use_copy)
            else:
                fulltext.write_sqlite(conn, fts_rows)
            self._insert_rows(
                "technique_spans", ("article_id", "technique", "start", "end", "score", "cue"), span_rows
            )
            self._insert_rows("persuasion_done", ("article_id", "sentences", "loaded_sentences"), done_rows)
            self._insert_rows("fingerprint_log", ("article_id", "hashes"), log_rows)
            if log_rows:
                merge_if_due(conn)
        self.committed += sum(1 for r in results if r.outcome == "added")
        return results

    def _add_one(self, conn: sqlite3.Connection, item: ArticleInput, digest: str, now: str) -> AddResult:
        """The article row and its source; :meth:`add_batch` indexes a new article's text.

        The content hash is unique, and both inserts give way on a conflict, so two processes
        adding the same article at once make one article with its sources, never two.
        """
        row = conn.execute("SELECT id FROM articles WHERE content_hash = ?", (digest,)).fetchone()
        if row is None:
            row = conn.execute(
                "INSERT INTO articles(content_hash, title, text, outlet, url, published, language, metadata, "
                "ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (content_hash) DO NOTHING "
                "RETURNING id",
                (
                    digest,
                    item.title,
                    item.text,
                    item.outlet,
                    item.url,
                    item.published,
                    item.language,
                    json.dumps(item.metadata, ensure_ascii=False, default=str),
                    now,
                ),
            ).fetchone()
            if row is not None:
                article_id = int(row[0])
                conn.execute(
                    "INSERT INTO article_sources(article_id, source, added_at) VALUES (?, ?, ?)",
                    (article_id, item.source, now),
                )
                return AddResult(article_id, "added")
            row = conn.execute("SELECT id FROM articles WHERE content_hash = ?", (digest,)).fetchone()
        article_id = int(row[0])
        cur = conn.execute(
            "INSERT INTO article_sources(article_id, source, added_at) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            (article_id, item.source, now),
        )
        return AddResult(article_id, "duplicate" if cur.rowcount else "unchanged")

    # --- reading -------------------------------------------------------------------------------

    def known_hashes(self, digests: Sequence[str]) -> set[str]:
        """Which of these content hashes (:func:`content_hash`) the store already holds."""
        wanted = sorted(set(digests))
        found: set[str] = set()
        for start in range(0, len(wanted), 500):  # SQLite's bound-parameter limit, with room
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT content_hash FROM articles WHERE content_hash IN ({marks})", chunk
            )
            found.update(str(r[0]) for r in rows)
        return found

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def watermark(self) -> tuple[int, int]:
        """How many articles the store holds and its largest id: a result computed over the whole
        store (its stories) stays valid while both are unchanged."""
        count, last = self.conn.execute("SELECT count(*), coalesce(max(id), 0) FROM articles").fetchone()
        return int(count), int(last)

    def get(self, article_id: int) -> Article:
        """The article with this id.

        :raises ArticleNotFound: no such id.
        """
        articles = self.get_many([article_id])
        if not articles:
            raise ArticleNotFound(f"no article with id {article_id} in {self.path}")
        return articles[0]

    def get_many(self, ids: Sequence[int]) -> list[Article]:
        """Articles for ``ids``, in the order given; unknown ids are left out."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(
            "SELECT id, title, text, outlet, url, published, language, metadata, content_hash, ingested_at "
            f"FROM articles WHERE id IN ({marks})",
            list(ids),
        ).fetchall()
        sources: dict[int, list[str]] = {}
        for aid, source in self.conn.execute(
            f"SELECT article_id, source FROM article_sources WHERE article_id IN ({marks}) "
            "ORDER BY added_at, source",
            list(ids),
        ):
            sources.setdefault(int(aid), []).append(str(source))
        by_id = {
            int(r[0]): Article(
                id=int(r[0]),
                title=r[1],
                text=r[2],
                outlet=r[3],
                url=r[4],
                published=r[5],
                language=r[6],
                sources=tuple(sources.get(int(r[0]), ())),
                metadata=json.loads(r[7]),
                content_hash=r[8],
                ingested_at=r[9],
            )
            for r in rows
        }
        return [by_id[i] for i in ids if i in by_id]

    def article_ids(self, *, since: str | None = None) -> list[int]:
        """Every article id in order, or those published on or after ``since`` (an ISO date)."""
        if since is None:
            return [int(r[0]) for r in self.conn.execute("SELECT id FROM articles ORDER BY id")]
        rows = self.conn.execute("SELECT id FROM articles WHERE published >= ? ORDER BY id", (since,))
        return [int(r[0]) for r in rows]

    def places(self, ids: Sequence[int]) -> dict[int, tuple[str | None, str | None]]:
        """The outlet and URL of each article in ``ids`` (unknown ids are left out), without its text."""
        found: dict[int, tuple[str | None, str | None]] = {}
        wanted = list(dict.fromkeys(ids))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for aid, outlet, url in self.conn.execute(
                # In id order, as SQLite reads an IN list; PostgreSQL's row order is its own.
                f"SELECT id, outlet, url FROM articles WHERE id IN ({marks}) ORDER BY id",
                chunk,
            ):
                found[int(aid)] = (outlet, url)
        return found

    def sentences(self, article: Article) -> list[Sentence]:
        """The article's sentences as split at ingest, so indices stay stable across versions."""
        rows = self.conn.execute(
            "SELECT idx, start, end FROM sentences WHERE article_id = ? ORDER BY idx", (article.id,)
        ).fetchall()
        return [Sentence(int(i), article.text[s:e], int(s), int(e)) for i, s, e in rows]

    def iter_articles(self, *, batch: int = 500) -> Iterator[Article]:
        """Every article in id order, fetched in batches."""
        last = 0
        while True:
            ids = [
                int(r[0])
                for r in self.conn.execute(
                    "SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT ?", (last, batch)
                )
            ]
            if not ids:
                return
            yield from self.get_many(ids)
            last = ids[-1]

    def document_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        """How many articles contain each stemmed term (title or body)."""
        return fulltext.document_frequencies(self, terms)

    def fts_search(self, terms: Sequence[str], limit: int, *, above: int = 0) -> list[tuple[int, float]]:
        """BM25 over the stem index (:mod:`tahqiq.store.fulltext`), articles with id > ``above``:
        ``(article_id, score)`` best first; higher is better."""
        return fulltext.search(self, terms, limit, above=above)

    def tail_frequencies(self, terms: Sequence[str], above: int) -> tuple[int, dict[str, int]]:
        """Articles with id > ``above`` and per term how many of them hold it (the part of the
        store a derived index has not caught up to)."""
        return fulltext.tail_frequencies(self, terms, above)

    def count_above(self, article_id: int) -> int:
        """How many articles have an id above ``article_id``."""
        row = self.conn.execute("SELECT count(*) FROM articles WHERE id > ?", (article_id,)).fetchone()
        return int(row[0])

    def stats(self) -> dict[str, int]:
        """Counts shown by ``tahqiq stats`` and used in reports."""
        one = self.conn.execute
        return {
            "articles": int(one("SELECT count(*) FROM articles").fetchone()[0]),
            "sources": int(one("SELECT count(*) FROM article_sources").fetchone()[0]),
            "sentences": int(one("SELECT count(*) FROM sentences").fetchone()[0]),
            "outlets": int(one("SELECT count(DISTINCT outlet) FROM articles").fetchone()[0]),
        }
