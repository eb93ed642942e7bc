"""Spark ``local[2]`` against the single-process ingest on one corpus with planted copies.

Generates N articles (``--articles``) of sentence-shaped random text over the sample's vocabulary
(word frequencies kept, as ``bench_provenance.py`` does), plants passages of 15–60 words from one
article into 1–3 others (a third with one word changed), and writes them as ``--shards`` JSON Lines
files, as an archive arrives (one file per day or month). Then, in the same run:

- the single-process ingest (``tahqiq ingest``: its worker processes start once the ingest is
  large and a core is idle) and ``tahqiq spark ingest`` (``local[2]``), each in a fresh store and
  its own process: wall seconds, CPU seconds of the process and its children (the JVM and the
  Python workers included), articles per second, and the throughput ratio;
- copy detection: the single-process store-wide scan (``store_copies``) and ``tahqiq spark
  copies``; precision and recall of the planted pairs for both (a found pair is right when a
  planted passage joins its two articles; two targets of one passage count as a pair);
- the size of both stores (database, journals and derived indexes) and of the Parquet.

The machine's load average is printed beside the figures: other processes on a shared machine
slow both contenders, and Spark (which wants both cores) the more.

Usage: ``python benchmarks/bench_spark.py [--articles 20000] [--shards 16] [--out DIR]``
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from itertools import combinations
from pathlib import Path

import tahqiq
from tahqiq.fixtures import sample_vocabulary
from tahqiq.provenance.reuse import store_copies

ROOT = Path(__file__).resolve().parents[1]
OUTLETS = ("سانا", "الوطن", "روسيا اليوم", "بلدي نيوز", "عنب بلدي", "الجزيرة", "العربية", "الأناضول")


def generate(n: int, seed: int = 2017) -> tuple[list[dict[str, str]], set[tuple[int, int]]]:
    """``n`` records and the planted pairs, as record numbers ``(a, b)`` with ``a < b``."""
    rng = random.Random(seed)
    words, weights = sample_vocabulary()
    bodies = [
        [" ".join(rng.choices(words, weights, k=rng.randint(8, 24))) + "." for _ in range(rng.randint(6, 16))]
        for _ in range(n)
    ]
    order = list(range(n))
    rng.shuffle(order)
    sources, pool = order[: max(1, n // 20)], order[max(1, n // 20) :]
    pairs: set[tuple[int, int]] = set()
    inserts: dict[int, list[str]] = {}
    for s in sources:
        toks = " ".join(bodies[s]).split()
        length = rng.randint(15, 60)
        if len(toks) < length:
            continue
        first = rng.randint(0, len(toks) - length)
        passage = toks[first : first + length]
        if rng.random() < 1 / 3:  # one word in the middle changed, as an editor would
            passage[length // 2] = rng.choice(words)
        carriers = [s, *rng.sample(pool, rng.randint(1, 3))]
        for t in carriers[1:]:
            inserts.setdefault(t, []).append(" ".join(passage))
        pairs.update((min(a, b), max(a, b)) for a, b in combinations(carriers, 2))
    records = []
    for i, body in enumerate(bodies):
        for copied in inserts.get(i, []):
            body.insert(rng.randint(0, len(body)), copied)
        records.append(
            {
                "title": " ".join(rng.choices(words, weights, k=rng.randint(6, 10))),
                "text": "\n".join(body),
                "outlet": rng.choice(OUTLETS),
                "date": f"2017-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "url": f"https://example.org/{i}",
            }
        )
    return records, pairs


def write_shards(folder: Path, records: list[dict[str, str]], shards: int) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    per = -(-len(records) // shards)
    for k in range(shards):
        with (folder / f"part-{k:04d}.jsonl").open("w", encoding="utf-8") as f:
            for record in records[k * per : (k + 1) * per]:
                f.write(json.dumps(record, ensure_ascii=False) + "\n")


def _tree_cpu(root: int, seen: dict[int, float]) -> None:
    """Note the CPU seconds so far of ``root`` and every process below it (from /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        times[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
    for pid, cpu in times.items():
        p = pid
        while p > 1 and p != root:
            p = parents.get(p, 0)
        if p == root:
            seen[pid] = max(seen.get(pid, 0.0), cpu)


def timed(command: list[str]) -> tuple[float, float, str]:
    """Wall and CPU seconds of one command and every process under it (the JVM, Spark's Python
    workers, ingest's worker processes), sampled from /proc while it runs: the JVM is not
    waited for by its parent, so the usual children's rusage would leave it out."""
    seen: dict[int, float] = {}
    t = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while proc.poll() is None:
        _tree_cpu(proc.pid, seen)
        time.sleep(0.2)
    wall = time.perf_counter() - t
    out, err = proc.communicate()
    if proc.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{err[-3000:]}")
    for line in err.splitlines():
        if "analysed in" in line:
            print(f"  ({line.strip()})")
    return wall, sum(seen.values()), out


def size(paths: list[Path]) -> int:
    total = 0
    for p in paths:
        if p.is_file():
            total += p.stat().st_size
        elif p.is_dir():
            total += sum(f.stat().st_size for f in p.rglob("*") if f.is_file())
    return total


def store_files(db: Path) -> list[Path]:
    return [Path(f"{db}{s}") for s in ("", "-wal", "-shm", ".index", ".vectors")]


def score(found: set[tuple[int, int]], truth: set[tuple[int, int]]) -> tuple[float, float]:
    precision = len(found & truth) / len(found) if found else 1.0
    recall = len(found & truth) / len(truth) if truth else 1.0
    return precision, recall


def numbers(db: Path) -> dict[int, int]:
    """Store id → record number (each record's URL ends with it)."""
    with tahqiq.open(db, readonly=True) as tq:
        return {a.id: int((a.url or "").rsplit("/", 1)[-1]) for a in tq.store.iter_articles()}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--shards", type=int, default=16, help="JSON Lines files the corpus is split into")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/out-spark")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    tahqiq_cli = [sys.executable, "-m", "tahqiq"]

    t = time.perf_counter()
    records, truth = generate(args.articles)
    corpus = args.out / "corpus"
    write_shards(corpus, records, args.shards)
    print(
        f"generated {len(records)} articles, {len(truth)} planted pairs, {args.shards} shards "
        f"in {time.perf_counter() - t:.1f}s; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )

    single_db, spark_db, parquet = args.out / "single.db", args.out / "spark.db", args.out / "parquet"
    for path in (*store_files(single_db), *store_files(spark_db), parquet):
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)

    s_wall, s_cpu, _ = timed([*tahqiq_cli, "ingest", str(corpus), "--db", str(single_db), "-q"])
    load_single = os.getloadavg()[0]
    k_wall, k_cpu, _ = timed(
        [*tahqiq_cli, "spark", "ingest", str(corpus), "--db", str(spark_db), "--parquet", str(parquet)]
    )
    load_spark = os.getloadavg()[0]
    n = len(records)
    print(f"\ningest of {n} articles (load average after each: {load_single:.1f}, {load_spark:.1f})")
    print(f"  single-process: {s_wall:7.1f}s wall {s_cpu:7.1f}s CPU  {n / s_wall:7.0f} articles/s")
    print(f"  spark local[2]: {k_wall:7.1f}s wall {k_cpu:7.1f}s CPU  {n / k_wall:7.0f} articles/s")
    print(f"  throughput ratio spark / single-process: {s_wall / k_wall:.2f}x (target 1.6x)")

    with tahqiq.open(single_db) as tq:
        t, c = time.perf_counter(), time.process_time()
        found = store_copies(tq.store)
        sc_wall, sc_cpu = time.perf_counter() - t, time.process_time() - c
    ids = numbers(single_db)
    single_pairs = {tuple(sorted((ids[p.articles[0]], ids[p.articles[1]]))) for p in found.passages}
    kc_wall, kc_cpu, _ = timed(
        [*tahqiq_cli, "spark", "copies", "--db", str(spark_db), "--parquet", str(parquet), "--limit", "0"]
    )
    with tahqiq.open(spark_db, readonly=True) as tq:
        kept = tq.archive_copies()
    ids = numbers(spark_db)
    spark_pairs = {tuple(sorted((ids[c.article_a], ids[c.article_b]))) for c in kept}
    sp, sr = score(single_pairs, truth)  # type: ignore[arg-type]
    kp, kr = score(spark_pairs, truth)  # type: ignore[arg-type]
    print("\ncopy pairs (planted pairs found)")
    print(
        f"  single-process scan: {sc_wall:7.1f}s wall {sc_cpu:7.1f}s CPU  {len(single_pairs)} pairs  "
        f"precision {sp:.3f} recall {sr:.3f}"
    )
    print(
        f"  spark copies:        {kc_wall:7.1f}s wall {kc_cpu:7.1f}s CPU  {len(spark_pairs)} pairs  "
        f"precision {kp:.3f} recall {kr:.3f}"
    )

    mb = 1024 * 1024
    print("\nsizes")
    print(f"  single-process store: {size(store_files(single_db)) / mb:8.1f} MB")
    print(f"  spark store:          {size(store_files(spark_db)) / mb:8.1f} MB")
    print(f"  parquet:              {size([parquet]) / mb:8.1f} MB")
    print(f"  corpus (JSON Lines):  {size([corpus]) / mb:8.1f} MB")


if __name__ == "__main__":
    main()
