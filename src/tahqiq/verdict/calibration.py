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
(agreement may only raise P(true), disagreement only lower it), by
:func:`tahqiq.evaluation.verdict_fit.fit` (run by ``scripts/train_models.py``) on
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
FEATURES: tuple[str, ...] = (
    "bias",
    "agree_origins",
    "disagree_origins",
    "best_agree",
    "best_disagree",
    "speech",
)


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
    """A calibration from fitted parameters, as ``verdict_calibration.json`` holds them."""
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


def evidence_of(verdict: Verdict, evidence: Sequence[Evidence]) -> ClaimEvidence:
    """What the calibration reads from a check's verdict and the evidence it weighed."""
    return ClaimEvidence(
        tuple((e.article.id, e.stance) for e in evidence),
        verdict.counts.get("agree_origins", 0),
        verdict.counts.get("disagree_origins", 0),
        verdict.claim_kind == "speech",
    )
