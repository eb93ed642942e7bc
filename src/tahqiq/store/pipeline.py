"""Batches written in order while worker processes analyse the next ones.

Ingest is bound by Python text analysis (sentences, stems, fingerprints: about two thirds of
its CPU), which one process runs on one core. Once an ingest has shown it is large, this
writer hands each batch's analysis (:func:`tahqiq.ingest.analysis.analyse_batch`) to a pool of
worker processes and keeps reading and writing in the main one, so every core works.

Guarantees kept from the single-process path:

* the same rows: analysis is a pure function of the text, and batches are written in the
  order they were read, so ids, sentences, stems and fingerprints are identical;
* one transaction per batch: an interruption loses the batches in flight, never part of one;
* a small ingest never starts a process: the pool starts only after :data:`POOL_AFTER_ARTICLES`
  articles, only while a core is idle (:data:`MIN_IDLE_CORES`), and only in a process without
  other threads (workers are forked, see :meth:`BatchWriter._start_pool`); otherwise everything
  runs in-process as before.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType

from tahqiq.ingest.analysis import TextAnalysis, analyse_batch, analyse_text, hash_only
from tahqiq.records import ArticleInput
from tahqiq.store import AddResult, Store
from tahqiq.text.fingerprints import content_hash
from tahqiq.text.stem import remember_stems

#: Articles written in-process before the pool starts: about a CPU-second of analysis on the
#: development laptop. Uploads and small folders stay in one process, where the pool's queue
#: (two batches a worker) would barely fill before the ingest ends.
POOL_AFTER_ARTICLES = 1000
#: Idle cores (see :func:`idle_cores`) needed to start the workers. On the 2-core development
#: laptop, two workers ingested 5,000 articles 1.2 times as fast as one process at a load
#: average of 2.2–2.6 (0.4–0.8 idle cores by this measure), and no faster at 4.2–4.9, where
#: they only added their fifth more CPU (pickling, cold CPU caches).
MIN_IDLE_CORES = 0.5
#: Batches queued per worker: one being analysed and one waiting, so no worker idles while the
#: main process writes, and memory stays at a few batches.
QUEUED_PER_WORKER = 2


def default_workers() -> int:
    """Worker processes for analysis: one per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def idle_cores() -> float:
    """Cores not busy with other work, from the 1-minute load average (this ingest counts as one)."""
    try:
        load = os.getloadavg()[0]
    except OSError:  # no load average on this platform: assume the cores are free
        return float(default_workers())
    return default_workers() - max(0.0, load - 1.0)


def _ignore_interrupt() -> None:
    """Workers leave Ctrl-C to the main process, which stops the ingest and shuts them down."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def write_analysed(
    store: Store, items: Sequence[ArticleInput], analyses: Sequence[TextAnalysis]
) -> list[AddResult]:
    """One batch with its analyses already computed (here, in workers, or in Spark tasks), in one
    transaction.

    The lexical index stems the new articles again once the batch is committed: it is handed the
    stems already computed (a duplicate's hash-only analysis has none to give).
    """
    results = store.add_batch(items, analyses)
    for item, analysis, result in zip(items, analyses, results, strict=True):
        if result.outcome == "added":
            remember_stems(item.title, analysis.title_stems.split())
            remember_stems(item.text, analysis.body_stems.split())
    return results


class BatchWriter:
    """Writes batches to ``store`` in the order given; use it as a context manager.

    :meth:`put` and :meth:`finish` return the results of the batches written so far, each
    batch's results in input order, so the caller can count them as they come.
    """

    def __init__(self, store: Store, *, workers: int | None = None, pool_after: int | None = None) -> None:
        self.store = store
        self.workers = default_workers() if workers is None else workers
        self.pool_after = POOL_AFTER_ARTICLES if pool_after is None else pool_after
        self.written = 0
        self.from_workers = 0  # articles written with analyses from the worker processes
        self._pool: ProcessPoolExecutor | None = None
        self._in_process = False
        self._queue: deque[tuple[list[ArticleInput], Future[list[TextAnalysis]]]] = deque()

    @property
    def pooled(self) -> bool:
        """Whether analysis has moved to worker processes."""
        return self._pool is not None

    def put(self, batch: Sequence[ArticleInput]) -> list[AddResult]:
        """Queue one batch (one transaction); returns the results of any batches written now."""
        items = list(batch)
        if self._pool is None and not self._in_process:
            self._start_pool()
        if self._pool is None or self._in_process:
            # Batches still queued (the pool broke) are written first: order is kept.
            return self.finish() + self._write(items, self._analyse_here(items))
        self._queue.append((items, self._pool.submit(analyse_batch, [(a.text, a.title) for a in items])))
        out: list[AddResult] = []
        while len(self._queue) > self.workers * QUEUED_PER_WORKER:
            out += self._write_oldest()
        return out

    def _start_pool(self) -> bool:
        """Start the workers if the ingest is large enough and forking is safe; whether they run."""
        if self._in_process or self.workers < 2 or self.written < self.pool_after:
            return False
        if idle_cores() < MIN_IDLE_CORES:
            return False  # workers pay off only on a core nobody else wants; asked again next batch
        if threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
            # Fork copies only the calling thread, so another thread's held lock would never be
            # released in a worker. Spawn instead re-imports the caller's main script, which
            # breaks every script without a __main__ guard. A caller with threads (the server,
            # whose uploads are small anyway) therefore analyses in-process.
            self._in_process = True
            return False
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers,
            # Forked workers also inherit the imported modules and warm stem caches: no start-up.
            mp_context=multiprocessing.get_context("fork"),
            initializer=_ignore_interrupt,
        )
        return True

    def finish(self) -> list[AddResult]:
        """Write every queued batch; returns their results."""
        out: list[AddResult] = []
        while self._queue:
            out += self._write_oldest()
        return out

    def _analyse_here(self, items: list[ArticleInput]) -> list[TextAnalysis]:
        """Analyses of a batch in this process; an article the store holds costs only its hash."""
        digests = [content_hash(item.text) for item in items]
        known = self.store.known_hashes(digests)
        out: list[TextAnalysis] = []
        for item, digest in zip(items, digests, strict=True):
            out.append(hash_only(digest) if digest in known else analyse_text(item.text, item.title, digest))
            known.add(digest)  # a second copy within the batch is a duplicate of the first
        return out

    def _write_oldest(self) -> list[AddResult]:
        items, future = self._queue.popleft()
        try:
            analyses = future.result()
        except BrokenProcessPool:
            # A worker died (killed for memory, say): analyse here and go on without the pool.
            self._in_process = True
            return self._write(items, self._analyse_here(items))
        self.from_workers += len(items)
        return self._write(items, analyses)

    def _write(self, items: list[ArticleInput], analyses: list[TextAnalysis]) -> list[AddResult]:
        results = write_analysed(self.store, items, analyses)
        self.written += len(items)
        return results

    def close(self) -> None:
        """Stop the workers; batches still queued are dropped, none is half-written."""
        for _, future in self._queue:
            future.cancel()
        self._queue.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> BatchWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
