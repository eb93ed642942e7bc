"""P(claim is true) from the evidence alone, with a few numbers calibrated on labelled claims.

The evidence of a claim is the stance of each retrieved article and the copy links among them.
Five echoes of one statement are one source, so what counts is the number of **independent
origins** on each side (:func:`tahqiq.verdict.aggregate.origins`), plus how sure the model is of
its strongest agreeing and disagreeing articles. These enter one logistic function:

    logit P(true) = bias + w_ao·log(1 + agreeing origins) + w_do·log(1 + disagreeing origins)
                    + w_a·max P(agree) + w_d·max P(disagree)

(the maxima over all retrieved articles). Its five weights are fitted by maximum likelihood,
with a small L2 pull towards zero and fixed signs (agreement may only raise P(true), disagreement
only lower it), on the Baly et al. (2018) development fold by ``scripts/train_models.py``, and
shipped as JSON. The
verdict label follows from the probability: *supported* from ``SUPPORTED_AT`` up, *refuted* when
the probability is low and only disagreeing origins exist, *disputed* with origins on both sides,
else *unverified*; the confidence is P(true) for *supported* and 1 − P(true) otherwise, so it is
calibrated in the same sense as the probability.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from tahqiq.errors import ModelError
from tahqiq.provenance.copies import find_copies
from tahqiq.records import Article, StanceResult, Verdict, VerdictLabel
from tahqiq.verdict.aggregate import origins

PARAMS_FILE = "verdict_calibration.json"
SUPPORTED_AT = 0.5  # P(true) from which the verdict is "supported"
L2 = 0.1  # pull of each weight towards zero while fitting, per claim-set (not per claim)
FEATURES: tuple[str, ...] = ("bias", "agree_origins", "disagree_origins", "best_agree", "best_disagree")
SIGNS = {1: 1.0, 2: -1.0, 3: 1.0, 4: -1.0}  # feature index -> the sign its weight must have


@dataclass(frozen=True)
class ClaimEvidence:
    """What the calibration reads: each article's stance, and origin counts per side."""

    results: tuple[tuple[int, StanceResult], ...]
    agree_origins: int
    disagree_origins: int

    def features(self) -> np.ndarray:
        best_agree = max((r.scores.get("agree", 0.0) for _, r in self.results), default=0.0)
        best_disagree = max((r.scores.get("disagree", 0.0) for _, r in self.results), default=0.0)
        return np.array(
            [
                1.0,
                math.log1p(self.agree_origins),
                math.log1p(self.disagree_origins),
                best_agree,
                best_disagree,
            ]
        )


def evidence_from_results(
    results: Sequence[tuple[int, StanceResult]], agree_origins: int, disagree_origins: int
) -> ClaimEvidence:
    """Evidence from (article id, stance) pairs and the origin counts the caller found."""
    return ClaimEvidence(tuple(results), agree_origins, disagree_origins)


def evidence_from_texts(items: Sequence[tuple[str, StanceResult]]) -> ClaimEvidence:
    """Evidence from bare (article text, stance) pairs, as labelled datasets give it.

    Articles get ids 1..n in the order given; origins are the copy-linked groups among the
    agreeing and, separately, the disagreeing articles.
    """
    articles = [
        Article(i, "", text, None, None, None, "ar", (), {}, "", "") for i, (text, _) in enumerate(items, 1)
    ]
    results = [(a.id, stance) for a, (_, stance) in zip(articles, items, strict=True)]
    related = [a for a, (_, s) in zip(articles, items, strict=True) if s.stance in ("agree", "disagree")]
    copies = find_copies(related) if len(related) > 1 else []
    agree = origins([i for i, s in results if s.stance == "agree"], copies)
    disagree = origins([i for i, s in results if s.stance == "disagree"], copies)
    return ClaimEvidence(tuple(results), len(agree), len(disagree))


@dataclass(frozen=True)
class Calibration:
    """The fitted weights of the logistic function, in :data:`FEATURES` order."""

    weights: tuple[float, ...]
    supported_at: float = SUPPORTED_AT

    def p_true(self, evidence: ClaimEvidence) -> float:
        z = float(np.dot(self.weights, evidence.features()))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def verdict(self, evidence: ClaimEvidence) -> tuple[VerdictLabel, float]:
        """The verdict label and its confidence, both from P(true)."""
        p = self.p_true(evidence)
        label: VerdictLabel
        if p >= self.supported_at:
            return "supported", p
        if evidence.agree_origins and evidence.disagree_origins:
            label = "disputed"
        elif evidence.disagree_origins:
            label = "refuted"
        else:
            label = "unverified"
        return label, 1.0 - p


@lru_cache(maxsize=1)
def shipped() -> Calibration:
    """The calibration shipped with tahqiq (fitted by ``scripts/train_models.py``)."""
    try:
        raw = resources.files("tahqiq").joinpath(f"data/models/{PARAMS_FILE}").read_text(encoding="utf-8")
        data = json.loads(raw)
        weights = tuple(float(data["weights"][name]) for name in FEATURES)
        return Calibration(weights, float(data.get("supported_at", SUPPORTED_AT)))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"cannot read the verdict calibration ({exc}); rebuild it with make models") from exc


