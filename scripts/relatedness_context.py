"""Does the claim's candidate set tell *discuss* from *unrelated*? A measurement on the Baly dev fold.

Whether an article discusses a claim or only shares its words may depend on the other articles
retrieved for it: how far it sits from the best one, whether it covers the same story as the
articles that take a stance. This script builds one store of every article of the fold (the
end-to-end evaluation's store), checks every claim, and measures two uses of such set-level
features, each scored by claim-level cross-validation (five claim folds; a logistic model
fitted on four, scored on the fifth):

1. **Decision.** Among the articles ``check`` weighs whose gold label is discuss or unrelated:
   ROC-AUC of the shipped model's P(related) alone, of each set-level feature (rank, gap to the
   best P(related) of the set, story similarity (``tahqiq.stance.context``) to the other weighed
   articles and to those judged agree/disagree, share of the claim's stems the article holds),
   and of a logistic model on P(related) plus all of them. The end-to-end 4-class macro-F1 of
   the model alone, with the story share at the shipped threshold, and with the threshold
   chosen on four claim folds and scored on the fifth.
2. **Ranking.** Recall@10 of the claim's gold related articles (agree, disagree, discuss) in the
   shipped ranking, and in the same pool (``RERANK_DEPTH`` deep) re-ordered by a logistic
   model over the ranking's own score, its share of the best score, the rank, and the
   similarity to the top three candidates (pseudo-relevance feedback).

The shipped check uses neither: see docs/models.md for the figures and why.

Example: .venv/bin/python scripts/relatedness_context.py
"""

from __future__ import annotations

import argparse
import math
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from train_models import fit_softmax

from tahqiq.api import Tahqiq
from tahqiq.check import check_claim
from tahqiq.evaluation import iter_claims
from tahqiq.evaluation.end_to_end import ids_by_line, write_corpus
from tahqiq.evaluation.metrics import classification_report
from tahqiq.records import STANCES, Article, CheckReport
from tahqiq.retrieve import RERANK_DEPTH
from tahqiq.stance import load_model
from tahqiq.stance.context import STORY_SHARE, TEXT_CHARS, article_vector, cosine, in_context, story_shares
from tahqiq.store import Store
from tahqiq.text import stems

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "baly2018_dev"
FOLDS = 5
RELATED = ("agree", "disagree", "discuss")
SET_FEATURES = ("rank", "gap", "sim_set", "sim_stance", "claim_share")
THRESHOLDS = tuple(round(0.04 + 0.02 * i, 2) for i in range(18))  # the story-share grid, 0.04–0.38


