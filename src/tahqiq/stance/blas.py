"""One BLAS thread for the small matrix products of a check, set inside the library.

OpenBLAS starts one thread per core for every product, however small. A check multiplies
matrices of a few dozen rows (sentence embeddings, the pair model), where those threads cost
more in start-up and contention than they save; on a 2-core laptop busy with other work, a cold
``tahqiq check`` took 3.1–4.2 s with them against 1.3 s without, and the server fell from 18.7
to 1.6 requests/s. Users should not have to know ``OPENBLAS_NUM_THREADS``, so the limit is set
here with ``threadpoolctl`` (a declared dependency) before the first check or embedding.

The limit is process-wide and stays for the life of the process. A scoped limit (set on entry,
restored on exit) does not work in the server: OpenBLAS has one thread pool per process, and
threadpoolctl lets only one Python thread at a time change it, so with checks overlapping in
worker threads the other threads' limits are ignored and the first to finish lifts the limit
for the rest. A process that checks claims spends its BLAS time in them anyway.
"""

from __future__ import annotations

import threading

#: BLAS threads for the process once tahqiq checks a claim; ``None`` leaves BLAS alone
#: (``benchmarks/bench_ingest_check.py`` measures both).
BLAS_THREADS: int | None = 1

_lock = threading.Lock()
_applied = False


def limit_blas() -> None:
    """Set BLAS to :data:`BLAS_THREADS` threads, once per process; later calls cost one flag test."""
    global _applied
    if _applied or BLAS_THREADS is None:
        return
    with _lock:
        if _applied:
            return
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=BLAS_THREADS, user_api="blas")
        _applied = True


def current_blas_threads() -> list[int]:
    """The thread count of every loaded BLAS library, as threadpoolctl reports it."""
    from threadpoolctl import threadpool_info

    return [int(lib["num_threads"]) for lib in threadpool_info() if lib.get("user_api") == "blas"]
