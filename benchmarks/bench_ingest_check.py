"""Ingest and check at scale on a synthetic corpus made from the sample's sentences.

Generates N articles (default 100,000) by recombining sentences of ``examples/`` with a fixed
seed, writes them as JSONL, then measures in one run, each figure beside its baseline:

- a plain read of the JSONL (open, decode, parse each line);
- two peers indexing the same titles and texts from the same file: a bare SQLite FTS5 insert
  (WAL, 200 rows a transaction, like tahqiq) and tantivy;
- tahqiq ingest into a fresh store: articles per second and per CPU-second (the main process
  plus its analysis workers), the store's size, and the ratios to both peers;
- ``check`` latency over ``--claims`` distinct claims, each in a fresh process that loads the
  model and checks one warm-up claim first, twice: with tahqiq's BLAS limit (one thread) and
  without it (what a clean install without threadpoolctl did). With ``--busy``, one process
  spinning on a core runs beside the checks, as other work would on a laptop.

Usage: ``python benchmarks/bench_ingest_check.py [--articles 100000] [--claims 50] [--busy] [--out DIR]``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tahqiq.fixtures import synthetic_articles, synthetic_claims, write_jsonl

ROOT = Path(__file__).resolve().parents[1]
BATCH = 200  # rows per transaction in the FTS5 peer, as tahqiq.api.BATCH_SIZE


def generate(path: Path, n: int, seed: int = 2017) -> None:
    """Write ``n`` JSONL articles of recombined sample sentences (:mod:`tahqiq.fixtures`)."""
    write_jsonl(path, synthetic_articles(n, seed))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class Clock:
    """Wall time and CPU time of this process and of its finished children, from start to stop."""

    def __enter__(self) -> Clock:
        self._wall, self._cpu, self._children = time.perf_counter(), time.process_time(), _children_cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu
        self.children = _children_cpu() - self._children


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def records(corpus: Path) -> Iterator[tuple[str, str]]:
    with corpus.open(encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            yield record["title"], record["text"]


def fts5_peer(corpus: Path, db: Path) -> int:
    """The floor: the same titles and texts into a plain FTS5 table, nothing else."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 0')"
    )
    n = 0
    batch: list[tuple[str, str]] = []
    for row in records(corpus):
        batch.append(row)
        if len(batch) == BATCH:
            n += _insert(conn, batch)
            batch = []
    n += _insert(conn, batch)
    conn.close()
    return n


def _insert(conn: sqlite3.Connection, rows: list[tuple[str, str]]) -> int:
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO docs(title, body) VALUES (?, ?)", rows)
    conn.execute("COMMIT")
    return len(rows)


def tantivy_peer(corpus: Path, folder: Path) -> int:
    """A Lucene-class engine on the same titles and texts (its own threads count as CPU here)."""
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("title", stored=False)
    builder.add_text_field("body", stored=False)
    folder.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(builder.build(), path=str(folder))
    writer = index.writer()
    n = 0
    for title, body in records(corpus):
        writer.add_document(tantivy.Document(title=title, body=body))
        n += 1
    writer.commit()
    writer.wait_merging_threads()
    return n


# --- the check phase, one fresh process per BLAS setting ------------------------------------------


def check_worker(db: str, mode: str, n: int) -> None:
    """Run in a child process: load, warm up with one claim, time ``n`` distinct claims; print JSON."""
    started = time.perf_counter()
    from tahqiq.stance import blas

    if mode == "unlimited":
        blas.BLAS_THREADS = None  # no limit anywhere: the encoder's own is off too
    import tahqiq

    with tahqiq.open(db) as tq:
        tq.check(synthetic_claims(1, seed=1)[0])
        first = time.perf_counter() - started
        latencies: list[float] = []
        cpu: list[float] = []
        for claim in synthetic_claims(n):
            t, c = time.perf_counter(), time.process_time()
            tq.check(claim)
            latencies.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
    from tahqiq.stance.blas import current_blas_threads

    blas_now = current_blas_threads()
    print(json.dumps({"first_s": first, "latencies": latencies, "cpu_ms": cpu, "blas": blas_now}))


