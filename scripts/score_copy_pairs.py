"""Score the copy pairs ``reuse`` and ``store_copies`` report against judgements made by reading them.

Why a script and not ``tahqiq eval``: the judgements are of pairs one store reports, so the score
needs that store rebuilt exactly (every distinct page of the Baly et al. 2018 development fold,
written as :func:`tahqiq.evaluation.end_to_end.write_corpus` writes it, URLs included) and then
asks two questions of it:

* **precision**: of the judged cross-outlet pairs still reported, the share judged real reuse
  (one report's text copied, or shared wire text), not furniture, boilerplate, a set phrase or a
  coincidence; and the share of judged pairs still reported at all;
* **12-gram recall**: every run of ``GUARANTEED_WORDS`` (12) words two outlets share, found by
  brute force over all 12-grams of word keys, should be in a reported pair unless it is one
  site's or platform's furniture, which the copy scan leaves out by design.

A judgement (one line of ``eval/provenance/copy_pairs_dev.jsonl``) is keyed by the two URLs (in
store-id order) and the first 12 words of the pair's longest passage, never the articles' text;
``real`` is the judgement and ``reason`` says why. ``--sample N`` prints a seeded sample of the
reported cross-outlet pairs to judge, with the lines to fill in.

Example: python scripts/score_copy_pairs.py            (score)
         python scripts/score_copy_pairs.py --sample 40 --seed 11
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import tahqiq
from tahqiq.evaluation.baly import read_baly_claims
from tahqiq.evaluation.end_to_end import write_corpus
from tahqiq.provenance.copies import compute_fingerprint, copied_passages
from tahqiq.provenance.furniture import url_domain
from tahqiq.provenance.reuse import store_copies
from tahqiq.records import Article, CopiedPassage
from tahqiq.store import Store
from tahqiq.store.copyindex import shared_pairs
from tahqiq.text.fingerprints import GUARANTEED_WORDS

DEV_FOLD = Path("/work/shared/data/baly2018_dev")
JUDGEMENTS = Path(__file__).resolve().parents[1] / "eval" / "provenance" / "copy_pairs_dev.jsonl"
KEY_WORDS = 12  # words of a passage that name it in a judgement
SEED = 11

Pairs = dict[tuple[int, int], list[CopiedPassage]]


@dataclass(frozen=True)
class Score:
    """How the judged pairs fare on the store as the code reports it now."""

    judged: int
    still_reported: int
    real_reported: int
    real_judged: int

    @property
    def precision(self) -> float:
        return self.real_reported / self.still_reported if self.still_reported else 0.0

    @property
    def kept(self) -> float:
        return self.still_reported / self.judged if self.judged else 0.0


def passage_key(text: str) -> str:
    return " ".join(text.split()[:KEY_WORDS])


def cross_outlet_pairs(store: Store) -> tuple[dict[int, Article], Pairs]:
    """Every article by id, and the copied passages of each pair of different URL domains."""
    arts = {a.id: a for a in store.iter_articles()}
    pairs: Pairs = defaultdict(list)
    for p in store_copies(store).passages:
        a, b = p.articles
        da, db = url_domain(arts[a].url), url_domain(arts[b].url)
        if da and db and da != db:
            pairs[p.articles].append(p)
    return arts, dict(pairs)


def score(judgements: Iterable[dict[str, object]], arts: dict[int, Article], pairs: Pairs) -> Score:
    """Match each judgement to a reported pair by URLs and passage key; count what still holds."""
    by_urls: dict[tuple[str | None, str | None], list[CopiedPassage]] = {
        (arts[a].url, arts[b].url): ps for (a, b), ps in pairs.items()
    }
    judged = reported = real_reported = real = 0
    for j in judgements:
        judged += 1
        real += bool(j["real"])
        key = (str(j["url_a"]), str(j["url_b"]))
        passages = by_urls.get(key) or [p for p in by_urls.get((key[1], key[0]), [])]
        wanted = " ".join(str(j["passage"]).split()[:6])
        # The pair still counts when any of its passages still holds the judged words: an
        # alignment change may start the passage a word earlier or later.
        if any(wanted in " ".join(p.passage.split() + p.passage_other.split()) for p in passages):
            reported += 1
            real_reported += bool(j["real"])
    return Score(judged, reported, real_reported, real)


def ngram_recall(store: Store, arts: dict[int, Article], pairs: Pairs) -> dict[str, int]:
    """Brute-force 12-grams shared by two URL domains vs the pairs reported.

    A pair the scan leaves out is either paired only through hashes more than ``POSTINGS_CAP``
    articles carry (boilerplate, skipped by design), or aligned and its passages dropped as page
    furniture (by design); anything else is a miss of the copy index.
    """
    prints = {aid: compute_fingerprint(aid, a.text) for aid, a in arts.items()}
    owners: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for aid, fp in prints.items():
        keys = fp.keys
        for i in range(len(keys) - GUARANTEED_WORDS + 1):
            owners[tuple(keys[i : i + GUARANTEED_WORDS])].add(aid)
    shared: set[tuple[int, int]] = set()
    for ids in owners.values():
        if len(ids) < 2:
            continue
        ordered = sorted(ids)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                da, db = url_domain(arts[a].url), url_domain(arts[b].url)
                if da and db and da != db:
                    shared.add((a, b))
    found = shared & set(pairs)
    missed = sorted(shared - found)
    candidates = shared_pairs(store).pairs
    skipped = [pair for pair in missed if pair not in candidates]
    furniture = sum(1 for a, b in missed if (a, b) in candidates and copied_passages(prints[a], prints[b]))
    return {
        "pairs_sharing_12_words": len(shared),
        "reported": len(found),
        "left_out_as_furniture": furniture,
        "boilerplate_hashes_only": len(skipped),
        "missed": len(missed) - furniture - len(skipped),
    }


def sample(arts: dict[int, Article], pairs: Pairs, n: int, seed: int) -> list[dict[str, object]]:
    """A seeded sample of reported pairs as judgement lines to fill in, with passages to read."""
    rng = random.Random(seed)
    out: list[dict[str, object]] = []
    for a, b in rng.sample(sorted(pairs), min(n, len(pairs))):
        longest = max(pairs[(a, b)], key=lambda p: p.words)
        out.append(
            {
                "url_a": arts[a].url,
                "url_b": arts[b].url,
                "passage": passage_key(longest.passage),
                "words": sum(p.words for p in pairs[(a, b)]),
                "read": [p.passage[:400] for p in pairs[(a, b)]],
            }
        )
    return out


def build_store(directory: Path) -> Path:
    corpus, _ = write_corpus(list(read_baly_claims(DEV_FOLD)), directory / "dev.jsonl")
    db = directory / "dev.db"
    with tahqiq.open(db) as tq:
        tq.ingest([str(corpus)])
    return db


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--db", type=Path, help="an already built dev-fold store (default: build one)")
    parser.add_argument("--judgements", type=Path, default=JUDGEMENTS)
    parser.add_argument("--sample", type=int, help="print this many pairs to judge instead of scoring")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--no-recall", action="store_true", help="skip the brute-force 12-gram scan")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or build_store(Path(tmp))
        with Store.open(db, readonly=True) as store:
            arts, pairs = cross_outlet_pairs(store)
            print(f"articles {len(arts)}, cross-outlet pairs reported {len(pairs)}")
            if args.sample:
                for line in sample(arts, pairs, args.sample, args.seed):
                    print(json.dumps(line, ensure_ascii=False))
                return
            s = score(read_jsonl(args.judgements), arts, pairs)
            print(
                f"judged {s.judged} (real {s.real_judged}); still reported {s.still_reported} "
                f"({s.kept:.0%}); precision {s.precision:.2f} ({s.real_reported}/{s.still_reported})"
            )
            if not args.no_recall:
                print("12-gram recall:", json.dumps(ngram_recall(store, arts, pairs)))


if __name__ == "__main__":
    main()
