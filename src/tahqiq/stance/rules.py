"""A transparent rule-and-feature stance baseline.

Relatedness comes from how much of the claim a sentence covers (stem overlap); position comes
from cue words: an outlet that *confirms* (أكد، كشف) agrees, one that reports a charge or keeps
its distance (اتهم، زعم، ما يسمى) discusses, and a denial (نفى، لا صحة، مزاعم) disagrees, also
when it points back at the report with "هذه المعلومات". Every score can be traced to the
sentences and cue words behind it, which are returned as rationales.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from tahqiq.records import STANCES, Rationale, Sentence, Stance, StanceResult
from tahqiq.stance.base import distinct_rationales
from tahqiq.stance.cues import CUES
from tahqiq.stance.weights import keys, weights
from tahqiq.text import normalize

RELATED = 0.34  # share of the claim's content words a sentence must hold to be about the claim
SHARPNESS = 4.0  # softmax temperature over evidence; calibrated properly by the trained models


@dataclass(frozen=True)
class SentenceEvidence:
    """Per-sentence features: relevance to the claim and the cue words found in it."""

    sentence: Sentence
    relevance: float
    cues: dict[str, list[str]]

    def has(self, name: str) -> bool:
        return bool(self.cues.get(name))


def relevance(claim_weights: dict[str, float], text: str) -> float:
    """Share of the claim's word weight that ``text`` covers, in [0, 1]."""
    total = sum(claim_weights.values())
    if not total:
        return 0.0
    found = claim_weights.keys() & set(keys(text))
    return sum(claim_weights[k] for k in found) / total


def sentence_evidence(claim: str, sentences: Sequence[Sentence]) -> list[SentenceEvidence]:
    terms = weights(claim)
    out = []
    for s in sentences:
        norm = normalize(s.text)
        out.append(
            SentenceEvidence(s, relevance(terms, s.text), {name: c.find(norm) for name, c in CUES.items()})
        )
    return out


class RuleStance:
    """The baseline :class:`~tahqiq.stance.base.StanceModel`: cue words over claim-relevant sentences."""

    name = "rules-v1"

    def predict(self, claim: str, sentences: Sequence[Sentence], *, title: str = "") -> StanceResult:
        evidence = sentence_evidence(claim, sentences)
        title_rel = relevance(weights(claim), title) if title else 0.0
        top = max([e.relevance for e in evidence] + [title_rel], default=0.0)
        agree: list[tuple[float, SentenceEvidence]] = []
        discuss: list[tuple[float, SentenceEvidence]] = []
        disagree: list[tuple[float, SentenceEvidence]] = []
        for i, e in enumerate(evidence):
            if e.has("denial"):
                # A denial counts when it is about the claim itself or points back at the report
                # ("نفى ... هذه المعلومات"), or follows closely on sentences about the claim.
                near = max((x.relevance for x in evidence[max(0, i - 2) : i]), default=0.0)
                target = max(e.relevance, 0.9 * top if e.has("anaphora") else 0.5 * near)
                disagree.append((1.5 * target, e))
                continue
            if e.relevance < RELATED:
                continue
            charged = e.has("accusing") or e.has("distancing")
            confirm = 1.0 + 0.5 * e.has("assertive") + 0.1 * e.has("reporting")
            damp = (0.35 if charged else 1.0) * (0.5 if e.has("negation") else 1.0)
            agree.append((e.relevance * confirm * damp, e))
            discuss.append((e.relevance * (0.35 + 0.6 * charged + 0.25 * e.has("reporting")), e))
            if e.has("negation"):
                disagree.append((0.4 * e.relevance, e))
        scores_raw = {
            "agree": _pool(agree),
            "disagree": _pool(disagree),
            "discuss": _pool(discuss),
            "unrelated": 1.2 * (1.0 - min(1.0, top / 0.6)) + 0.15,
        }
        scores = _softmax(scores_raw)
        label: Stance = max(STANCES, key=lambda k: scores[k])
        return StanceResult(label, scores, _rationales(label, agree, discuss, disagree), self.name)


def _pool(items: list[tuple[float, SentenceEvidence]]) -> float:
    """Strongest sentence plus a little for each further one: repetition helps, but saturates."""
    if not items:
        return 0.0
    values = sorted((v for v, _ in items), reverse=True)
    return values[0] + 0.15 * sum(values[1:3])


def _softmax(raw: dict[str, float]) -> dict[str, float]:
    peak = max(raw.values())
    exp = {k: math.exp(SHARPNESS * (v - peak)) for k, v in raw.items()}
    total = sum(exp.values())
    return {k: exp[k] / total for k in STANCES}


def _rationales(
    label: Stance,
    agree: list[tuple[float, SentenceEvidence]],
    discuss: list[tuple[float, SentenceEvidence]],
    disagree: list[tuple[float, SentenceEvidence]],
) -> tuple[Rationale, ...]:
    """Up to three sentences: the best for the chosen label, and any denial, which a reader must see."""
    pools = {"agree": agree, "discuss": discuss, "disagree": disagree, "unrelated": []}
    chosen: dict[int, Rationale] = {}
    for score, e in sorted(pools[label], key=lambda x: -x[0])[:2]:
        chosen[e.sentence.index] = _rationale(label, score, e)
    for score, e in sorted(disagree, key=lambda x: -x[0])[:1]:
        if score > 0.3 and e.sentence.index not in chosen:
            chosen[e.sentence.index] = _rationale("disagree", score, e)
    ordered = distinct_rationales(sorted(chosen.values(), key=lambda r: -r.score))[:3]
    return tuple(sorted(ordered, key=lambda r: r.index))


def _rationale(role: str, score: float, e: SentenceEvidence) -> Rationale:
    cues = sorted(
        {c for name in ("denial", "assertive", "accusing", "distancing", "reporting") for c in e.cues[name]}
    )
    why = f"{role}: covers {e.relevance:.0%} of the claim" + (f"; cues: {', '.join(cues)}" if cues else "")
    return Rationale(e.sentence.index, e.sentence.text, why, round(score, 4))
