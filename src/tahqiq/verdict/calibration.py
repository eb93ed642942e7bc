"""P(claim is true) from the evidence a check found, with a few numbers calibrated on labelled claims.

The evidence of a claim is the stance of each article ``check`` weighed and the origins they
form (:func:`tahqiq.verdict.origins.origins`): five echoes of one statement are one origin. What
counts is the number of **independent origins** on each side, how sure the stance model is of its
strongest agreeing and disagreeing articles, and whether the claim reports speech («قال X إن …»,
:mod:`tahqiq.verdict.claim_kind`), whose relays are witnesses that X spoke. These enter one
logistic function:

    logit P(true) = bias + w_ao·log(1 + agreeing origins) + w_do·log(1 + disagreeing origins)
                    + w_a·max P(agree) + w_d·max P(disagree) + w_s·[speech claim]

Its weights are fitted by maximum likelihood, with a small L2 pull towards zero and fixed signs
(agreement may only raise P(true), disagreement only lower it), by ``scripts/train_models.py`` on
the evidence the shipped ``check`` finds for the claims of the Baly et al. (2018) development
fold when all its articles share one store (:func:`tahqiq.evaluation.end_to_end.run_end_to_end`),
and shipped as JSON. :func:`tahqiq.verdict.aggregate.decide` is the one verdict: ``check`` shows
it and ``tahqiq eval`` scores it. The label follows from the probability and the origins
(:meth:`Calibration.verdict`); the confidence is P(true) for *supported* and 1 − P(true)
otherwise, so it is calibrated in the same sense as the probability.
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
from tahqiq.records import Evidence, StanceResult, Verdict, VerdictLabel

PARAMS_FILE = "verdict_calibration.json"
SUPPORTED_AT = 0.5  # P(true) from which the verdict is "supported": the probability's own midpoint
# Independent origins a side needs before the verdict takes it. One: five echoes of one statement
# count as one origin, and the calibrated P(true) says what one origin is worth. Requiring two
# left 74% of the Baly development fold's claims "unverified" and the shown verdict at macro-F1
# 0.40 (claim cross-validation), against 45% and 0.63 with one (docs/models.md).
MIN_ORIGINS = 1
L2 = 0.1  # pull of each weight towards zero while fitting, per claim-set (not per claim)
FEATURES: tuple[str, ...] = (
    "bias",
    "agree_origins",
    "disagree_origins",
    "best_agree",
    "best_disagree",
    "speech",
)
SIGNS = {1: 1.0, 2: -1.0, 3: 1.0, 4: -1.0}  # feature index -> the sign its weight must have


@dataclass(frozen=True)
class ClaimEvidence:
    """What the calibration reads: each article's stance, origin counts per side, the claim's kind."""

    results: tuple[tuple[int, StanceResult], ...]
    agree_origins: int
    disagree_origins: int
    speech: bool = False

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
                1.0 if self.speech else 0.0,
            ]
        )


@dataclass(frozen=True)
class Calibration:
    """The fitted weights of the logistic function, in :data:`FEATURES` order."""

    weights: tuple[float, ...]
    supported_at: float = SUPPORTED_AT

    def p_true(self, evidence: ClaimEvidence) -> float:
        z = float(np.dot(self.weights, evidence.features()))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def verdict(self, evidence: ClaimEvidence) -> tuple[VerdictLabel, float]:
        """The verdict label and its confidence, both from P(true).

        Origins on both sides are *disputed*. Otherwise a side needs :data:`MIN_ORIGINS`
        independent origins (witnesses, for a speech claim) *and* the probability on its side:
        *supported* from ``supported_at`` up, *refuted* below it. Anything thinner is
        *unverified*: however strongly one report asserts a claim, echoes of it never make it
        supported, and a wrong "supported" is worse than an honest "unverified".
        """
        p = self.p_true(evidence)
        label: VerdictLabel
        if evidence.agree_origins and evidence.disagree_origins:
            label = "disputed"
        elif evidence.agree_origins >= MIN_ORIGINS and p >= self.supported_at:
            return "supported", p
        elif evidence.disagree_origins >= MIN_ORIGINS and p < self.supported_at:
            label = "refuted"
        else:
            label = "unverified"
        return label, 1.0 - p


def from_params(params: dict[str, Any]) -> Calibration:
    """A calibration from the JSON :func:`fit` returns (and ``verdict_calibration.json`` holds)."""
    weights = tuple(float(params["weights"][name]) for name in FEATURES)
    return Calibration(weights, float(params.get("supported_at", SUPPORTED_AT)))


@lru_cache(maxsize=1)
def shipped() -> Calibration:
    """The calibration shipped with tahqiq (fitted by ``scripts/train_models.py``)."""
    try:
        raw = resources.files("tahqiq").joinpath(f"data/models/{PARAMS_FILE}").read_text(encoding="utf-8")
        return from_params(json.loads(raw))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"cannot read the verdict calibration ({exc}); rebuild it with make models") from exc


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
    held_calibration = [
        Calibration(tuple(float(v) for v in _fit_signed(np.delete(x, i, 0), np.delete(y, i))[0]))
        for i in range(len(y))
    ]
    held_out = np.array([held_calibration[i].p_true(e) for i, (_, e) in enumerate(labelled)])
    params = {
        "weights": {name: round(float(v), 6) for name, v in zip(FEATURES, w, strict=True)},
        "supported_at": SUPPORTED_AT,
    }
    labels = [calibration.verdict(e)[0] for _, e in labelled]
    shown_held = [held_calibration[i].verdict(e)[0] == "supported" for i, (_, e) in enumerate(labelled)]
    info = {
        "claims": len(labelled),
        "true_claims": int(y.sum()),
        "accuracy": round(float(np.mean((probs >= SUPPORTED_AT) == (y == 1))), 4),
        "macro_f1_fitted": round(_macro_f1(y, probs), 4),
        "ece_fitted": round(_ece(y, probs), 4),
        "macro_f1_leave_one_out": round(_macro_f1(y, held_out), 4),
        "ece_leave_one_out": round(_ece(y, held_out), 4),
        "held_at_zero": [FEATURES[i] for i in range(len(FEATURES)) if i not in free],
        # The verdict shown, not only P(true) ≥ 0.5: "supported" also needs MIN_ORIGINS origins.
        "verdict_macro_f1_fitted": round(
            _macro_f1(y, np.array([label == "supported" for label in labels], dtype=float)), 4
        ),
        "verdict_macro_f1_leave_one_out": round(_macro_f1(y, np.array(shown_held, dtype=float)), 4),
        "unverified_share": round(float(np.mean([label == "unverified" for label in labels])), 4),
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


def held_out_verdicts(
    labelled: Sequence[tuple[bool, ClaimEvidence]], folds: int = 5
) -> list[tuple[VerdictLabel, float]]:
    """Each claim's verdict from weights fitted on the other folds (claim ``i`` is in fold ``i % folds``).

    This is the honest figure for a calibration fitted on the same claims it is scored on.
    """
    x = np.stack([e.features() for _, e in labelled])
    y = np.array([1.0 if fact else 0.0 for fact, _ in labelled])
    fold = np.arange(len(labelled)) % folds
    out: list[tuple[VerdictLabel, float]] = []
    weights = {k: _fit_signed(x[fold != k], y[fold != k])[0] for k in range(folds) if (fold != k).any()}
    for i, (_, evidence) in enumerate(labelled):
        out.append(Calibration(tuple(float(v) for v in weights[int(fold[i])])).verdict(evidence))
    return out


def evidence_of(verdict: Verdict, evidence: Sequence[Evidence]) -> ClaimEvidence:
    """What the calibration reads from a check's verdict and the evidence it weighed."""
    return ClaimEvidence(
        tuple((e.article.id, e.stance) for e in evidence),
        verdict.counts.get("agree_origins", 0),
        verdict.counts.get("disagree_origins", 0),
        verdict.claim_kind == "speech",
    )