class Similarity:
    """Cosine between two stored articles' story vectors (:mod:`tahqiq.stance.context`), cached."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self.vectors = {a.id: article_vector(a) for a in articles}

    def __call__(self, a: int, b: int) -> float:
        return cosine(self.vectors[a], self.vectors[b])


def auc(y: np.ndarray, s: np.ndarray) -> float:
    """ROC-AUC by counting pairs (ties count half)."""
    pos, neg = s[y == 1], s[y == 0]
    if not len(pos) or not len(neg):
        return float("nan")
    return float((pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean())


def cross_validated(x: np.ndarray, y: np.ndarray, claim_of: Sequence[str]) -> np.ndarray:
    """Held-out logit of class 1 for each row: fitted on the other claim folds."""
    claims = sorted(set(claim_of))
    fold = {c: i % FOLDS for i, c in enumerate(claims)}
    x = (x - x.mean(axis=0)) / (x.std(axis=0) + 1e-9)
    out = np.zeros(len(y))
    for f in range(FOLDS):
        train = np.array([fold[c] != f for c in claim_of])
        w, b = fit_softmax(x[train].astype(np.float32), y[train], 2)
        out[~train] = (x[~train] @ w.T + b)[:, 1] - (x[~train] @ w.T + b)[:, 0]
    return out


def decision_rows(
    report: CheckReport, gold: dict[int, str], sim: Similarity, claim_stems: set[str]
) -> list[tuple[list[float], int]]:
    """One row per weighed article labelled discuss or unrelated: P(related), then SET_FEATURES."""
    ev = report.evidence
    related = [1.0 - e.stance.scores["unrelated"] for e in ev]
    best = max(related, default=0.0)
    rows = []
    for k, e in enumerate(ev):
        label = gold.get(e.article.id)
        if label not in ("discuss", "unrelated"):
            continue
        others = [o.article.id for o in ev if o.article.id != e.article.id]
        stance = [o.article.id for o in ev if o.article.id != e.article.id and o.stance.stance in RELATED[:2]]
        own = set(stems(e.article.title + " " + e.article.text[:TEXT_CHARS]))
        feats = [
            related[k],
            -math.log(k + 1),
            related[k] - best,
            float(np.mean([sim(e.article.id, o) for o in others])) if others else 0.0,
            max((sim(e.article.id, o) for o in stance), default=0.0),
            len(own & claim_stems) / max(1, len(claim_stems)),
        ]
        rows.append((feats, int(label == "discuss")))
    return rows


def ranking_rows(pool: Sequence[tuple[int, float]], sim: Similarity) -> list[list[float]]:
    """Per pooled article: score, share of the best score, log rank, similarity to the top three."""
    top = [aid for aid, _ in pool[:3]]
    best = pool[0][1] if pool and pool[0][1] > 0 else 1.0
    rows = []
    for rank, (aid, score) in enumerate(pool):
        near = [sim(aid, t) for t in top if t != aid]
        rows.append([score, score / best, -math.log(rank + 1), float(np.mean(near)) if near else 1.0])
    return rows


def recall_at(order: Sequence[int], gold: set[int], k: int = 10) -> float:
    return len(gold & set(order[:k])) / len(gold)


Checked = tuple[CheckReport, list[float], list[tuple[int | None, str]]]  # report, shares, gold pairs


def labelled(checked: Sequence[Checked], threshold: float | None) -> tuple[list[str], list[str]]:
    """Gold and predicted labels of every gold pair (an unweighed article counts as unrelated), with
    the story-share step at ``threshold`` (None: the stances as the model read them alone)."""
    gold, pred = [], []
    for report, shares, pairs in checked:
        seen = {
            e.article.id: (e.stance if threshold is None else in_context(e.stance, share, threshold)).stance
            for e, share in zip(report.evidence, shares, strict=True)
        }
        for article_id, label in pairs:
            gold.append(label)
            pred.append(seen.get(article_id, "unrelated") if article_id is not None else "unrelated")
    return gold, pred


def macro_f1(checked: Sequence[Checked], threshold: float | None) -> float:
    return classification_report(*labelled(checked, threshold), STANCES).macro_f1


def held_out_f1(checked: Sequence[Checked]) -> tuple[float, list[float]]:
    """Macro-F1 with the threshold chosen on four claim folds and applied to the fifth."""
    chosen: list[float] = []
    gold: list[str] = []
    pred: list[str] = []
    folds = [[c for i, c in enumerate(checked) if i % FOLDS == f] for f in range(FOLDS)]
    for f in range(FOLDS):
        train = [c for g, fold in enumerate(folds) if g != f for c in fold]
        best = max(THRESHOLDS, key=lambda t: macro_f1(train, t))
        chosen.append(best)
        g, p = labelled(folds[f], best)
        gold += g
        pred += p
    return classification_report(gold, pred, STANCES).macro_f1, chosen


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args(argv)
    claims = [c for c in iter_claims(args.data, "baly") if c.pairs]
    dec_x: list[list[float]] = []
    dec_y: list[int] = []
    dec_claim: list[str] = []
    rank_x: list[list[float]] = []
    rank_y: list[int] = []
    rank_claim: list[str] = []
    rank_ids: list[int] = []
    related_gold: dict[str, set[int]] = {}
    checked: list[Checked] = []
    with tempfile.TemporaryDirectory(prefix="tahqiq-relctx-") as tmp:
        corpus, keys = write_corpus(claims, Path(tmp) / "articles.jsonl")
        with Tahqiq(Store.open(Path(tmp) / "fold.db"), load_model()) as tq:
            tq.ingest([str(corpus)])
            tq.index(semantic=True)
            line_ids = ids_by_line(tq.store, corpus)
            article_of = {key: line_ids[line] for key, line in keys.items() if line in line_ids}
            sim = Similarity(list(tq.store.iter_articles()))
            for claim in claims:
                gold = {
                    article_of[(claim.claim_id, i)]: pair.stance or "unrelated"
                    for i, pair in enumerate(claim.pairs)
                    if (claim.claim_id, i) in article_of
                }
                report = check_claim(tq.store, claim.claim, tq.stance_model, context=False)
                checked.append(
                    (
                        report,
                        story_shares([e.article for e in report.evidence]),
                        [
                            (article_of.get((claim.claim_id, i)), p.stance or "unrelated")
                            for i, p in enumerate(claim.pairs)
                        ],
                    )
                )
                for feats, label in decision_rows(report, gold, sim, set(stems(claim.claim))):
                    dec_x.append(feats)
                    dec_y.append(label)
                    dec_claim.append(claim.claim_id)
                related_gold[claim.claim_id] = {aid for aid, label in gold.items() if label in RELATED}
                pool = [(h.article.id, h.score) for h in tq.candidates(claim.claim, RERANK_DEPTH)]
                for (aid, _), feats in zip(pool, ranking_rows(pool, sim), strict=True):
                    rank_x.append(feats)
                    rank_y.append(int(gold.get(aid) in RELATED))
                    rank_claim.append(claim.claim_id)
                    rank_ids.append(aid)
    x, y = np.array(dec_x), np.array(dec_y)
    print(f"decision: {len(y)} weighed articles labelled discuss ({int(y.sum())}) or unrelated; ROC-AUC")
    print(f"  P(related), shipped model        {auc(y, x[:, 0]):.3f}")
    for j, name in enumerate(SET_FEATURES, start=1):
        print(f"  {name:<32} {auc(y, x[:, j]):.3f}")
    print(f"  logistic, P(related) + set, claim-CV {auc(y, cross_validated(x, y, dec_claim)):.3f}")
    print(f"  logistic, set only, claim-CV         {auc(y, cross_validated(x[:, 1:], y, dec_claim)):.3f}")
    print("end-to-end 4-class stance macro-F1 over every gold pair")
    print(f"  the model alone                  {macro_f1(checked, None):.3f}")
    print(f"  story share at {STORY_SHARE} (in-sample)   {macro_f1(checked, STORY_SHARE):.3f}")
    held, chosen = held_out_f1(checked)
    print(f"  story share, claim-CV threshold  {held:.3f} (folds chose {', '.join(map(str, chosen))})")
    rx, ry = np.array(rank_x), np.array(rank_y)
    logit = cross_validated(rx, ry, rank_claim)
    shipped, learned = [], []
    for claim_id, related_total in related_gold.items():
        if not related_total:
            continue
        rows = [i for i, c in enumerate(rank_claim) if c == claim_id]
        shipped.append(recall_at([rank_ids[i] for i in rows], related_total))
        learned.append(recall_at([rank_ids[i] for i in sorted(rows, key=lambda i: -logit[i])], related_total))
    print(f"ranking: {len(shipped)} claims, pool {RERANK_DEPTH}; related recall@10 (macro)")
    print(f"  shipped ranking                  {np.mean(shipped):.3f}")
    print(f"  claim-CV logistic re-rank        {np.mean(learned):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
