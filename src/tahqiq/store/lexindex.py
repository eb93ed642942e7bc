"""A derived top-k lexical index (tantivy) beside the SQLite store, kept consistent by a watermark.

Why: FTS5 ranks by scoring *every* article that holds any query term, so a claim's common words
(الجيش، الحسكة) cost a scan of most postings and search time grows with the store (p95 3.4 ms at
2k articles, 69 ms at 100k). tantivy is an embedded Lucene-class engine whose top-k collector
skips blocks that cannot enter the top k (block-max WAND), so every stem of the claim can be
queried and the cost stays close to flat.

Consistency: SQLite stays the store of record; this index is derived from it and can always be
rebuilt (``tahqiq index``). It holds, for every article id up to its **watermark**, the same
stems the FTS5 table holds (title and body). The watermark is the highest article id in the
committed index, read from the index itself (a fast field), so it is committed atomically with
the documents: no side file can disagree with it. Article ids only grow (the store never
deletes), so "every id ≤ watermark is indexed" holds whenever the catch-up indexes ids in order
inside one commit. A search serves ids ≤ watermark from tantivy and the tail above it from FTS5
(:func:`tail_search`), so an article committed to SQLite is found even if the process died
before the index caught up. A read never writes.

Several processes: tantivy allows one writer per index directory (a lock file). A catch-up
waits up to ``LOCK_WAIT_SECONDS`` for it and otherwise leaves the work to whoever holds it (or to
the next writer): the FTS5 tail keeps results complete meanwhile. Readers notice a commit by the
modification time of ``meta.json`` and reload.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tahqiq.store.db import INDEX_SUFFIX, Store
from tahqiq.text import stems

log = logging.getLogger(__name__)

TITLE_BOOST = 2.0  # the same column weights as the FTS5 ranking (bm25(article_fts, 2.0, 1.0))
WRITER_HEAP = 50_000_000  # bytes: tantivy's minimum is 15 MB per thread; more only delays flushes
LOCK_WAIT_SECONDS = 2.0  # an ingest batch takes about this long; longer waits stall the caller
LOCK_POLL_SECONDS = 0.05
CATCH_UP_BATCH = 2_000  # articles read from SQLite per round trip during a catch-up
SCHEMA_TAG = "tahqiq-stems-v2"  # bump when the indexed text changes; an older index is rebuilt

Progress = Callable[[int], None]


def index_dir(store: Store) -> Path | None:
    """Where the derived index of ``store`` lives (beside a SQLite file, in this machine's cache for
    PostgreSQL), or None for an in-memory store."""
    return store.derived_dir(INDEX_SUFFIX)


def _schema() -> Any:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", stored=False, indexed=True, fast=True)
    # Stems are produced by tahqiq.text.stems and joined with spaces, so whitespace is the tokenizer;
    # positions are not needed (no phrase queries), term frequencies are (BM25).
    builder.add_text_field("title", tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("body", tokenizer_name="whitespace", index_option="freq")
    # The article's content hash, stored: the watermark document's hash must equal the store's row
    # of that id, or the index belongs to another store (a database deleted and re-created beside
    # an old index folder, or restored from a backup) and its hits would name the wrong articles.
    builder.add_text_field("hash", stored=True, tokenizer_name="raw", index_option="basic")
    return builder.build()


@dataclass
class _Loaded:
    searcher: Any
    watermark: int
    stamp: tuple[int, int]


class LexicalIndex:
    """The tantivy index of one store; open with :func:`open_index`.

    An index that does not match its store (see :func:`_matches`) is read as empty, so every
    search goes to FTS5 until the next writer rebuilds it: wrong hits are worse than slow ones.
    """

    def __init__(self, path: Path, index: Any, store: Store) -> None:
        self.path = path
        self.index = index
        self.schema = index.schema
        self._store = weakref.ref(store)  # the index is cached per store; a strong ref would pin it
        self._loaded: _Loaded | None = None

    # --- reading -------------------------------------------------------------------------------

    def _stamp(self) -> tuple[int, int]:
        try:
            st = os.stat(self.path / "meta.json")
        except FileNotFoundError:
            return (0, 0)
        return (st.st_mtime_ns, st.st_size)

    def _current(self) -> _Loaded:
        """The searcher of the latest commit, reloaded only when ``meta.json`` changed (one stat)."""
        stamp = self._stamp()
        if self._loaded is None or self._loaded.stamp != stamp:
            self.index.reload()
            searcher = self.index.searcher()
            watermark = _max_id(searcher)
            store = self._store()
            if watermark and store is not None and not _matches(searcher, store, watermark):
                log.warning("lexical index %s belongs to another store; searching through FTS5", self.path)
                watermark = 0
            self._loaded = _Loaded(searcher, watermark, stamp)
        return self._loaded

    @property
    def watermark(self) -> int:
        """The highest article id the committed index holds; every id up to it is indexed."""
        return self._current().watermark

    def document_frequencies(self, terms: Sequence[str]) -> tuple[int, dict[str, int]]:
        """Articles in the index, and per term the articles holding it in title or body.

        tantivy counts per field; the larger of the two is used (a lower bound of the union, exact
        when the title's words recur in the body, as they mostly do). It only weighs sentences.
        """
        searcher = self._current().searcher
        df = {t: max(searcher.doc_freq("title", t), searcher.doc_freq("body", t)) for t in terms}
        return int(searcher.num_docs), df

    def search(self, terms: Sequence[str], limit: int) -> tuple[list[tuple[int, float]], int]:
        """BM25 top ``limit`` over ``terms`` (OR), and the watermark the answer is complete up to."""
        loaded = self._current()
        if not terms or limit <= 0 or loaded.watermark == 0:
            return [], loaded.watermark
        import tantivy

        clauses = []
        for t in dict.fromkeys(terms):
            title = tantivy.Query.term_query(self.schema, "title", t, index_option="freq")
            body = tantivy.Query.term_query(self.schema, "body", t, index_option="freq")
            clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(title, TITLE_BOOST)))
            clauses.append((tantivy.Occur.Should, body))
        result = loaded.searcher.search(tantivy.Query.boolean_query(clauses), limit, count=False)
        if not result.hits:
            return [], loaded.watermark
        ids = loaded.searcher.fast_field_values("id", [addr for _, addr in result.hits])
        return [(int(i), float(s)) for (s, _), i in zip(result.hits, ids, strict=True)], loaded.watermark

    # --- writing -------------------------------------------------------------------------------

    def catch_up(
        self, store: Store, *, wait: float = LOCK_WAIT_SECONDS, progress: Progress | None = None
    ) -> int | None:
        """Index every article above the watermark, in id order, in one commit.

        Returns how many articles were added, or None when another process held the writer lock
        for ``wait`` seconds (it, or the next writer, will catch up; searches stay complete
        through the FTS5 tail meanwhile).
        """
        writer = _acquire_writer(self.index, wait)
        if writer is None:
            return None
        import tantivy

        try:
            self.index.reload()
            searcher = self.index.searcher()
            start = _max_id(searcher)
            if start and not _matches(searcher, store, start):
                # Built for another store: start over in this same commit, so no reader ever
                # sees a mix of the two.
                log.warning("lexical index %s belongs to another store; rebuilding it", self.path)
                writer.delete_all_documents()
                start = 0
            added = 0
            last = start
            while True:
                rows = store.conn.execute(
                    "SELECT id, title, text, content_hash FROM articles WHERE id > ? ORDER BY id LIMIT ?",
                    (last, CATCH_UP_BATCH),
                ).fetchall()
                if not rows:
                    break
                for aid, title, text, content_hash in rows:
                    doc = tantivy.Document()
                    doc.add_unsigned("id", int(aid))
                    doc.add_text("title", " ".join(stems(title)))
                    doc.add_text("body", " ".join(stems(text)))
                    doc.add_text("hash", str(content_hash))
                    writer.add_document(doc)
                added += len(rows)
                last = int(rows[-1][0])
                if progress is not None:
                    progress(len(rows))
            if added or start != last:
                writer.commit()
            else:
                writer.rollback()
        except BaseException:
            with contextlib.suppress(Exception):
                writer.rollback()
            raise
        finally:
            del writer  # drops the lock file's lock at once (reference counting)
        return added


def _max_id(searcher: Any) -> int:
    """The highest article id in a searcher's commit (0 when empty): the index's watermark."""
    top = _top(searcher)
    return top[0] if top else 0


def _top(searcher: Any) -> tuple[int, Any] | None:
    """The highest article id in a searcher's commit and its document address, or None when empty."""
    import tantivy

    if searcher.num_docs == 0:
        return None
    hits = searcher.search(tantivy.Query.all_query(), 1, count=False, order_by_field="id").hits
    return (int(hits[0][0]), hits[0][1]) if hits else None


def _matches(searcher: Any, store: Store, watermark: int) -> bool:
    """Whether the index's watermark document is the store's article of that id (same content hash).

    Article ids only grow and a row is never rewritten, so one look-up proves the whole index
    was built from this store: a different database gives the id to other content, or lacks it.
    """
    top = _top(searcher)
    if top is None or top[0] != watermark:
        return False
    stored = searcher.doc(top[1]).get_first("hash")
    row = store.conn.execute("SELECT content_hash FROM articles WHERE id = ?", (watermark,)).fetchone()
    return row is not None and stored is not None and str(row[0]) == stored


def _acquire_writer(index: Any, wait: float) -> Any | None:
    """tantivy's single writer, waiting up to ``wait`` seconds for another process's lock."""
    deadline = time.monotonic() + wait
    while True:
        try:
            return index.writer(heap_size=WRITER_HEAP, num_threads=1)
        except ValueError as exc:
            if "lock" not in str(exc).lower():
                raise
            if time.monotonic() >= deadline:
                log.info("lexical index %s is locked by another writer; leaving the catch-up to it", exc)
                return None
            time.sleep(LOCK_POLL_SECONDS)


_OPEN: weakref.WeakKeyDictionary[Store, LexicalIndex] = weakref.WeakKeyDictionary()
_OPEN_LOCK = threading.Lock()  # the server's threads each open their own Store


def open_index(store: Store, *, create: bool = False) -> LexicalIndex | None:
    """The lexical index of ``store``, or None when it has none (and ``create`` is false).

    Opened once per :class:`Store` object. ``create`` makes the directory (``tahqiq index``,
    ingest); readers never create it, so a read-only store and one built before the index existed
    are searched through FTS5 alone.
    """
    with _OPEN_LOCK:
        cached = _OPEN.get(store)
    if cached is not None:
        return cached
    path = index_dir(store)
    if path is None:
        return None
    try:
        import tantivy
    except ImportError:  # an incomplete install: FTS5 still answers
        return None
    tag = path / "tahqiq.json"
    if not (path / "meta.json").exists():
        if not create:
            return None
        path.mkdir(parents=True, exist_ok=True)
        index = tantivy.Index(_schema(), path=str(path), reuse=True)
        tmp = tag.with_suffix(".tmp")
        tmp.write_text(f'{{"schema": "{SCHEMA_TAG}"}}\n', encoding="utf-8")
        tmp.replace(tag)
    else:
        try:
            if SCHEMA_TAG not in tag.read_text(encoding="utf-8"):
                if not create:
                    log.warning("lexical index %s was built by another tahqiq; searching through FTS5", path)
                    return None
                # Derived data in an older layout: a writer replaces it (readers use FTS5 meanwhile).
                log.warning("lexical index %s was built by another tahqiq; rebuilding it", path)
                shutil.rmtree(path)
                return open_index(store, create=True)
            index = tantivy.Index.open(str(path))
        except (OSError, ValueError) as exc:
            log.warning("lexical index %s cannot be opened (%s); searching through FTS5", path, exc)
            return None
    opened = LexicalIndex(path, index, store)
    with _OPEN_LOCK:
        _OPEN[store] = opened
    return opened


def forget(store: Store) -> None:
    """Drop the cached index of ``store`` (after its directory was removed for a rebuild)."""
    with _OPEN_LOCK:
        _OPEN.pop(store, None)


def last_article_id(store: Store) -> int:
    """The highest article id in the store: one step to the end of the rowid b-tree."""
    return int(store.conn.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0])


def tail_search(store: Store, terms: Sequence[str], limit: int, above: int) -> list[tuple[int, float]]:
    """FTS5 BM25 over articles with id > ``above`` only: the part the index has not caught up to.

    FTS5 takes the rowid bound as a range on its doclists, so the cost follows the tail's size;
    with no article above ``above`` it is not asked at all.
    """
    if not terms or limit <= 0 or last_article_id(store) <= above:
        return []
    return store.fts_search(list(dict.fromkeys(terms)), limit, above=above)


def catch_up(store: Store, *, wait: float = LOCK_WAIT_SECONDS, create: bool = True) -> int | None:
    """Bring the lexical index of ``store`` up to its last committed article (see :class:`LexicalIndex`).

    Called after each ingest batch commits. Never raises for index trouble: the store's commit
    already happened and the FTS5 tail serves what the index lacks; the reason is logged.
    """
    try:
        index = open_index(store, create=create)
        if index is None:
            return None
        return index.catch_up(store, wait=wait)
    except (OSError, ValueError) as exc:
        log.warning("lexical index not updated (%s); searches use FTS5 for the newest articles", exc)
        return None
