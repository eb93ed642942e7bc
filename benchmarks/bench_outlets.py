"""How fast an outlet profile answers, against computing it by a full scan of the store.

A store of ``--articles`` generated articles (:func:`tahqiq.fixtures.synthetic_articles`: eight
outlets, recombined sample sentences, so copy links are everywhere) is built once by ``tahqiq
ingest`` (which keeps the profiles' per-article facts as it goes) and kept under ``--cache``
for later runs. Then, on a read-only connection:

* ``profile``: ``Tahqiq.outlet(name)`` for every outlet, ``--repeat`` times each: wall p50/p95
  and CPU per call; ``list``: ``Tahqiq.outlets()`` the same way;
* ``full scan`` (the baseline, in the same run): the same profile computed the way it would be
  without the kept facts: every article of the store read, the outlet's articles' sources,
  denials, labels and copy links worked out, then assembled (``--baseline-outlets`` outlets).

Also printed: the store's build (ingest wall and CPU, profiles included) and the CPU per article
that keeping the facts costs at ingest, measured on ``--sample`` stored articles.

Example: python benchmarks/bench_outlets.py --articles 100000
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import tahqiq
from tahqiq.fixtures import OUTLETS, synthetic_articles, write_jsonl
from tahqiq.outlets.facts import article_facts, copy_links
from tahqiq.provenance.gazetteer import default_gazetteer
from tahqiq.records.outlets import OutletProfile

CACHE = Path(__file__).resolve().parent / "out" / "outlets"


def build(n: int, cache: Path) -> Path:
    """The store of ``n`` generated articles under ``cache``, built unless a complete one is there."""
    cache.mkdir(parents=True, exist_ok=True)
    db = cache / f"synthetic-{n}.db"
    if db.exists():
        with tahqiq.open(db, readonly=True) as tq:
            if tq.count() == n and tq.store.outlet_stale() == 0:
                print(f"store: reusing {db} ({n} articles)")
                return db
        for path in cache.glob(f"synthetic-{n}.db*"):
            if path.is_file():
                path.unlink()
    corpus = write_jsonl(cache / f"synthetic-{n}.jsonl", synthetic_articles(n))
    wall, cpu = time.perf_counter(), time.process_time()
    with tahqiq.open(db) as tq:
        tq.ingest([str(corpus)])
        tq.refresh_outlets()  # a large ingest leaves the profiles to `tahqiq index`
        assert tq.store.outlet_stale() == 0
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"store: built {db}: ingest with profiles {wall:.1f} s wall, {cpu:.1f} s CPU (main process)")
    return db


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(call: object, repeat: int) -> tuple[list[float], list[float]]:
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        call()  # type: ignore[operator]
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus


def full_scan(tq: tahqiq.api.Tahqiq, name: str) -> dict[str, object]:
    """The main figures of ``name``'s profile without the kept facts: every article of the store read,
    the outlet's articles' sources, labels, denials and copy links worked out, then counted."""
    mine = [a for a in tq.store.iter_articles() if a.outlet == name]
    facts = article_facts(tq.store, mine, default_gazetteer())
    links = [k for k in copy_links(tq.store, mine) if k.outlet == name and k.other_outlet not in ("", name)]
    relation = {
        r: {k.article_id for k in links if k.relation == r} for r in ("copies", "copied", "unordered")
    }
    relays = Counter(f.source for f in facts if f.source)
    return {
        "articles": len(facts),
        "copies": len(relation["copies"]),
        "first": len(relation["copied"] - relation["copies"]),
        "top_relay": max(relays.values(), default=0),
        "loaded": sum(1 for f in facts if f.loaded),
        "denials": sum(len(f.denials) for f in facts),
    }


def figures(profile: OutletProfile) -> dict[str, object]:
    """The same figures, read from a profile."""
    return {
        "articles": profile.articles.count,
        "copies": profile.copies.count,
        "first": profile.first.count,
        "top_relay": profile.relays[0].count if profile.relays else 0,
        "loaded": profile.loaded.count,
        "denials": profile.denials_total,
    }


_CHILD = """
import json, sys, time
import tahqiq
from tahqiq.outlets.facts import article_facts, copy_links
from tahqiq.provenance.gazetteer import default_gazetteer
with tahqiq.open(sys.argv[1], readonly=True) as tq:
    gazetteer = default_gazetteer()
    articles = tq.store.get_many(list(range(1, int(sys.argv[2]) + 1)))
    cpu = time.process_time()
    article_facts(tq.store, articles, gazetteer)
    facts = time.process_time() - cpu
    cpu = time.process_time()
    copy_links(tq.store, articles)
    links = time.process_time() - cpu
    print(json.dumps({"facts": facts / len(articles), "links": links / len(articles)}))
