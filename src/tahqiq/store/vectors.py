"""Passage vectors for semantic retrieval: blobs in SQLite, a usearch index file beside the store.

Why: BM25 only finds articles that share the claim's stems. A report that says the same thing in
other words (قوات واشنطن تؤهل عناصر فروا من التنظيم) shares none, and the wording of the claim
then decides the answer. So each article's title and first sentences (:data:`PASSAGES`: news
is written lead first) are embedded once, and a claim's vector is compared with all of them.

Storage: SQLite stays the store of record. Table ``article_vectors`` (migration 5) holds one row
per article: the embedder's name and its passage vectors as one float16 blob (512 dims × 2
bytes × at most 1 + ``PASSAGES`` rows). Each row has an increasing ``seq``, the order in which
vectors were written. The derived approximate-nearest-neighbour index is a usearch HNSW file in
``<store>.vectors/``, named ``upto-<seq>.usearch``: it holds every row with ``seq`` up to that
number. It is written to a temporary name and renamed, so the name (its watermark) and its
contents are committed together; rows above the watermark are compared by brute force
(:meth:`VectorIndex.search`), so vectors committed to SQLite are found even if the index file
was never written. Readers map the file read-only and pick up a newer one by listing the folder.

usearch over faiss-cpu, measured on the same 50,000 vectors with the same HNSW settings
(``benchmarks/bench_retrieval.py --vectors``, docs/models.md): usearch recall@100 0.994 and p95
0.68 ms, faiss 0.968 and 4.4 ms; faiss built the index in a third of the time. usearch also
stores float16 (half the memory), takes 64-bit keys directly (faiss needs an ID-map wrapper), adds
to a saved index, and readers memory-map its file instead of loading it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import threading
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from tahqiq.records import Article, Sentence
from tahqiq.store.db import VECTORS_SUFFIX, Store

log = logging.getLogger(__name__)

PASSAGES = 6  # first sentences embedded besides the title: the lead carries the news; more cost ingest time
KEY_STRIDE = 16  # ANN key = article id × stride + passage number (title 0); > 1 + PASSAGES
EMBED_BATCH = 64  # articles embedded and committed per transaction by embed_missing
HNSW_CONNECTIVITY = 16  # usearch defaults; recall@100 ≥ 0.99 against exact search in the benchmark
HNSW_EXPANSION_SEARCH = 128
VECTOR_WRITE_LOCK = 0x76656374  # PostgreSQL advisory lock key of vector writes ("vect")
_FILE = re.compile(r"^upto-(\d+)\.usearch$")

Embed = Callable[[Sequence[str]], np.ndarray]  # texts → L2-normalized float32 rows
Progress = Callable[[int], None]


def vectors_dir(store: Store) -> Path | None:
    """Where the ANN index files of ``store`` live (beside a SQLite file, in this machine's cache
    for PostgreSQL), or None for an in-memory store."""
    return store.derived_dir(VECTORS_SUFFIX)


def passages(article: Article, sentences: Sequence[Sentence]) -> list[str]:
    """The texts embedded for an article: its title (when it has one) and its first sentences."""
    units = [article.title] if article.title.strip() else []
    units.extend(s.text for s in sentences[:PASSAGES] if s.text.strip())
    return units or [article.text[:400]]


def has_vectors(store: Store, model: str) -> bool:
    """Whether any article of ``store`` has vectors of the embedder ``model``."""
    try:
        row = store.conn.execute("SELECT 1 FROM article_vectors WHERE model = ? LIMIT 1", (model,)).fetchone()
    except Exception:  # a store from before migration 5, opened read-only
        return False
    return row is not None


def missing_count(store: Store, model: str) -> int:
    """Articles that have no vectors of ``model`` yet."""
    return int(
        store.conn.execute(
            "SELECT count(*) FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM article_vectors v WHERE v.article_id = a.id AND v.model = ?)",
            (model,),
        ).fetchone()[0]
    )


def embed_missing(store: Store, embed: Embed, model: str, *, progress: Progress | None = None) -> int:
    """Embed every article that has no vectors of ``model``, in id order; returns how many.

    Each batch of ``EMBED_BATCH`` articles is committed in one transaction, so an interrupted run
    keeps what it finished and the next run goes on from there. Another process embedding at the
    same time only costs duplicate work (``INSERT OR IGNORE`` on the article id).
    """
    done = 0
    last = 0
    while True:
        ids = [
            int(r[0])
            for r in store.conn.execute(
                "SELECT a.id FROM articles a WHERE a.id > ? AND NOT EXISTS (SELECT 1 FROM article_vectors v "
                "WHERE v.article_id = a.id AND v.model = ?) ORDER BY a.id LIMIT ?",
                (last, model, EMBED_BATCH),
            )
        ]
        if not ids:
            return done
        rows = []
        for article in store.get_many(ids):
            units = passages(article, store.sentences(article))
            matrix = np.asarray(embed(units), dtype=np.float32)
            rows.append((article.id, model, matrix.astype(np.float16).tobytes()))
        with store.transaction() as conn:
            # seq must become visible in increasing order (the index file's watermark), as with SQLite.
            store.lock_writes(VECTOR_WRITE_LOCK)
            conn.executemany(
                "INSERT OR IGNORE INTO article_vectors(article_id, model, vectors) VALUES (?, ?, ?)", rows
            )
        done += len(ids)
        last = ids[-1]
        if progress is not None:
            progress(len(ids))


def _rows(store: Store, model: str, above: int, upto: int | None = None) -> list[tuple[int, int, bytes]]:
    sql = "SELECT seq, article_id, vectors FROM article_vectors WHERE model = ? AND seq > ?"
    args: list[Any] = [model, above]
    if upto is not None:
        sql += " AND seq <= ?"
        args.append(upto)
    return [(int(s), int(a), bytes(v)) for s, a, v in store.conn.execute(sql + " ORDER BY seq", args)]


def _matrix(blob: bytes, dim: int) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float16).reshape(-1, dim).astype(np.float32)


def article_cosines(store: Store, model: str, query: np.ndarray, ids: Sequence[int]) -> dict[int, float]:
    """Best cosine between ``query`` and the stored passages of each article in ``ids`` that has vectors."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    out: dict[int, float] = {}
    for aid, blob in store.conn.execute(
        f"SELECT article_id, vectors FROM article_vectors WHERE model = ? AND article_id IN ({marks})",
        [model, *ids],
    ):
        out[int(aid)] = float(np.max(_matrix(bytes(blob), query.shape[0]) @ query))
    return out


