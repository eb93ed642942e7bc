"""Speed of persuasion-technique detection, beside a plain ingest of the same corpus in the same run.

Issue 13 lets ingest grow by at most 15% once it finds techniques, so the figure that matters is
the time :func:`tahqiq.text.persuasion.find_techniques` takes over a corpus divided by the time
``tahqiq ingest`` takes for that corpus without it. Measured here, in one process:

- find_techniques on each sentence of the sample reports (:func:`tahqiq.fixtures.sample_sentences`),
  many rounds: sentences per second;
- a plain ingest of N synthetic articles (:func:`tahqiq.fixtures.synthetic_articles`) into a fresh
  store: wall and CPU seconds (the main process and its analysis workers);
- find_techniques over the title and text of the same N articles: with its own sentence split
  and words, with the sentences given, and with sentences and words given (ingest has both
  already): sentences per second and the ratio of its CPU time to the ingest's;
- ingest as shipped (spans found and stored with each article) against ingest with detection
  switched off (``technique_rows`` stubbed, in the main process and the forked workers alike),
  alternated ``--pairs`` times into fresh stores: the ratio of the medians, wall and CPU. The exit
  status is 1 when that CPU ratio is over 1.15, the bound the issue sets.

Usage: ``python benchmarks/bench_persuasion.py [--articles 2000] [--rounds 20] [--pairs 3] [--out DIR]``
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import tahqiq
from tahqiq.fixtures import sample_sentences, synthetic_articles, write_jsonl
from tahqiq.ingest import analysis
from tahqiq.store import db
from tahqiq.text import split_sentences
from tahqiq.text.persuasion import find_techniques, load_model
from tahqiq.text.tokens import word_spans

LIMIT = 0.15  # issue 13: ingest stays within 15% of its speed


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(fn: Any) -> tuple[Any, float, float]:
    """``(result, wall seconds, CPU seconds of this process and its children)``."""
    wall, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu + _children_cpu() - children


def _no_spans(*args: Any, **kwargs: Any) -> tuple[tuple[Any, ...], int]:
    return (), 0


def ingest_once(corpus: Path, store: Path, *, persuasion: bool) -> tuple[float, float]:
    """Wall and CPU seconds of one ingest of ``corpus`` into a fresh ``store``."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(store) + suffix).unlink(missing_ok=True)
    shutil.rmtree(str(store) + ".index", ignore_errors=True)
    real = analysis.technique_rows, db.technique_rows
    if not persuasion:
        analysis.technique_rows = db.technique_rows = _no_spans  # type: ignore[assignment]
    try:
        with tahqiq.open(store) as tq:
            _, wall, cpu = timed(lambda: tq.ingest([str(corpus)]))
    finally:
        analysis.technique_rows, db.technique_rows = real
    return wall, cpu


