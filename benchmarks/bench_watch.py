"""Claim matching on a planted stream: recall of rewordings, false alerts, and articles per second.

The stream (:mod:`tahqiq.watch.planted`) is ``--articles`` synthetic articles with, for each of 50
saved claims, ``--rewordings`` real rewordings and as many decoys (the claim's actor and act, or
act and object, stating another fact) planted one sentence each. Two stores are filled from the
same files in the same run:

* **baseline**: ``tahqiq ingest`` of the folder with no saved checks (so no matching);
* **watch**: the 50 claims saved as checks first, then one round of ``tahqiq watch`` over the
  folder, which ingests the same files and matches every new article against the claims.

The difference of the two CPU times is what matching costs; articles/s of matching is the stream's
size over it. Recall is the share of planted rewordings alerted for their claim; the false-alert
rate is the share of alerts that are not a planted rewording of their claim (decoys, background
articles, another claim's rewording). CPU time counts this process and its ingest workers.

``--sweep`` prints recall and false alerts over a grid of thresholds, from the candidates of the
watch store, which is how :mod:`tahqiq.api.claimmatch`'s constants were set (seed 1); the figures
to report come from another seed (2, the default).

    .venv/bin/python benchmarks/bench_watch.py --articles 5000
    .venv/bin/python benchmarks/bench_watch.py --articles 2000 --seed 1 --sweep
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import tahqiq
from tahqiq.api import Tahqiq
from tahqiq.api.claimmatch import LEXICAL_MATCH, LEXICAL_WEIGHT, MATCH_SCORE, match_score
from tahqiq.fixtures import synthetic_articles, write_jsonl
from tahqiq.records import CheckReport, Verdict
from tahqiq.watch import Watch
from tahqiq.watch.planted import PlantedStream, planted_stream

T = TypeVar("T")
FILE_ARTICLES = 1000  # articles per dropped JSON Lines file, as a fetcher might write them


def cpu() -> float:
    self_ = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return self_.ru_utime + self_.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn: Callable[[], T]) -> tuple[T, float, float]:
    c, w = cpu(), time.perf_counter()
    result = fn()
    return result, cpu() - c, time.perf_counter() - w


def save_claims(tq: Tahqiq, claims: list[str]) -> dict[int, int]:
    """Save each claim as a check with no evidence (what matching reads of a check is its claim)."""
    ids: dict[int, int] = {}
    for n, claim in enumerate(claims):
        report = CheckReport(claim, Verdict("unverified", 0.0, ""), (), (), "2026-01-01T00:00:00+00:00")
        ids[tq.save_check(report)] = n
    return ids


def score(
    stream: PlantedStream, by_source: dict[int, int], found: set[tuple[int, int]]
) -> tuple[float, float, int, int]:
    """(recall, false-alert rate, true, false) of ``found`` (claim no., stream article no.) pairs."""
    reworded = {(n, i) for i, (n, kind) in stream.planted.items() if kind == "reword"}
    true = len(found & reworded)
    false = len(found - reworded)
    return true / max(1, len(reworded)), false / max(1, len(found)), true, false


def stream_for(args: argparse.Namespace) -> PlantedStream:
    return planted_stream(
        args.articles,
        claims_n=args.claims,
        rewordings=args.rewordings,
        decoys=args.rewordings,
        seed=args.seed,
    )


def warm_up(tmp: Path) -> None:
    """Pay the one-time costs (lexicons, models, index writers) on other articles, off the clock."""
    warm = write_jsonl(tmp / "warm" / "warm.jsonl", synthetic_articles(200, seed=99))
    with tahqiq.open(tmp / "warm.db") as tq:
        save_claims(tq, ["القوات الأمريكية تدرب منشقين عن داعش في الحسكة"])
        tq.ingest([str(warm)])


def phase(args: argparse.Namespace) -> dict[str, float]:
    """One measured run in this (fresh) process: the baseline ingest plus matching alone, or the watch."""
    tmp, folder = Path(args.tmp), Path(args.tmp) / "drop"
    warm_up(tmp)
    stream = stream_for(args)
    with tahqiq.open(tmp / f"{args.phase}.db") as tq:
        if args.phase == "baseline":
            _, base_cpu, base_wall = timed(lambda: tq.ingest([str(folder)]))
            # Matching alone, on the same stored articles: the claims saved, every article matched.
            save_claims(tq, stream.claims)
            ids = tq.store.article_ids()
            _, match_cpu, match_wall = timed(lambda: tq.match_claims(ids))
            return {
                "base_cpu": base_cpu,
                "base_wall": base_wall,
                "match_cpu": match_cpu,
                "match_wall": match_wall,
            }
        check_no = save_claims(tq, stream.claims)
        done, watch_cpu, watch_wall = timed(Watch(tq, [str(folder)], settle=0.0).round)
        by_article = {a.id: int(a.metadata["stream_no"]) for a in tq.store.iter_articles()}
        found = {(check_no[a.check_id], by_article[a.article_id]) for a in done.alerts}
        recall, false_rate, true, false = score(stream, by_article, found)
        if args.sweep:
            sweep(tq, stream, check_no, by_article)
        return {
            "watch_cpu": watch_cpu,
            "watch_wall": watch_wall,
            "alerts": len(done.alerts),
            "true": true,
            "false": false,
            "recall": recall,
            "false_rate": false_rate,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--claims", type=int, default=50)
    parser.add_argument("--rewordings", type=int, default=4)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--phase", choices=("baseline", "watch"), help=argparse.SUPPRESS)
    parser.add_argument("--tmp", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:  # a measured run, in a process of its own so no cache of the other run helps it
        print(json.dumps(phase(args)))
        return

    stream = stream_for(args)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "drop"
        for start in range(0, len(stream.articles), FILE_ARTICLES):
            chunk = stream.articles[start : start + FILE_ARTICLES]
            records = [{**r, "stream_no": start + k} for k, r in enumerate(chunk)]
            write_jsonl(folder / f"feed_{start // FILE_ARTICLES:05d}.jsonl", records)
        r: dict[str, float] = {}
        for name in ("baseline", "watch"):
            argv = [sys.executable, __file__, *sys.argv[1:], "--phase", name, "--tmp", tmp]
            run = subprocess.run(argv, check=True, stdout=subprocess.PIPE, text=True)
            *shown, last = run.stdout.strip().split("\n")
            if shown:
                print("\n".join(shown))
            r.update(json.loads(last))

    n = args.articles
    planted = sum(1 for _, kind in stream.planted.values() if kind == "reword")
    print(
        f"stream: {n} articles, {len(stream.claims)} claims, {len(stream.planted)} planted (seed {args.seed})"
    )
    print(
        f"baseline ingest, no saved checks: CPU {r['base_cpu']:.1f} s, wall {r['base_wall']:.1f} s, "
        f"{n / r['base_cpu']:.0f}/CPU-s"
    )
    print(
        f"matching alone (stored articles): CPU {r['match_cpu']:.1f} s, wall {r['match_wall']:.1f} s, "
        f"{n / r['match_cpu']:.0f}/CPU-s"
    )
    print(
        f"watch round (ingest + matching):  CPU {r['watch_cpu']:.1f} s, wall {r['watch_wall']:.1f} s, "
        f"{n / r['watch_cpu']:.0f}/CPU-s; CPU ratio to the baseline ingest "
        f"{r['watch_cpu'] / r['base_cpu']:.2f}"
    )
    print(
        f"alerts {r['alerts']:.0f}: {r['true']:.0f} of {planted} planted rewordings, {r['false']:.0f} others"
    )
    print(
        f"recall {r['recall']:.3f} (target >= 0.95); "
        f"false alerts {r['false_rate']:.3f} of alerts (target <= 0.05)"
    )
    print(f"thresholds: score {MATCH_SCORE}, lexical weight {LEXICAL_WEIGHT}, lexical-only {LEXICAL_MATCH}")


def sweep(tq: Tahqiq, stream: PlantedStream, check_no: dict[int, int], by_article: dict[int, int]) -> None:
    """Recall and false alerts over a grid of (lexical weight, threshold), from every candidate."""
    index = tq.claim_index()
    assert index is not None
    ids = sorted(by_article)
    rows = []
    for start in range(0, len(ids), 500):
        articles = tq.store.get_many(ids[start : start + 500])
        pairs = [(a, tq.store.sentences(a)) for a in articles]
        for a, n, _, soft, cos in index.scored(pairs):
            rows.append((check_no[index.claims[n].check_id], by_article[pairs[a][0].id], soft, cos))
    print(f"sweep over {len(rows)} candidate sentences", file=sys.stderr)
    for weight in (0.3, 0.4, 0.5, 0.6, 0.7, 1.0):
        for threshold in (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8):
            found = {(n, i) for n, i, soft, cos in rows if match_score(soft, cos, weight) >= threshold}
            recall, false_rate, _, false = score(stream, by_article, found)
            grid = f"weight {weight:.1f} threshold {threshold:.2f}"
            print(f"  {grid}: recall {recall:.3f} false {false_rate:.3f} ({false})", file=sys.stderr)


if __name__ == "__main__":
    main()
