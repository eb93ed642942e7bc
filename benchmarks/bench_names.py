"""Speed of the name recogniser beside what ingest already spends on the same text.

The issue asks that ingest with names stays within 15% of ingest without them. This measures,
in one run and one process:

- ``find_names`` on the sample reports' sentences (:func:`tahqiq.fixtures.sample_sentences`):
  tokens and sentences per CPU-second, first with empty caches (a fresh model) and then warm;
- the baseline on the same sentences: tahqiq's sentence splitting and stemming
  (:func:`tahqiq.text.split_sentences`, :func:`tahqiq.text.stem`), which ingest runs anyway;
- a full ``tahqiq ingest`` of a generated corpus (:func:`tahqiq.fixtures.synthetic_articles`)
  into a fresh store, CPU of the main process and its analysis workers, against
  ``find_names`` over the titles and texts of the same articles with a fresh model. The ratio
  of the two is what names would add to ingest.

Usage: ``python benchmarks/bench_names.py [--articles 2000] [--repeats 5] [--out DIR]``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import tahqiq
from tahqiq.fixtures import sample_sentences, synthetic_articles, write_jsonl
from tahqiq.text import split_sentences, stem, tokenize, words
from tahqiq.text.names import META_FILE, MODEL_DIR, WEIGHTS_FILE, NameModel, model_arrays, model_from_arrays

ROOT = Path(__file__).resolve().parents[1]


def fresh_model() -> NameModel:
    """The shipped model read anew, so its per-word caches start empty."""
    folder = ROOT / "src" / "tahqiq" / MODEL_DIR
    meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    return model_from_arrays(model_arrays((folder / WEIGHTS_FILE).read_bytes()), meta)


def cpu_of(run: Callable[[], object]) -> float:
    start = time.process_time()
    run()
    return time.process_time() - start


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def split_and_stem(texts: Sequence[str]) -> None:
    for text in texts:
        split_sentences(text)
        for word in words(text):
            stem(word)


def sentences_bench(repeats: int) -> None:
    texts = sample_sentences()
    n_tokens = sum(len(tokenize(t)) for t in texts)
    model = fresh_model()
    cold = cpu_of(lambda: [model.find(t) for t in texts])
    warm = min(cpu_of(lambda: [model.find(t) for t in texts]) for _ in range(repeats))
    base = min(cpu_of(lambda: split_and_stem(texts)) for _ in range(repeats))
    print(f"sample sentences: {len(texts)} sentences, {n_tokens} tokens")
    for name, cpu in (("names, cold caches", cold), ("names, warm", warm), ("split + stem (baseline)", base)):
        rates = f"{n_tokens / cpu:10,.0f} tokens/s  {len(texts) / cpu:9,.0f} sentences/s"
        print(f"  {name:<24}{cpu * 1000:8.1f} ms  {rates}")
    print(f"  names / baseline (warm): {warm / base:.2f}×")


def ingest_bench(n_articles: int, out: Path) -> None:
    corpus = write_jsonl(out / "names_corpus.jsonl", synthetic_articles(n_articles))
    db = out / "names_bench.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    wall, cpu, children = time.perf_counter(), time.process_time(), children_cpu()
    with tahqiq.open(db) as tq:
        summary = tq.ingest([str(corpus)])
    ingest_wall = time.perf_counter() - wall
    ingest_cpu = time.process_time() - cpu + children_cpu() - children
    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    texts = [f"{r['title']}\n{r['text']}" for r in records]
    model = fresh_model()
    wall = time.perf_counter()
    names_cpu = cpu_of(lambda: [model.find(t) for t in texts])
    names_wall = time.perf_counter() - wall
    found = sum(len(model.find(t)) for t in texts[:200])
    print(f"ingest of {len(summary.added)} generated articles ({os.cpu_count()} cores):")
    print(f"  tahqiq ingest            {ingest_wall:7.1f} s wall  {ingest_cpu:7.1f} CPU-s (with workers)")
    print(f"  find_names, same texts   {names_wall:7.1f} s wall  {names_cpu:7.1f} CPU-s ({found} in 200)")
    cpu_ratio, wall_ratio = names_cpu / ingest_cpu, names_wall / ingest_wall
    print(f"  names / ingest: {cpu_ratio:.3f} of CPU, {wall_ratio:.3f} of wall time")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None, help="folder for the corpus and store (temporary)")
    args = parser.parse_args(argv)
    sentences_bench(args.repeats)
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        ingest_bench(args.articles, args.out)
    else:
        with tempfile.TemporaryDirectory() as folder:
            ingest_bench(args.articles, Path(folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
