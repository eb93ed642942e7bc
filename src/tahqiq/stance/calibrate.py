"""Fitting the article combiner's gates (:class:`~tahqiq.stance.trained.Gates`) to labelled articles.

The gates are the only learnable part of a trained stance model that is cheap and safe to refit
on a handful of labels: four thresholds and a temperature, chosen by an exhaustive grid search
for macro-F1, so the fit is deterministic and cannot overfit the way refitting the pair model
would. The shipped models are calibrated with it on the Baly development fold
(``scripts/train_models.py``), and a desk model on the desk's own stance corrections.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tahqiq.records import STANCES
from tahqiq.stance.trained import ArticleEvidence, Gates, gate_probabilities

TEMPERATURES = (0.02, 0.03, 0.05, 0.07, 0.1, 0.15)
F1_SLACK = 0.01  # macro-F1 given up for better-calibrated probabilities
FOLDS = 5
GRID = (
    np.round(np.arange(0.20, 0.801, 0.025), 3),  # related
    np.round(np.arange(0.40, 1.001, 0.025), 3),  # agree (on support)
    np.round(np.arange(0.10, 1.001, 0.05), 3),  # conflict
    np.round(np.arange(0.20, 1.001, 0.05), 3),  # denial
)


@dataclass(frozen=True)
class GateFit:
    """Fitted gates with how well they fit: in sample, and with thresholds chosen on other claims."""

    gates: Gates
    macro_f1_fitted: float
    macro_f1_claim_cv: float
    nll_fitted: float


def gate_features(evidence: Sequence[ArticleEvidence]) -> np.ndarray:
    """Rows of (relatedness, support, conflict, denial): all the gates read of an article."""
    return np.array(
        [[e.relatedness, e.support, e.conflict, e.denial] for e in evidence], dtype=float
    ).reshape(-1, 4)


def macro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    """Macro-F1 over the stances present in gold or predictions."""
    scores = []
    for k in range(len(STANCES)):
        tp = float(np.sum((pred == k) & (gold == k)))
        predicted, support = float(np.sum(pred == k)), float(np.sum(gold == k))
        if not predicted and not support:
            continue
        p = tp / predicted if predicted else 0.0
        r = tp / support if support else 0.0
        scores.append(2 * p * r / (p + r) if p + r else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def _macro_f1_rows(gold: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """:func:`macro_f1` of each row of ``labels`` against ``gold``, vectorized over rows."""
    total = np.zeros(len(labels))
    present = np.zeros(len(labels))
    for k in range(len(STANCES)):
        is_gold = gold == k
        is_pred = labels == k
        tp = (is_pred & is_gold).sum(axis=1).astype(float)
        predicted = is_pred.sum(axis=1).astype(float)
        support = float(is_gold.sum())
        p = np.divide(tp, predicted, out=np.zeros_like(tp), where=predicted > 0)
        r = tp / support if support else np.zeros_like(tp)
        f1 = np.divide(2 * p * r, p + r, out=np.zeros_like(tp), where=(p + r) > 0)
        counted = (predicted > 0) | (support > 0)
        total += np.where(counted, f1, 0.0)
        present += counted
    return np.divide(total, present, out=np.zeros_like(total), where=present > 0)


def labels_at(feats: np.ndarray, th: Sequence[float], temperature: float) -> np.ndarray:
    """The labels the model gives: the argmax of the gate probabilities."""
    return np.asarray(gate_probabilities(feats, np.asarray(th), temperature).argmax(axis=-1))


def search_thresholds(
    feats: np.ndarray, gold: np.ndarray, temperature: float
) -> tuple[tuple[float, ...], float]:
    """The grid point whose labels (at ``temperature``) have the best macro-F1; the first one in grid
    order on ties, so the search is deterministic."""
    denials = GRID[3]
    best: tuple[float, ...] = tuple(float(g[0]) for g in GRID)
    best_score = -1.0
    for related, agree, conflict in itertools.product(*GRID[:3]):
        if agree <= related:
            continue
        th = np.stack([np.full_like(denials, related), np.full_like(denials, agree),
                       np.full_like(denials, conflict), denials], axis=1)  # fmt: skip
        labels = gate_probabilities(feats[None, :, :], th[:, None, :], temperature).argmax(axis=-1)
        scores = _macro_f1_rows(gold, labels)
        i = int(np.argmax(scores))
        if scores[i] > best_score + 1e-12:
            best = (float(related), float(agree), float(conflict), float(denials[i]))
            best_score = float(scores[i])
    return best, best_score


def nll(feats: np.ndarray, gold: np.ndarray, th: Sequence[float], temperature: float) -> float:
    """Mean negative log-likelihood of the gold labels under the gates."""
    probs = gate_probabilities(feats, np.asarray(th), temperature)
    return float(-np.mean(np.log(np.maximum(probs[np.arange(len(gold)), gold], 1e-9))))


def fit_gates(feats: np.ndarray, gold: np.ndarray, claim_ids: Sequence[str]) -> GateFit:
    """Thresholds by macro-F1 of the model's own labels at each temperature; then, among the
    temperatures within ``F1_SLACK`` of the best macro-F1, the one with the best log-likelihood.

    ``gold`` holds indices into :data:`~tahqiq.records.STANCES`; ``claim_ids`` name each row's
    claim, so the honest estimate chooses thresholds without the claims it is scored on.
    """
    fits = [(t, *search_thresholds(feats, gold, t)) for t in TEMPERATURES]
    top = max(f1 for _, _, f1 in fits)
    temperature, th, fit_f1 = min(
        ((t, th, f1) for t, th, f1 in fits if f1 >= top - F1_SLACK),
        key=lambda f: nll(feats, gold, f[1], f[0]),
    )
    gates = Gates(th[0], th[1], th[2], th[3], temperature)
    ids = sorted(set(claim_ids))
    fold_of = {cid: i % FOLDS for i, cid in enumerate(ids)}
    folds = np.array([fold_of[c] for c in claim_ids])
    held_out = np.zeros_like(gold)
    for f in range(FOLDS):
        train = folds != f
        if not train.any() or train.all():
            continue
        th_f, _ = search_thresholds(feats[train], gold[train], temperature)
        held_out[~train] = labels_at(feats[~train], th_f, temperature)
    return GateFit(gates, fit_f1, macro_f1(gold, held_out), nll(feats, gold, th, temperature))
