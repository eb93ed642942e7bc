"""Print a seeded sample of reported cross-outlet copy pairs, before and after the furniture filter.

The pairs are read by eye: a pair is real reuse when the two articles share a passage of one
report (a wire story, a statement, a paragraph), not a site's menu or footer, a widget, a date
strip or a set phrase any report may contain. Usage::

    python scripts/judge_copies.py --data '/work/shared/data/baly2018_dev/dataset/*.json' \\
        --workdir /tmp/judge --sample 45 --seed 1

The articles (fields ``article`` and ``url`` of Baly et al. 2018 claim files) are written as JSON
Lines with ``text`` and ``url``, as ``tahqiq eval --end-to-end`` does, and ingested into a fresh
store under ``--workdir``; every copy link in the store is then found with the copy index. The
script also checks that every passage of 12 or more words that two outlets share is still there
unless it is furniture, and prints what the filter dropped and why.
"""

from __future__ import annotations

import argparse
import glob
import json
import random
from collections import Counter, defaultdict
from pathlib import Path

import tahqiq
from tahqiq.provenance.furniture import Furniture, article_outlet
from tahqiq.provenance.reuse import store_copies
from tahqiq.records import Article, CopiedPassage
from tahqiq.text.fingerprints import GUARANTEED_WORDS


def write_corpus(pattern: str, path: Path) -> int:
    """Each distinct article once as a JSON Lines record with ``text`` and ``url``; how many."""
    seen: set[str] = set()
    with path.open("w", encoding="utf-8") as out:
        for name in sorted(glob.glob(pattern)):
            record = json.loads(Path(name).read_text(encoding="utf-8"))
            for text, url in zip(record["article"], record["url"], strict=False):
                if text in seen:
                    continue
                seen.add(text)
                out.write(json.dumps({"text": text, "url": url}, ensure_ascii=False) + "\n")
    return len(seen)


def show(
    pairs: dict[tuple[int, int], list[CopiedPassage]], arts: dict[int, Article], n: int, seed: int
) -> None:
    rng = random.Random(seed)
    for k in rng.sample(sorted(pairs), min(n, len(pairs))):
        print(f"===== {k} {article_outlet(arts[k[0]])} | {article_outlet(arts[k[1]])}")
        for p in pairs[k]:
            print(f"  [{p.words}] {p.passage[:240]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", default="/work/shared/data/baly2018_dev/dataset/*.json")
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--sample", type=int, default=45)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--which", choices=("before", "after", "both"), default="both")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    db = args.workdir / "judge.db"
    if not db.exists():
        corpus = args.workdir / "articles.jsonl"
        print("articles written:", write_corpus(args.data, corpus))
        with tahqiq.open(db) as tq:
            tq.ingest([str(corpus)])
    with tahqiq.open(db) as tq:
        store = tq.store
        arts = {a.id: a for a in store.iter_articles()}
        found = store_copies(store)
        furniture = Furniture(store, arts.values())
        before: dict[tuple[int, int], list[CopiedPassage]] = defaultdict(list)
        after: dict[tuple[int, int], list[CopiedPassage]] = defaultdict(list)
        why: Counter[str] = Counter()
        lost_long: list[CopiedPassage] = []
        for p in found.passages:
            before[p.articles].append(p)
            reason = furniture.why_dropped(p)
            why[reason or "kept"] += 1
            if reason is None:
                after[p.articles].append(p)
            elif reason != "same outlet" and p.words >= GUARANTEED_WORDS:
                lost_long.append(p)
        outlets = {i: article_outlet(a) for i, a in arts.items()}
        cross_before = {k: v for k, v in before.items() if outlets[k[0]] != outlets[k[1]]}
        with_furniture = sum(1 for a in arts.values() if furniture.article(a).words)
        print(f"articles {len(arts)}, with learned furniture {with_furniture}")
        print(f"passages {len(found.passages)}: {dict(why)}")
        print(f"pairs before {len(before)} (cross-outlet {len(cross_before)}), after {len(after)}")
        linked = {i for pair in before for i in pair}, {i for pair in after for i in pair}
        print(f"articles with a copy link before {len(linked[0])}, after {len(linked[1])}")
        sentences = {a.id: store.sentences(a) for a in arts.values()}
        hidden = sum(len(s) - len(furniture.prose(arts[i], s)) for i, s in sentences.items())
        total = sum(len(s) for s in sentences.values())
        print(f"furniture sentences kept from the stance model: {hidden} of {total}")
        print(f"cross-outlet passages of {GUARANTEED_WORDS}+ words dropped as furniture: {len(lost_long)}")
        for p in lost_long:
            print(f"  dropped {p.articles} [{p.words}] {p.passage[:160]!r}")
        if args.which in ("before", "both"):
            print("\n### BEFORE: sample of all cross-outlet pairs")
            show(cross_before, arts, args.sample, args.seed)
        if args.which in ("after", "both"):
            print("\n### AFTER: sample of the pairs the filter keeps")
            show(after, arts, args.sample, args.seed)


if __name__ == "__main__":
    main()
