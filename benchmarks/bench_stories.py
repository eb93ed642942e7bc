"""Cost of ``tahqiq stories`` on a real-sized store and on generated ones: wall, CPU, peak memory.

Why a child process per run: peak RSS (``resource.getrusage(RUSAGE_SELF).ru_maxrss``, read by the
child) is only per process, and a previous implementation that runs away (24 GB on 2,895 real pages) must be
cut off by a time limit without taking the benchmark down. ``--baseline SRC`` names the ``src``
folder of another checkout (``git worktree add /tmp/old REV``) whose implementation runs on the
same stores in the same run, for a before/after table.

Stores: (a) every distinct page of the Baly et al. (2018) development fold, written as JSON Lines
with URLs as :func:`tahqiq.evaluation.end_to_end.write_corpus` writes them; (b) ``--sizes``
generated corpora of recombined sample sentences (:func:`tahqiq.fixtures.synthetic_articles`),
where every article shares passages with many others, the worst case for copy links.

Example: python benchmarks/bench_stories.py --baseline /tmp/old/src --sizes 2000 10000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import tahqiq
from tahqiq.evaluation.baly import read_baly_claims
from tahqiq.evaluation.end_to_end import write_corpus
from tahqiq.fixtures import synthetic_articles, write_jsonl

DEV_FOLD = Path("/work/shared/data/baly2018_dev")
LIMIT_S = 300  # a run still going after five minutes is reported as cut off

_CHILD = """
import json, resource, sys, time
from tahqiq.store import Store
from tahqiq.provenance.stories import stories
with Store.open(sys.argv[1], readonly=True) as store:
    wall, cpu = time.perf_counter(), time.process_time()
    found = stories(store, limit=None)
    print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
                      "stories": len(found), "largest": max((len(s.articles) for s in found), default=0),
                      "multi_outlet": sum(1 for s in found if len(s.outlets) > 1),
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))
"""


def build(corpus: Path, db: Path) -> None:
    with tahqiq.open(db) as tq:
        tq.ingest([str(corpus)])


def run(db: Path, src: Path | None, limit: float) -> dict[str, object]:
    """Stories on ``db`` in a child process (with ``src`` first on its path); its figures or why not."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(db)], env=env, capture_output=True, text=True, timeout=limit
        )
    except subprocess.TimeoutExpired:
        return {"cut_off_after_s": limit}
    if done.returncode != 0:
        return {"failed": done.stderr.strip().splitlines()[-1:] or [str(done.returncode)]}
    out: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="src folder of the previous implementation")
    parser.add_argument("--sizes", type=int, nargs="*", default=[2000, 10000])
    parser.add_argument("--limit", type=float, default=LIMIT_S)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        stores: list[tuple[str, Path]] = []
        if DEV_FOLD.is_dir():
            corpus, _ = write_corpus(list(read_baly_claims(DEV_FOLD)), Path(tmp) / "dev.jsonl")
            stores.append(("baly-dev", corpus))
        for n in args.sizes:
            stores.append((f"generated-{n}", write_jsonl(Path(tmp) / f"gen{n}.jsonl", synthetic_articles(n))))
        for name, corpus in stores:
            db = Path(tmp) / f"{name}.db"
            t = time.perf_counter()
            build(corpus, db)
            print(f"{name}: ingested in {time.perf_counter() - t:.1f}s", flush=True)
            print(json.dumps({"store": name, "impl": "current", **run(db, None, args.limit)}), flush=True)
            if args.baseline:
                print(
                    json.dumps({"store": name, "impl": "baseline", **run(db, args.baseline, args.limit)}),
                    flush=True,
                )


if __name__ == "__main__":
    main()