def p_true(
    results: Sequence[tuple[int, StanceResult]],
    agree_origins: int,
    disagree_origins: int,
    calibration: Calibration | None = None,
) -> float:
    """P(the claim is true) given each article's stance and the independent origins on each side."""
    return (calibration or shipped()).p_true(evidence_from_results(results, agree_origins, disagree_origins))


def calibrated_verdict(claim: str, items: Sequence[tuple[str, StanceResult]]) -> Verdict:
    """A ``tahqiq eval`` verdict callable: judges a claim from (article text, stance) pairs alone."""
    calibration = shipped()
    evidence = evidence_from_texts(items)
    label, confidence = calibration.verdict(evidence)
    p = calibration.p_true(evidence)
    explanation = (
        f"P(true) = {p:.2f} from {evidence.agree_origins} agreeing and "
        f"{evidence.disagree_origins} disagreeing independent origin(s)."
    )
    counts = {"agree_origins": evidence.agree_origins, "disagree_origins": evidence.disagree_origins}
    return Verdict(label, round(confidence, 4), explanation, counts)


def fit(labelled: Sequence[tuple[bool, ClaimEvidence]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Fit the weights by L2-penalized maximum likelihood (Newton steps from zero: deterministic).

    Agreeing origins may only raise P(true) and disagreeing ones only lower it: a weight that
    comes out with the other sign is held at zero and the rest refitted, so a handful of noisy
    claims cannot teach the verdict that denials make a claim more credible. Returns the
    parameters to ship and a summary of the fit.
    """
    if not labelled:
        raise ValueError("no labelled claims to fit the verdict calibration on")
    x = np.stack([e.features() for _, e in labelled])
    y = np.array([1.0 if fact else 0.0 for fact, _ in labelled])
    w, free = _fit_signed(x, y)
    calibration = Calibration(tuple(float(v) for v in w))
    probs = np.array([calibration.p_true(e) for _, e in labelled])
    # Leave-one-claim-out: each claim judged by weights fitted without it (the honest estimate).
    held_out = np.array(
        [_p(x[i], _fit_signed(np.delete(x, i, 0), np.delete(y, i))[0]) for i in range(len(y))]
    )
    params = {
        "weights": {name: round(float(v), 6) for name, v in zip(FEATURES, w, strict=True)},
        "supported_at": SUPPORTED_AT,
    }
    info = {
        "claims": len(labelled),
        "true_claims": int(y.sum()),
        "accuracy": round(float(np.mean((probs >= SUPPORTED_AT) == (y == 1))), 4),
        "macro_f1_fitted": round(_macro_f1(y, probs), 4),
        "ece_fitted": round(_ece(y, probs), 4),
        "macro_f1_leave_one_out": round(_macro_f1(y, held_out), 4),
        "ece_leave_one_out": round(_ece(y, held_out), 4),
        "held_at_zero": [FEATURES[i] for i in range(len(FEATURES)) if i not in free],
    }
    return params, info


def _fit_signed(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """Weights with the signs of :data:`SIGNS`: a wrong-signed weight is held at zero, the rest refitted."""
    free = list(range(x.shape[1]))
    while True:
        w = np.zeros(x.shape[1])
        w[free] = _newton(x[:, free], y, penalize=[i != 0 for i in free])
        wrong = [i for i in free if i in SIGNS and w[i] * SIGNS[i] < 0]
        if not wrong:
            return w, free
        free.remove(min(wrong, key=lambda i: w[i] * SIGNS[i]))


def _p(row: np.ndarray, w: np.ndarray) -> float:
    return float(1.0 / (1.0 + np.exp(-np.clip(row @ w, -60, 60))))


def _macro_f1(y: np.ndarray, probs: np.ndarray) -> float:
    pred = probs >= SUPPORTED_AT
    scores = []
    for positive in (True, False):
        gold = (y == 1) == positive
        guess = pred == positive
        tp = float(np.sum(gold & guess))
        denom = float(np.sum(gold) + np.sum(guess))
        scores.append(2 * tp / denom if denom else 0.0)
    return sum(scores) / 2


def _ece(y: np.ndarray, probs: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error of P(true) as ``tahqiq eval`` computes it (P(true) of every verdict)."""
    idx = np.minimum((probs * bins).astype(int), bins - 1)
    return float(
        sum(
            abs(probs[idx == b].mean() - y[idx == b].mean()) * np.mean(idx == b)
            for b in range(bins)
            if (idx == b).any()
        )
    )


def _newton(x: np.ndarray, y: np.ndarray, penalize: list[bool], steps: int = 100) -> np.ndarray:
    w = np.zeros(x.shape[1])
    penalty = np.diag([L2 if p else 0.0 for p in penalize])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -60, 60)))
        grad = x.T @ (p - y) + penalty @ w
        hess = (x * (p * (1 - p))[:, None]).T @ x + penalty + 1e-9 * np.eye(x.shape[1])
        delta = np.linalg.solve(hess, grad)
        w -= delta
        if float(np.abs(delta).max()) < 1e-10:
            break
    return w
