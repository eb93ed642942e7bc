"""``tahqiq index``: bring a store's derived search indexes up to date.

Ingest already keeps the lexical index caught up; this step exists for what ingest does not do:
stores created before the index existed (or whose index was removed), a catch-up another
process's lock deferred, and the passage vectors, which cost a few milliseconds per sentence
and are therefore computed here rather than on every ingest. Everything it writes is derived
from SQLite and resumable: an interrupted run keeps what it committed and the next goes on.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass

from tahqiq.retrieve.hybrid import Embedder
from tahqiq.store import Store, lexindex, vectors

#: Called with a phase name ("lexical", "vectors"), articles done since the last call, and the
#: phase's total article count.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class IndexSummary:
    """What an index run did, with throughput figures for the CLI to print."""

    lexical_added: int | None  # None when another writer held the lock
    lexical_seconds: float
    embedded: int
    vector_seconds: float
    embedder: str | None  # None when the run was lexical only

    @property
    def lexical_rate(self) -> float:
        return (self.lexical_added or 0) / self.lexical_seconds if self.lexical_seconds > 0 else 0.0

    @property
    def vector_rate(self) -> float:
        return self.embedded / self.vector_seconds if self.vector_seconds > 0 else 0.0


def build_indexes(
    store: Store,
    embedder: Embedder | None,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    lock_wait: float = 30.0,
) -> IndexSummary:
    """Catch the lexical index up with SQLite, then embed the articles that lack vectors.

    ``rebuild`` removes the lexical index first (after a tahqiq upgrade changed what it holds).
    ``embedder`` None skips the vectors: retrieval is then BM25 alone, which is complete, only
    blind to paraphrase.
    """
    if rebuild:
        path = lexindex.index_dir(store)
        lexindex.forget(store)
        if path is not None and path.exists():
            shutil.rmtree(path)
    start = time.perf_counter()
    index = lexindex.open_index(store, create=True)
    added: int | None = 0
    if index is not None:
        total = store.count_above(index.watermark)

        def lexical_progress(n: int) -> None:
            if progress is not None:
                progress("lexical", n, total)

        added = index.catch_up(store, wait=lock_wait, progress=lexical_progress)
    lexical_seconds = time.perf_counter() - start
    embedded = 0
    start = time.perf_counter()
    if embedder is not None:
        missing = vectors.missing_count(store, embedder.name)

        def vector_progress(n: int) -> None:
            if progress is not None:
                progress("vectors", n, missing)

        embedded = vectors.embed_missing(store, embedder.embed, embedder.name, progress=vector_progress)
        ann = vectors.open_vectors(store, embedder.name, embedder.dim)
        if ann is not None:
            ann.catch_up(store)
    return IndexSummary(
        lexical_added=added,
        lexical_seconds=lexical_seconds,
        embedded=embedded,
        vector_seconds=time.perf_counter() - start,
        embedder=embedder.name if embedder is not None else None,
    )