def ingest_with_and_without(corpus: Path, out: Path, pairs: int) -> dict[str, Any]:
    """Ingest with and without persuasion detection, alternated, and the ratio of the medians."""
    runs: dict[str, list[tuple[float, float]]] = {"without": [], "with": []}
    for _ in range(pairs):
        for name in ("without", "with"):
            runs[name].append(ingest_once(corpus, out / f"pair_{name}.db", persuasion=name == "with"))
    median = {
        name: (statistics.median(w for w, _ in r), statistics.median(c for _, c in r))
        for name, r in runs.items()
    }
    return {
        "pairs": pairs,
        "runs": {name: [{"wall_s": w, "cpu_s": c} for w, c in r] for name, r in runs.items()},
        "median_wall_s": {name: m[0] for name, m in median.items()},
        "median_cpu_s": {name: m[1] for name, m in median.items()},
        "ratio_wall": median["with"][0] / median["without"][0],
        "ratio_cpu": median["with"][1] / median["without"][1],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=20, help="passes over the sample sentences")
    parser.add_argument("--pairs", type=int, default=3, help="ingests with and without detection, each")
    parser.add_argument(
        "--out", type=Path, default=None, help="folder for the corpus, the store and results.json"
    )
    args = parser.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="bench_persuasion_"))
    out.mkdir(parents=True, exist_ok=True)
    load_model()  # loading is paid once per process, not per article

    sentences = sample_sentences()
    _, wall, cpu = timed(lambda: [find_techniques(s) for _ in range(args.rounds) for s in sentences])
    n_sample = len(sentences) * args.rounds
    flagged = sum(1 for s in sentences if find_techniques(s))

    articles = list(synthetic_articles(args.articles))
    corpus = write_jsonl(out / "corpus.jsonl", articles)
    store = out / "store.db"
    store.unlink(missing_ok=True)

    def ingest() -> Any:
        with tahqiq.open(store) as tq:
            return tq.ingest([str(corpus)])

    summary, ingest_wall, ingest_cpu = timed(ingest)
    texts = [f"{a['title']}\n{a['text']}" for a in articles]
    splits = [[(s.start, s.end) for s in split_sentences(t)] for t in texts]
    tokens = [word_spans(t) for t in texts]
    n_corpus = sum(len(s) for s in splits)
    spans, own_wall, own_cpu = timed(lambda: [find_techniques(t) for t in texts])
    _, given_wall, given_cpu = timed(
        lambda: [find_techniques(t, s) for t, s in zip(texts, splits, strict=True)]
    )
    _, shared_wall, shared_cpu = timed(
        lambda: [find_techniques(t, s, w) for t, s, w in zip(texts, splits, tokens, strict=True)]
    )
    with_lexicon = sum(1 for found in spans for s in found if s.cue != "model")

    results = {
        "sample_sentences": {
            "n": n_sample,
            "per_second": n_sample / wall,
            "cpu_s": cpu,
            "flagged": flagged,
            "of": len(sentences),
        },
        "articles": args.articles,
        "ingested": len(getattr(summary, "added", ())),
        "ingest": {"wall_s": ingest_wall, "cpu_s": ingest_cpu},
        "find_techniques": {
            "sentences": n_corpus,
            "own_split": {"wall_s": own_wall, "cpu_s": own_cpu, "sentences_per_second": n_corpus / own_wall},
            "given_split": {
                "wall_s": given_wall,
                "cpu_s": given_cpu,
                "sentences_per_second": n_corpus / given_wall,
            },
            "given_split_and_words": {
                "wall_s": shared_wall,
                "cpu_s": shared_cpu,
                "sentences_per_second": n_corpus / shared_wall,
            },
            "lexicon_spans": with_lexicon,
            "model_spans": sum(len(found) for found in spans) - with_lexicon,
        },
        "ratio_cpu_given_split_and_words": shared_cpu / ingest_cpu,
        "ratio_cpu_given_split": given_cpu / ingest_cpu,
        "ratio_cpu_own_split": own_cpu / ingest_cpu,
        "limit": LIMIT,
        "ingest_with_and_without": ingest_with_and_without(corpus, out, args.pairs),
    }
    (out / "results.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(
        f"sample sentences:  {n_sample / wall:,.0f}/s ({cpu:.2f} CPU-s); "
        f"{flagged} of {len(sentences)} with a span"
    )
    print(f"ingest:            {args.articles} articles, {ingest_wall:.2f}s wall, {ingest_cpu:.2f} CPU-s")
    print(
        f"find_techniques:   {n_corpus:,} sentences, {n_corpus / own_wall:,.0f}/s own split, "
        f"{n_corpus / given_wall:,.0f}/s given split"
    )
    print(
        f"ratio to ingest:   {results['ratio_cpu_given_split_and_words']:.1%} (sentences and words given), "
        f"{results['ratio_cpu_given_split']:.1%} (sentences given), "
        f"{results['ratio_cpu_own_split']:.1%} (own split); limit {LIMIT:.0%}"
    )
    pair = results["ingest_with_and_without"]
    wall, cpu = pair["median_wall_s"], pair["median_cpu_s"]
    print(
        f"ingest with / without detection (median of {pair['pairs']} each): "
        f"{wall['with']:.2f} / {wall['without']:.2f} s wall = {pair['ratio_wall']:.3f}, "
        f"{cpu['with']:.2f} / {cpu['without']:.2f} CPU-s = {pair['ratio_cpu']:.3f}; limit {1 + LIMIT:.2f}"
    )
    print(f"results in {out / 'results.json'}")
    return 0 if pair["ratio_cpu"] <= 1 + LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