def run_checks(db: Path, mode: str, n: int) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--check-worker", str(db), mode, str(n)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def spinner() -> subprocess.Popen[bytes]:
    """One process keeping a core busy, as a build or a browser tab would."""
    return subprocess.Popen([sys.executable, "-c", "while True: pass"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--claims", type=int, default=50)
    parser.add_argument("--busy", action="store_true", help="run one spinning process during the checks")
    parser.add_argument(
        "--ingest-workers",
        type=int,
        help="analysis processes for the ingest, whatever the load (default: tahqiq decides)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/out")
    parser.add_argument("--keep", action="store_true", help="keep the corpus and store afterwards")
    parser.add_argument("--check-worker", nargs=3, metavar=("DB", "MODE", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.check_worker:
        db, mode, n = args.check_worker
        check_worker(db, mode, int(n))
        return

    import tahqiq
    from tahqiq.store import pipeline

    if args.ingest_workers is not None:
        workers = args.ingest_workers
        pipeline.default_workers = lambda: workers
        pipeline.idle_cores = lambda: float(workers)

    corpus = args.out / f"corpus-{args.articles}.jsonl"
    db = args.out / f"bench-{args.articles}.db"
    if not corpus.exists():
        t = time.perf_counter()
        generate(corpus, args.articles)
        print(f"generated {args.articles} articles in {time.perf_counter() - t:.1f}s → {corpus}")
    for path in (db, args.out / "fts5.db"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(args.out / "tantivy", ignore_errors=True)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")

    with Clock() as read:
        n_read = sum(1 for _ in records(corpus))
    with Clock() as fts5:
        fts5_peer(corpus, args.out / "fts5.db")
    with Clock() as tv:
        tantivy_peer(corpus, args.out / "tantivy")
    with Clock() as ingest, tahqiq.open(db) as tq:
        summary = tq.ingest([str(corpus)])
    size = db.stat().st_size  # after close: the WAL is checkpointed into the main file
    added = len(summary.added)

    def line(name: str, clock: Clock, n: int) -> tuple[float, float]:
        per_s, per_cpu = n / clock.wall, n / (clock.cpu + clock.children)
        print(f"{name:<22}{clock.wall:7.1f}s  {per_s:9,.0f} articles/s  {per_cpu:9,.0f} articles/CPU-s")
        return per_s, per_cpu

    print(f"articles:             {n_read} read, {added} ingested, {len(summary.skipped)} skipped")
    line("plain read", read, n_read)
    floor = line("SQLite FTS5 (peer)", fts5, n_read)
    peer = line("tantivy (peer)", tv, n_read)
    ours = line("tahqiq ingest", ingest, added)
    print(f"  analysis workers:    {ingest.children:.1f} CPU-s; store {size / 2**20:,.1f} MiB")
    for name, (per_s, per_cpu) in (("FTS5", floor), ("tantivy", peer)):
        print(f"tahqiq / {name:<13}{ours[0] / per_s:.3f} (articles/s)  {ours[1] / per_cpu:.3f} (per CPU-s)")

    busy = spinner() if args.busy else None
    try:
        print(f"checks ({'one spinning process beside them' if busy else 'machine as it is'}):")
        results = {mode: run_checks(db, mode, args.claims) for mode in ("limited", "unlimited")}
    finally:
        if busy is not None:
            busy.kill()
            busy.wait()
    figures = {}
    for mode, r in results.items():
        lat = [float(x) for x in r["latencies"]]
        cpu = [float(x) for x in r["cpu_ms"]]
        figures[mode] = (statistics.median(lat), percentile(lat, 0.95))
        print(
            f"  BLAS {mode:<10} (threads {r['blas']}): "
            f"first check in a new process {float(r['first_s']):.1f}s "
            f"(imports, model, one claim); p50 {figures[mode][0]:.0f} ms, p95 {figures[mode][1]:.0f} ms "
            f"over {len(lat)} claims; CPU a claim p50 {statistics.median(cpu):.0f} ms, "
            f"p95 {percentile(cpu, 0.95):.0f} ms"
        )
    lim, unl = figures["limited"], figures["unlimited"]
    print(f"  unlimited / limited: p50 {unl[0] / lim[0]:.2f}x, p95 {unl[1] / lim[1]:.2f}x")
    if not args.keep:
        shutil.rmtree(args.out, ignore_errors=True)


if __name__ == "__main__":
    main()