@dataclass
class _Loaded:
    index: Any
    watermark: int
    stamp: int


class VectorIndex:
    """The usearch index of one store's vectors of one embedder, plus the brute-force tail."""

    def __init__(self, path: Path, model: str, dim: int, store: Store) -> None:
        self.path = path
        self.model = model
        self.dim = dim
        self._store = weakref.ref(store)  # cached per store; a strong ref would pin the store
        self._loaded: _Loaded | None = None

    def _latest(self) -> tuple[int, Path | None]:
        best, best_path = 0, None
        with contextlib.suppress(FileNotFoundError):
            for entry in os.scandir(self.path):
                m = _FILE.match(entry.name)
                if m and int(m.group(1)) > best:
                    best, best_path = int(m.group(1)), Path(entry.path)
        return best, best_path

    def _current(self) -> _Loaded:
        """The newest committed index file, mapped read-only; re-listed only when the folder changed."""
        try:
            stamp = os.stat(self.path).st_mtime_ns
        except FileNotFoundError:
            stamp = 0
        if self._loaded is None or self._loaded.stamp != stamp:
            from usearch.index import Index

            watermark, file = self._latest()
            index = None
            if file is not None:
                try:
                    index = Index.restore(str(file), view=True)
                except (OSError, RuntimeError, ValueError) as exc:  # removed by a newer writer, or damaged
                    log.info("vector index %s not loaded (%s); comparing stored vectors directly", file, exc)
                    watermark = 0
            store = self._store()
            if index is not None and store is not None and not self._matches(index, store, watermark):
                log.warning(
                    "vector index %s belongs to another store; comparing stored vectors directly", file
                )
                index, watermark = None, 0
            self._loaded = _Loaded(index, watermark if index is not None else 0, stamp)
        return self._loaded

    @property
    def watermark(self) -> int:
        return self._current().watermark

    def _matches(self, index: Any, store: Store, watermark: int) -> bool:
        """Whether the file's last row is the store's row ``watermark`` (same article, same vector).

        Rows are only appended, so one look-up proves the file was built from this store and not
        left beside a database that was deleted and made again (whose ids name other articles).
        """
        row = store.conn.execute(
            "SELECT article_id, vectors FROM article_vectors WHERE model = ? AND seq = ?",
            (self.model, watermark),
        ).fetchone()
        if row is None:
            return False
        key = int(row[0]) * KEY_STRIDE
        if key not in index:
            return False
        first = _matrix(bytes(row[1]), self.dim)[0]
        return bool(np.allclose(np.asarray(index.get(key), dtype=np.float32), first, atol=1e-2))

    def search(self, store: Store, query: np.ndarray, limit: int) -> list[tuple[int, float]]:
        """``(article_id, cosine)`` of the ``limit`` articles with the passage closest to ``query``."""
        loaded = self._current()
        best: dict[int, float] = {}
        if loaded.index is not None and len(loaded.index):
            count = min(len(loaded.index), limit * (1 + PASSAGES))
            matches = loaded.index.search(query.astype(np.float32), count)
            for key, distance in zip(matches.keys, matches.distances, strict=True):
                aid = int(key) // KEY_STRIDE
                cos = 1.0 - float(distance)
                if cos > best.get(aid, -2.0):
                    best[aid] = cos
        for _, aid, blob in _rows(store, self.model, loaded.watermark):
            cos = float(np.max(_matrix(blob, self.dim) @ query))
            if cos > best.get(aid, -2.0):
                best[aid] = cos
        return sorted(best.items(), key=lambda pair: (-pair[1], pair[0]))[:limit]

    def catch_up(self, store: Store) -> int:
        """Write a new index file holding every stored row; returns how many rows were added.

        The previous file is loaded whole, the rows above its watermark added, and the result
        written under a temporary name, synced and renamed to ``upto-<seq>``; older files are
        then removed (readers that mapped them keep their mapping until they reload).
        """
        from usearch.index import Index

        self.path.mkdir(parents=True, exist_ok=True)
        watermark, file = self._latest()
        index = Index.restore(str(file)) if file is not None else None
        if index is not None and not self._matches(index, store, watermark):
            log.warning("vector index %s belongs to another store; rebuilding it", file)
            index = None
        if index is None:
            watermark = 0
            index = Index(
                ndim=self.dim,
                metric="ip",
                dtype="f16",
                connectivity=HNSW_CONNECTIVITY,
                expansion_search=HNSW_EXPANSION_SEARCH,
            )
        rows = _rows(store, self.model, watermark)
        if not rows:
            return 0
        keys: list[int] = []
        mats: list[np.ndarray] = []
        for _, aid, blob in rows:
            matrix = _matrix(blob, self.dim)[: KEY_STRIDE - 1]
            keys.extend(aid * KEY_STRIDE + j for j in range(len(matrix)))
            mats.append(matrix)
        index.add(np.asarray(keys, dtype=np.uint64), np.vstack(mats), threads=1)
        upto = rows[-1][0]
        tmp = self.path / f".tmp-{os.getpid()}-upto-{upto}.usearch"
        index.save(str(tmp))
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        tmp.replace(self.path / f"upto-{upto}.usearch")
        for entry in os.scandir(self.path):
            m = _FILE.match(entry.name)
            if m and int(m.group(1)) < upto:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)
        return len(rows)


_OPEN: weakref.WeakKeyDictionary[Store, dict[str, VectorIndex]] = weakref.WeakKeyDictionary()
_OPEN_LOCK = threading.Lock()


def open_vectors(store: Store, model: str, dim: int) -> VectorIndex | None:
    """The vector index of ``store`` for embedder ``model`` (files under ``<store>.vectors/<model>/``).

    One object per store and embedder, so the mapped file is reused across searches.
    """
    base = vectors_dir(store)
    if base is None:
        return None
    with _OPEN_LOCK:
        per_store = _OPEN.setdefault(store, {})
        if model not in per_store:
            per_store[model] = VectorIndex(base / model, model, dim, store)
        return per_store[model]
