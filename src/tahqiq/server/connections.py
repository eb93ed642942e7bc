"""One store per worker thread, and one writer at a time.

A SQLite connection must not be shared by threads that write, so each thread of the request
pool opens its own store (a :class:`~tahqiq.api.Tahqiq` on it) on first use and keeps it. Reads run in
parallel (WAL lets readers go on while a writer commits). Writes inside this process queue on
one lock before ``BEGIN IMMEDIATE``, so two requests never race for SQLite's write lock and none
can hit "database is locked" on a lock upgrade; a writer in another process (a ``tahqiq ingest``
run beside the server) is waited for by SQLite's busy timeout.

On PostgreSQL (a ``postgresql://`` store) the threads' stores share the process's connection
pool (:func:`tahqiq.store.postgres.pool`): a statement borrows a connection, a transaction holds
one until it ends, and a connection the database dropped is replaced on the next request.
Writers of other processes and machines are ordered by PostgreSQL itself.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from tahqiq.api import Tahqiq
from tahqiq.api import open as open_store
from tahqiq.stance.base import StanceModel
from tahqiq.store import lexindex
from tahqiq.store.postgres import close_pool, is_url


class StorePool:
    """Thread-local stores on one database file, plus the process-wide writer lock."""

    def __init__(self, path: str, stance_model: StanceModel | None) -> None:
        self.path = path
        self.stance_model = stance_model
        self.write_lock = threading.Lock()
        self._local = threading.local()
        self._opened: list[Tahqiq] = []
        self._opened_lock = threading.Lock()
        self._generation = 0  # raised by close(): stores of an earlier generation are closed
        # Open once in the calling thread: applies migrations and brings the copy index of an
        # older store up to date before any request arrives, so requests only ever read it, and
        # fails early (not on the first request) for a file that is not a tahqiq store.
        with self.write_lock, open_store(path, stance_model=stance_model) as tq:
            tq.index_copies()
            if is_url(path):
                # A PostgreSQL store's lexical index lives in this machine's cache: bring it up to
                # the database now, so searches run on it rather than ranking in PostgreSQL.
                lexindex.catch_up(tq.store)

    def tahqiq(self) -> Tahqiq:
        """The Python API on this thread's store (opened on first use), with the shared stance model."""
        tq: Tahqiq | None = getattr(self._local, "tahqiq", None)
        if tq is None or getattr(self._local, "generation", -1) != self._generation:
            with self.write_lock:  # opening may migrate: never beside another writer
                tq = open_store(self.path, stance_model=self.stance_model, pooled=True)
            with self._opened_lock:
                self._local.tahqiq = tq
                self._local.generation = self._generation
                self._opened.append(tq)
        return tq

    @contextmanager
    def writing(self) -> Iterator[Tahqiq]:
        """The API on this thread's store, held as the only writer of this process until the block ends."""
        tq = self.tahqiq()
        with self.write_lock:
            yield tq

    def close(self) -> None:
        """Close every thread's connection (at shutdown, when no request is running).

        A later request opens fresh ones, so an application can be started again in-process.
        """
        with self._opened_lock:
            self._generation += 1
            for tq in self._opened:
                tq.close()
            self._opened.clear()
        if is_url(self.path):
            close_pool(self.path)