"""


def ingest_side_cost(db: Path, n: int) -> dict[str, float]:
    """CPU per article of what ingest adds for the profiles, in a fresh process (nothing memoized)."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(db), str(n)], capture_output=True, text=True, check=True
    )
    found: dict[str, float] = json.loads(done.stdout)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="store size (default 2000, about 2 min)")
    parser.add_argument("--repeat", type=int, default=5, help="profile reads per outlet")
    parser.add_argument("--baseline-outlets", type=int, default=1, help="outlets profiled by full scan")
    parser.add_argument("--sample", type=int, default=200, help="articles timed for the ingest-side cost")
    parser.add_argument("--cache", type=Path, default=CACHE, help="folder the stores are kept in")
    args = parser.parse_args(argv)

    db = build(args.articles, args.cache)
    with tahqiq.open(db, readonly=True) as tq:
        names = [o.name for o in tq.outlets().outlets]
        tq.outlet(names[0])  # warm: the gazetteer and the labels load once per process
        walls, cpus = [], []
        for name in names:
            w, c = timed(lambda name=name: tq.outlet(name), args.repeat)
            walls += w
            cpus += c
        sizes = {o.name: o.articles for o in tq.outlets().outlets}
        lw, lc = timed(tq.outlets, args.repeat)
        print(
            f"articles: {tq.count()}; outlets: {len(names)} "
            f"({min(sizes.values())}–{max(sizes.values())} articles each)"
        )
        print(
            f"profile: wall p50 {ms(percentile(walls, 0.5))}, p95 {ms(percentile(walls, 0.95))}; "
            f"CPU mean {statistics.mean(cpus) * 1000:.1f} ms ({len(walls)} reads)"
        )
        print(
            f"list:    wall p50 {ms(percentile(lw, 0.5))}, p95 {ms(percentile(lw, 0.95))}; "
            f"CPU mean {statistics.mean(lc) * 1000:.1f} ms"
        )
        base_w, base_c = [], []
        for name in names[: args.baseline_outlets]:
            wall, cpu = time.perf_counter(), time.process_time()
            scanned = full_scan(tq, name)
            base_w.append(time.perf_counter() - wall)
            base_c.append(time.process_time() - cpu)
            kept = figures(tq.outlet(name))
            agree = "the same figures" if scanned == kept else f"DIFFERENT figures: {scanned} vs {kept}"
            print(f"full scan of {name}: {agree}")
        print(
            f"full scan (baseline): wall mean {statistics.mean(base_w):.2f} s, "
            f"CPU mean {statistics.mean(base_c):.2f} s "
            f"({len(base_w)} outlets)"
        )
        print(
            f"ratio: full scan / profile = {statistics.mean(base_w) / percentile(walls, 0.5):.0f}x wall "
            "(against p50), "
            f"{statistics.mean(base_c) / statistics.mean(cpus):.0f}x CPU"
        )
        per_article = ingest_side_cost(db, min(args.sample, tq.count()))
        print(
            f"ingest-side cost per article: facts {per_article['facts'] * 1000:.1f} ms CPU, "
            f"copy links {per_article['links'] * 1000:.1f} ms CPU ({args.sample} articles, fresh process)"
        )
        assert set(OUTLETS) >= set(names)
    return 0


if __name__ == "__main__":
    sys.exit(main())
