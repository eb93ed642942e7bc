"""Fitting the verdict calibration (:mod:`tahqiq.verdict.calibration`) on labelled claims.

Training-time code, kept out of the verdict stage that ships the fitted numbers: the verdict
only reads weights; this module finds them and says how good they are, scoring with the same
metrics ``tahqiq eval`` reports (:mod:`tahqiq.evaluation.metrics`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from tahqiq.evaluation.metrics import classification_report, expected_calibration_error
from tahqiq.records import VerdictLabel
from tahqiq.verdict.calibration import FEATURES, SUPPORTED_AT, Calibration, ClaimEvidence

L2 = 0.1  # pull of each weight towards zero while fitting, per claim-set (not per claim)
SIGNS = {1: 1.0, 2: -1.0, 3: 1.0, 4: -1.0}  # feature index -> the sign its weight must have


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
    """True/false macro-F1 of "P(true) ≥ SUPPORTED_AT", as ``tahqiq eval`` scores the verdict."""
    gold = ["true" if v == 1 else "false" for v in y]
    pred = ["true" if p >= SUPPORTED_AT else "false" for p in probs]
    return classification_report(gold, pred, order=("true", "false")).macro_f1


def _ece(y: np.ndarray, probs: np.ndarray) -> float:
    """Expected calibration error of P(true), the figure ``tahqiq eval`` reports."""
    return expected_calibration_error([float(p) for p in probs], [bool(v == 1) for v in y])


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
