"""Ingest and check at scale on a synthetic corpus made from the sample's sentences.

Generates N articles (default 100,000) by recombining sentences of ``examples/`` with a fixed
seed, writes them as JSONL, then measures in one run:

- the baseline: a plain read of those files (open, decode, parse each line);
- ingest throughput (articles/second) into a fresh store, and the store's size on disk;
- ``check`` latency, p50 and p95 over 50 claims drawn from the same sentences.

Usage: ``python benchmarks/bench_ingest_check.py [--articles 100000] [--claims 50] [--out DIR]``
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

import tahqiq
from tahqiq.text import split_sentences, words

ROOT = Path(__file__).resolve().parents[1]
OUTLETS = ("سانا", "الوطن", "روسيا اليوم", "بلدي نيوز", "عنب بلدي", "الجزيرة", "العربية", "الأناضول")


def sample_sentences() -> list[str]:
    sentences = []
    for path in sorted((ROOT / "examples").glob("*.txt")):
        sentences += [s.text for s in split_sentences(path.read_text(encoding="utf-8")) if len(s.text) > 40]
    return sentences


def generate(path: Path, n: int, seed: int = 2017) -> None:
    """Write ``n`` JSONL articles of 6–18 recombined sample sentences each (deterministic)."""
    rng = random.Random(seed)
    pool = sample_sentences()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            body = rng.sample(pool, rng.randint(6, 18))
            # A serial number keeps every article distinct so none is deduplicated away.
            body.append(f"رقم التقرير {i} بتاريخ {rng.randint(1, 28)}/{rng.randint(1, 12)}/2017.")
            record = {
                "title": " ".join(words(rng.choice(pool))[: rng.randint(6, 12)]),
                "text": "\n".join(body),
                "outlet": rng.choice(OUTLETS),
                "date": f"2017-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "url": f"https://example.org/{i}",
            }
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def claims(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    pool = sample_sentences()
    out = []
    while len(out) < n:
        w = words(rng.choice(pool))
        if len(w) >= 8:
            start = rng.randint(0, len(w) - 8)
            out.append(" ".join(w[start : start + rng.randint(6, 9)]))
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--claims", type=int, default=50)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/out")
    parser.add_argument("--keep", action="store_true", help="keep the corpus and store afterwards")
    args = parser.parse_args()

    corpus = args.out / f"corpus-{args.articles}.jsonl"
    db = args.out / f"bench-{args.articles}.db"
    if not corpus.exists():
        t = time.perf_counter()
        generate(corpus, args.articles)
        print(f"generated {args.articles} articles in {time.perf_counter() - t:.1f}s → {corpus}")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)

    t = time.perf_counter()
    with corpus.open(encoding="utf-8") as f:
        read = sum(1 for line in f if json.loads(line)["text"])
    baseline = time.perf_counter() - t

    t = time.perf_counter()
    with tahqiq.open(db) as tq:
        summary = tq.ingest([str(corpus)])
        ingest_s = time.perf_counter() - t

        tq.check(claims(1, seed=1)[0])  # warm caches once, as a long-running process would be
        latencies = []
        for claim in claims(args.claims):
            t = time.perf_counter()
            tq.check(claim)
            latencies.append((time.perf_counter() - t) * 1000)

    size = db.stat().st_size  # after close: the WAL is checkpointed into the main file
    print(f"articles:            {read} read, {len(summary.added)} ingested, {len(summary.skipped)} skipped")
    print(f"baseline plain read: {baseline:.2f}s ({read / baseline:,.0f} articles/s)")
    print(f"ingest:              {ingest_s:.1f}s ({len(summary.added) / ingest_s:,.0f} articles/s)")
    print(f"store size:          {size / 2**20:,.1f} MiB")
    print(
        f"check latency:       p50 {statistics.median(latencies):.0f} ms, "
        f"p95 {percentile(latencies, 0.95):.0f} ms over {len(latencies)} claims"
    )
    if not args.keep:
        shutil.rmtree(args.out, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
