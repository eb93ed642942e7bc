"""Copied passages at scale: recall and precision of the copy index, its ingest cost, reuse latency.

Generates N articles (default 100,000) of sentence-shaped random text drawn from the sample's
vocabulary (word frequencies kept, so the text is unique but not uniform), then plants passages
of 15–60 words from one article into 1–3 others at known places, a third of them with one word
changed. Measures in one run:

- ingest time without and with fingerprinting (same corpus, fresh stores, warm caches), the
  slowdown, and the size of the index (rows, bytes) and of both stores;
- precision and recall of the planted passages found by a store-wide scan of the index plus
  alignment (a found passage matches a planted one when, in both articles, their spans overlap
  by at least half of the longer one); implied copies between two targets of one passage count;
- whether ``reuse`` names the source as first where the dates allow it;
- ``reuse`` latency, p50 and p95, over ``--queries`` articles (half of them with planted copies);
- the time ``stories`` takes over the whole store.

Usage: ``python benchmarks/bench_provenance.py [--articles 100000] [--queries 100] [--out DIR]``
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

import tahqiq
import tahqiq.ingest.analysis as analysis
from tahqiq.fixtures import sample_vocabulary
from tahqiq.provenance.reuse import reuse, store_copies
from tahqiq.provenance.stories import stories
from tahqiq.records import CopiedPassage
from tahqiq.store import pipeline
from tahqiq.store.copyindex import index_stats
from tahqiq.text import tokenize

ROOT = Path(__file__).resolve().parents[1]
OUTLETS = ("سانا", "الوطن", "روسيا اليوم", "بلدي نيوز", "عنب بلدي", "الجزيرة", "العربية", "الأناضول")
START = date(2017, 1, 1)
HOOKED = ("shingle_hashes", "winnow")  # the fingerprint steps of ingest's analysis (tahqiq.ingest.analysis)


@dataclass
class Draft:
    """An article being generated: sentences, and the planted passages inserted among them."""

    title: str
    sentences: list[str]
    day: int | None
    outlet: str
    inserts: list[tuple[int, int, str]] = field(default_factory=list)  # (before sentence, plant, text)
    copied_after: int | None = None  # latest day of a source copied into this article

    def render(self) -> tuple[str, dict[int, tuple[int, int]]]:
        """The text, and the character span of each planted passage inserted into it."""
        pieces: list[str] = []
        spans: dict[int, tuple[int, int]] = {}
        pos = 0
        by_place: dict[int, list[tuple[int, str]]] = {}
        for place, plant, text in self.inserts:
            by_place.setdefault(place, []).append((plant, text))
        for i in range(len(self.sentences) + 1):
            for plant, text in by_place.get(i, []):
                spans[plant] = (pos, pos + len(text))
                pieces.append(text + ".")
                pos += len(text) + 2
            if i < len(self.sentences):
                pieces.append(self.sentences[i])
                pos += len(self.sentences[i]) + 1
        return " ".join(pieces), spans


@dataclass(frozen=True)
class Plant:
    """A passage taken from ``source`` at ``span`` and inserted into ``targets``."""

    source: int
    span: tuple[int, int]
    targets: tuple[int, ...]
    edited: bool


def generate(n: int, seed: int = 2017) -> tuple[list[dict[str, str]], list[Plant], dict[int, dict[int, str]]]:
    """``n`` JSON records, the planted passages, and each article's text of each plant it holds."""
    rng = random.Random(seed)
    words, weights = sample_vocabulary()

    def sentence() -> str:
        return " ".join(rng.choices(words, weights, k=rng.randint(8, 24))) + "."

    drafts = []
    for _ in range(n):
        day = rng.randint(0, 364) if rng.random() > 0.05 else None  # one in twenty has no date
        drafts.append(
            Draft(
                title=" ".join(rng.choices(words, weights, k=rng.randint(6, 10))),
                sentences=[sentence() for _ in range(rng.randint(6, 16))],
                day=day,
                outlet=rng.choice(OUTLETS),
            )
        )
    # Sources are never targets, so a plant's text in its source is exactly as generated.
    order = list(range(n))
    rng.shuffle(order)
    n_plants = max(1, n // 20)
    sources, pool = order[:n_plants], order[n_plants:]
    plants: list[Plant] = []
    texts: dict[int, dict[int, str]] = {}
    source_texts = {s: drafts[s].render()[0] for s in sources}
    for number, s in enumerate(sources):
        text = source_texts[s]
        toks = tokenize(text)
        length = rng.randint(15, 60)
        if len(toks) < length:
            continue
        first = rng.randint(0, len(toks) - length)
        span = (toks[first].start, toks[first + length - 1].end)
        passage = text[span[0] : span[1]]
        edited = rng.random() < 1 / 3
        copy = passage
        if edited:  # one word in the middle is changed, as an editor would
            mid = toks[first + length // 2]
            copy = passage[: mid.start - span[0]] + rng.choice(words) + passage[mid.end - span[0] :]
        targets = tuple(rng.sample(pool, rng.randint(1, 3)))
        for t in targets:
            draft = drafts[t]
            draft.inserts.append((rng.randint(0, len(draft.sentences)), number, copy))
            source_day = drafts[s].day
            if source_day is not None and draft.day is not None:
                # A copy comes later than every source it copies from (0 days: same day).
                draft.copied_after = max(draft.copied_after or 0, source_day)
                draft.day = draft.copied_after + rng.randint(0, 5)
        plants.append(Plant(s, span, targets, edited))
        texts.setdefault(s, {})[number] = passage
    records = []
    for i, draft in enumerate(drafts):
        text, spans = draft.render() if i not in source_texts else (source_texts[i], {})
        for plant, (a, b) in spans.items():
            texts.setdefault(i, {})[plant] = text[a:b]
        record = {
            "title": draft.title,
            "text": text,
            "outlet": draft.outlet,
            "url": f"https://example.org/{i}",
        }
        if draft.day is not None:
            record["date"] = (START + timedelta(days=draft.day)).isoformat()
        records.append(record)
    return records, plants, texts


def write(path: Path, records: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def fresh(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


@dataclass
class IngestRun:
    """Wall and CPU seconds of one ingest, and the CPU seconds spent inside the fingerprint hook."""

    wall: float
    cpu: float
    hook_cpu: float = 0.0


def ingest(corpus: Path, db: Path, *, index: bool) -> IngestRun:
    """Ingest ``corpus`` into a fresh store, with or without the fingerprint hook; time it.

    With the hook, the time spent inside it (shingling and winnowing) is summed too: a
    direct measure of the overhead that the noise of a shared machine does not blur as much.
    """
    fresh(db)
    real = {name: getattr(analysis, name) for name in HOOKED}
    run = IngestRun(0.0, 0.0)

    def timed(name: str) -> Any:
        def call(*args: Any) -> Any:
            t = time.process_time()
            try:
                return real[name](*args)
            finally:
                run.hook_cpu += time.process_time() - t

        return call

    skipped = {"shingle_hashes": lambda ids: np.zeros(0, dtype=np.uint64), "winnow": lambda hashes: []}
    for name in HOOKED:
        setattr(analysis, name, timed(name) if index else skipped[name])
    # The hook sits on the in-process path; worker processes would fingerprint outside it.
    pipeline.default_workers = lambda: 1
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        with tahqiq.open(db) as tq:
            tq.ingest([str(corpus)])
        run.wall, run.cpu = time.perf_counter() - wall, time.process_time() - cpu
        return run
    finally:
        for name, function in real.items():
            setattr(analysis, name, function)


Truth = tuple[int, int, tuple[int, int], tuple[int, int]]  # article a < b, span in a, span in b


def ground_truth(
    plants: list[Plant], texts: dict[int, dict[int, str]], stored: dict[int, str], ids: dict[int, int]
) -> tuple[list[Truth], int]:
    """Every pair of articles that carries one planted passage, with its spans in the stored texts.

    Ingest may trim a text (boilerplate rules), so spans are found again in what was stored;
    a passage that did not survive ingest is counted and left out.
    """
    out: list[Truth] = []
    lost = 0
    for number, plant in enumerate(plants):
        where: dict[int, tuple[int, int]] = {}
        for i in (plant.source, *plant.targets):
            text = stored.get(ids.get(i, -1), "")
            at = text.find(texts[i][number])
            if at < 0:
                lost += 1
                continue
            where[ids[i]] = (at, at + len(texts[i][number]))
        for a, b in combinations(sorted(where), 2):
            out.append((a, b, where[a], where[b]))
    return out, lost


def overlaps(x: tuple[int, int], y: tuple[int, int]) -> bool:
    """Whether the spans overlap by at least half of the longer one."""
    inter = min(x[1], y[1]) - max(x[0], y[0])
    return inter >= 0.5 * max(x[1] - x[0], y[1] - y[0])


def score(found: tuple[CopiedPassage, ...], truth: list[Truth]) -> tuple[float, float, int, int]:
    """Precision, recall, and the counts of matched found passages and matched planted ones."""
    by_pair: dict[tuple[int, int], list[Truth]] = {}
    for item in truth:
        by_pair.setdefault((item[0], item[1]), []).append(item)
    matched: set[Truth] = set()
    good = 0
    for p in found:
        a, b = p.articles
        sa, sb = (p.spans[0].start, p.spans[0].end), (p.spans[1].start, p.spans[1].end)
        if a > b:
            a, b, sa, sb = b, a, sb, sa
        hits = [t for t in by_pair.get((a, b), []) if overlaps(sa, t[2]) and overlaps(sb, t[3])]
        if hits:
            good += 1
            matched.update(hits)
    precision = good / len(found) if found else 1.0
    recall = len(matched) / len(truth) if truth else 1.0
    return precision, recall, good, len(matched)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2, help="ingest runs of each kind (fastest counts)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/out-provenance")
    parser.add_argument("--keep", action="store_true", help="keep the corpus and stores afterwards")
    args = parser.parse_args()

    t = time.perf_counter()
    records, plants, texts = generate(args.articles)
    corpus = args.out / f"corpus-{args.articles}.jsonl"
    write(corpus, records)
    warm = args.out / "warm.jsonl"
    write(warm, records[: min(2000, len(records))])
    print(
        f"generated {len(records)} articles, {len(plants)} planted passages in {time.perf_counter() - t:.1f}s"
    )

    plain_db, indexed_db = args.out / "plain.db", args.out / "indexed.db"
    ingest(warm, args.out / "warm.db", index=True)  # fill the word caches once, for both runs alike
    # Runs alternate and the fastest of each kind counts, so load from other processes on the
    # machine biases neither; CPU time is reported beside wall time for the same reason.
    plain: list[IngestRun] = []
    indexed: list[IngestRun] = []
    for _ in range(args.rounds):
        plain.append(ingest(corpus, plain_db, index=False))
        indexed.append(ingest(corpus, indexed_db, index=True))
    plain_s, plain_cpu = min(r.wall for r in plain), min(r.cpu for r in plain)
    indexed_s, indexed_cpu = min(r.wall for r in indexed), min(r.cpu for r in indexed)
    hook_cpu = min(r.hook_cpu for r in indexed)
    slowdown = (indexed_s / plain_s - 1) * 100
    slowdown_cpu = (indexed_cpu / plain_cpu - 1) * 100

    with tahqiq.open(indexed_db) as tq:
        store = tq.store
        ids: dict[int, int] = {}
        stored: dict[int, str] = {}
        for article in store.iter_articles():
            number = int((article.url or "").rsplit("/", 1)[-1])
            ids[number] = article.id
            stored[article.id] = article.text
        truth, lost = ground_truth(plants, texts, stored, ids)

        t = time.perf_counter()
        found = store_copies(store)  # merges what is left in the log first
        scan_s = time.perf_counter() - t
        stats = index_stats(store)
        precision, recall, good, matched = score(found.passages, truth)

        rng = random.Random(11)
        with_copies = [ids[t] for p in plants for t in p.targets if t in ids]
        half = args.queries // 2
        queries = rng.sample(with_copies, min(half, len(with_copies)))
        queries += rng.sample(sorted(stored), min(args.queries - len(queries), len(stored)))
        reuse(store, queries[0])  # warm caches once, as a long-running process would be
        latencies = []
        for aid in queries:
            t = time.perf_counter()
            reuse(store, aid)
            latencies.append((time.perf_counter() - t) * 1000)

        t = time.perf_counter()
        found_stories = stories(store, limit=20)
        stories_s = time.perf_counter() - t

        first: Counter[str] = Counter()
        for plant in plants:
            source = ids.get(plant.source)
            if source is None:
                continue
            report = reuse(store, source)
            targets = {ids[t] for t in plant.targets if t in ids}
            for link in report.links:
                if link.other.id in targets:
                    first[link.first] += 1
            if sum(first.values()) >= 300:
                break

    print(f"articles:           {len(stored)} stored of {len(records)} generated")
    print(
        f"ingest without idx: {plain_s:.1f}s wall, {plain_cpu:.1f}s CPU "
        f"({len(stored) / plain_s:,.0f} articles/s)"
    )
    print(
        f"ingest with index:  {indexed_s:.1f}s wall, {indexed_cpu:.1f}s CPU "
        f"({len(stored) / indexed_s:,.0f} articles/s)"
    )
    print(
        f"slowdown:           {slowdown:+.1f}% wall, {slowdown_cpu:+.1f}% CPU "
        f"(best of {args.rounds} each; target at most +30%)"
    )
    print(
        f"inside the hook:    {hook_cpu:.2f}s CPU = {hook_cpu / plain_cpu * 100:+.1f}% of ingest without it "
        f"({hook_cpu / len(stored) * 1e6:.0f} µs per article)"
    )
    size_plain, size_indexed = plain_db.stat().st_size, indexed_db.stat().st_size
    index_bytes = f"{stats.bytes / 2**20:,.1f} MiB" if stats.bytes is not None else "n/a"
    print(
        f"index size:         {stats.rows:,} rows ({stats.rows / max(1, stats.articles):.0f} per article), "
        f"{index_bytes}; store {size_plain / 2**20:,.1f} → {size_indexed / 2**20:,.1f} MiB"
    )
    print(
        f"planted pairs:      {len(truth)} ({len(plants)} passages, "
        f"{sum(p.edited for p in plants)} with an edit, {lost} lost at ingest)"
    )
    print(
        f"store-wide scan:    {scan_s:.1f}s, {found.pairs_checked} candidate pairs aligned, "
        f"{len(found.passages)} passages found, {found.common_hashes} boilerplate hashes skipped"
    )
    print(f"precision:          {precision:.4f} ({good}/{len(found.passages)} found passages are planted)")
    print(f"recall:             {recall:.4f} ({matched}/{len(truth)} planted pairs found)")
    total = sum(first.values()) or 1
    print(
        "direction (source→target): "
        + ", ".join(f"{k} {v} ({v / total:.0%})" for k, v in sorted(first.items()))
        + "  [article = source first; unknown = same day or no date]"
    )
    print(
        f"reuse latency:      p50 {statistics.median(latencies):.1f} ms, "
        f"p95 {percentile(latencies, 0.95):.1f} ms over {len(latencies)} articles (target p95 ≤ 200 ms)"
    )
    sizes = [len(s.articles) for s in found_stories]
    print(f"stories:            {stories_s:.1f}s for the whole store (20 largest detailed: {sizes[:5]}...)")
    if not args.keep:
        shutil.rmtree(args.out, ignore_errors=True)


if __name__ == "__main__":
    main()
