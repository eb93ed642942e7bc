"""Run a stance model (and optionally a verdict function) over a dataset and score it.

Three tasks, each reported in the same shape (see :class:`TaskResult`):

* ``stance`` — one item per (claim, article) pair. ANS has three gold labels, so the model's
  ``discuss`` and ``unrelated`` are both scored as ANS ``other``.
* ``rationale`` (Baly only) — pairs whose gold rationale is non-empty. Scored per article
  line: a line is gold ``rationale`` when listed, predicted ``rationale`` when a predicted
  rationale sentence overlaps it (offsets, see :mod:`tahqiq.evaluation.rationale`), else
  ``other``. ``hits``/``hit_rate`` count pairs where at least one predicted sentence lands on
  a gold line, whatever stance was predicted.
* ``factuality`` — one item per claim, decided **only** from the evidence: the verdict
  function gets the claim and the (article text, StanceResult) list, never the gold labels or
  the claim ID. Verdicts map to the gold true/false as supported→true and refuted, disputed,
  unverified→false. ``P(true)`` is the confidence when the verdict is supported and
  1 − confidence otherwise; ECE uses 10 equal-width bins of ``P(true)``. The same numbers are
  also given for the ``decided`` claims alone (verdict supported or refuted), with ``coverage``.

``pairs_per_second`` counts the items the task is about (pairs; claims for factuality) over
the time spent in sentence splitting, ``predict`` and, for factuality, the verdict function.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from tahqiq.errors import EvaluationError
from tahqiq.evaluation.datasets import check_format, dataset_split, gold_labels, iter_claims, iter_pairs
from tahqiq.evaluation.metrics import (
    ClassificationReport,
    calibration_bins,
    classification_report,
    expected_calibration_error,
)
from tahqiq.evaluation.rationale import match_rationale
from tahqiq.evaluation.records import EvalClaim, EvalPair
from tahqiq.evaluation.source import dataset_error
from tahqiq.records import STANCES, VERDICTS, Sentence, StanceResult, Verdict
from tahqiq.stance.base import StanceModel
from tahqiq.text import split_sentences

VerdictOutput = tuple[str, float] | Verdict
VerdictFn = Callable[[str, Sequence[tuple[str, StanceResult]]], VerdictOutput]
"""Judges a claim from its evidence: ``(claim, [(article, stance result), ...]) -> (label, confidence)``."""

ANS_LABEL_MAP: dict[str, str] = {
    "agree": "agree",
    "disagree": "disagree",
    "discuss": "other",
    "unrelated": "other",
}
FACT_LABEL_MAP: dict[str, str] = {
    "supported": "true",
    "refuted": "false",
    "disputed": "false",
    "unverified": "false",
}
ECE_BINS = 10


@dataclass(frozen=True)
class TaskResult:
    """Scores of one task: the classification report plus speed and task-specific extras."""

    task: str
    unit: str
    report: ClassificationReport
    pairs_per_second: float | None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            **self.report.to_dict(),
            "pairs_per_second": self.pairs_per_second,
            **self.extra,
        }


@dataclass(frozen=True)
class EvalResult:
    """Everything one evaluation run measured, ready for ``--json`` or a terminal table."""

    path: str
    fmt: str
    split: str | None
    model: str
    verdict: str | None
    pairs: int
    claims: int
    stance: TaskResult | None = None
    rationale: TaskResult | None = None
    factuality: TaskResult | None = None
    notes: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)  # end to end: retrieval, latency, ingest

    def tasks(self) -> list[TaskResult]:
        """The tasks that were scored, in report order."""
        return [t for t in (self.stance, self.rationale, self.factuality) if t is not None]

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": {
                "path": self.path,
                "format": self.fmt,
                "split": self.split,
                "pairs": self.pairs,
                "claims": self.claims,
            },
            "model": {"name": self.model, "verdict": self.verdict},
            "stance": self.stance.to_dict() if self.stance else None,
            "rationale": self.rationale.to_dict() if self.rationale else None,
            "factuality": self.factuality.to_dict() if self.factuality else None,
            **self.extra,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class _Prediction:
    pair: EvalPair
    sentences: list[Sentence]
    result: StanceResult
    seconds: float


def evaluate(
    path: str | Path,
    fmt: str,
    model: StanceModel | None,
    *,
    limit: int | None = None,
    verdict: VerdictFn | None = None,
    bodies: str | Path | None = None,
) -> EvalResult:
    """Score ``model`` (and ``verdict``) on the dataset at ``path`` read as ``fmt``.

    ``limit`` keeps the first N records: pairs, except for ``baly`` and ``ans-claim`` where it
    keeps N claims (Baly claims whole, so a verdict always sees all of a claim's evidence).
    ``ans-claim`` has no evidence and needs ``verdict`` (called with an empty evidence list);
    the stance formats need ``model``. Raises DatasetError for malformed data and
    EvaluationError when the run cannot be made as asked.
    """
    check_format(fmt)
    if limit is not None and limit < 1:
        raise ValueError("limit must be at least 1")
    if fmt == "ans-claim":
        if verdict is None:
            raise EvaluationError(
                "ans-claim scores claim-only factuality and needs a verdict function; "
                "a stance model alone cannot score it"
            )
        return _evaluate_claims_only(path, model, verdict, limit)
    if model is None:
        raise EvaluationError(f"{fmt} scores stance and needs a stance model")
    notes: list[str] = []
    claims: list[EvalClaim] = []
    if fmt == "baly":
        claims = list(islice(iter_claims(path, fmt), limit))
        pairs = [p for c in claims for p in c.pairs]
        if limit is not None:
            notes.append(f"limited to the first {limit} claims")
    else:
        pairs = list(islice(iter_pairs(path, fmt, bodies=bodies), limit))
        if limit is not None:
            notes.append(f"limited to the first {limit} pairs")
    if not pairs:
        raise dataset_error(path, "no pairs to score")
    predictions = [_predict(model, pair) for pair in pairs]
    stance = _stance_task(fmt, predictions)
    if fmt == "ans-stance":
        notes.append("model labels discuss and unrelated are scored as ANS 'other'")
    rationale = _rationale_task(predictions) if fmt == "baly" else None
    if fmt == "baly" and rationale is None:
        notes.append("rationale not scored: no pair has a gold rationale")
    factuality = None
    if fmt == "baly":
        if verdict is None:
            notes.append("factuality not scored: no verdict function given")
        else:
            factuality = _evidence_factuality(claims, predictions, verdict, notes)
    return EvalResult(
        path=str(path),
        fmt=fmt,
        split=dataset_split(path, fmt, {p.claim_id for p in pairs}),
        model=_name(model),
        verdict=_name(verdict) if verdict is not None else None,
        pairs=len(pairs),
        claims=len(claims) if fmt == "baly" else len({p.claim_id for p in pairs}),
        stance=stance,
        rationale=rationale,
        factuality=factuality,
        notes=tuple(notes),
    )


def _predict(model: StanceModel, pair: EvalPair) -> _Prediction:
    start = time.perf_counter()
    sentences = split_sentences(pair.article)
    result = model.predict(pair.claim, sentences, title=pair.title)
    seconds = time.perf_counter() - start
    if result.stance not in STANCES:
        raise EvaluationError(
            f"model {_name(model)} returned unknown stance {result.stance!r} for {pair.source}"
        )
    for r in result.rationales:
        if not 0 <= r.index < len(sentences):
            raise EvaluationError(
                f"model {_name(model)} returned rationale index {r.index} outside the "
                f"{len(sentences)} sentences of {pair.source}"
            )
    return _Prediction(pair, sentences, result, seconds)


def _stance_task(fmt: str, predictions: Sequence[_Prediction]) -> TaskResult:
    gold = [p.pair.stance or "" for p in predictions]
    if fmt == "ans-stance":
        pred = [ANS_LABEL_MAP[p.result.stance] for p in predictions]
    else:
        pred = [p.result.stance for p in predictions]
    extra: dict[str, Any] = {"label_map": ANS_LABEL_MAP} if fmt == "ans-stance" else {}
    report = classification_report(gold, pred, gold_labels(fmt))
    return TaskResult(
        "stance", "pair", report, _rate(len(predictions), sum(p.seconds for p in predictions)), extra
    )


def _rationale_task(predictions: Sequence[_Prediction]) -> TaskResult | None:
    scored = [p for p in predictions if p.pair.rationale]
    if not scored:
        return None
    gold: list[str] = []
    pred: list[str] = []
    hits = sentences = on_gold = 0
    for p in scored:
        chosen = [p.sentences[r.index] for r in p.result.rationales]
        match = match_rationale(p.pair.article, p.pair.rationale, chosen)
        for line in range(p.pair.article.count("\n") + 1):
            gold.append("rationale" if line in match.gold_lines else "other")
            pred.append("rationale" if line in match.predicted_lines else "other")
        hits += match.hit
        sentences += match.sentences
        on_gold += match.sentences_on_gold
    report = classification_report(gold, pred, ("rationale", "other"))
    extra = {
        "pairs": len(scored),
        "hits": hits,
        "hit_rate": hits / len(scored),
        "sentence_precision": on_gold / sentences if sentences else 0.0,
    }
    return TaskResult("rationale", "line", report, _rate(len(scored), sum(p.seconds for p in scored)), extra)


def _evidence_factuality(
    claims: Sequence[EvalClaim], predictions: Sequence[_Prediction], verdict: VerdictFn, notes: list[str]
) -> TaskResult | None:
    by_pair = {id(p.pair): p for p in predictions}
    judged: list[tuple[bool, str, float]] = []
    seconds = 0.0
    unlabelled = 0
    for claim in claims:
        if claim.fact is None:
            unlabelled += 1
            continue
        own = [by_pair[id(pair)] for pair in claim.pairs]
        evidence = [(p.pair.article, p.result) for p in own]
        start = time.perf_counter()
        label, confidence = _verdict_of(verdict(claim.claim, evidence), claim.source)
        seconds += time.perf_counter() - start + sum(p.seconds for p in own)
        judged.append((claim.fact, label, confidence))
    if unlabelled:
        notes.append(f"factuality: {unlabelled} claims without a gold fact label were left out")
    return factuality_task(judged, seconds) if judged else None


def _evaluate_claims_only(
    path: str | Path, model: StanceModel | None, verdict: VerdictFn, limit: int | None
) -> EvalResult:
    claims = list(islice(iter_pairs(path, "ans-claim"), limit))
    if not claims:
        raise dataset_error(path, "no claims to score")
    judged: list[tuple[bool, str, float]] = []
    seconds = 0.0
    for claim in claims:
        start = time.perf_counter()
        label, confidence = _verdict_of(verdict(claim.claim, []), claim.source)
        seconds += time.perf_counter() - start
        judged.append((bool(claim.fact), label, confidence))
    notes = ["claim-only factuality: the verdict function saw each claim and no evidence"]
    if limit is not None:
        notes.append(f"limited to the first {limit} claims")
    return EvalResult(
        path=str(path),
        fmt="ans-claim",
        split=dataset_split(path, "ans-claim", set()),
        model=_name(model) if model is not None else "",
        verdict=_name(verdict),
        pairs=0,
        claims=len(claims),
        factuality=factuality_task(judged, seconds),
        notes=tuple(notes),
    )


def factuality_task(judged: Sequence[tuple[bool, str, float]], seconds: float) -> TaskResult:
    """Scores of (gold fact, verdict label, verdict confidence) triples, overall and on decided claims."""
    report, ece, bins = _fact_scores(judged)
    decided = [j for j in judged if j[1] in ("supported", "refuted")]
    decided_dict: dict[str, Any] | None = None
    if decided:
        d_report, d_ece, _ = _fact_scores(decided)
        decided_dict = {**d_report.to_dict(), "ece": d_ece}
    extra: dict[str, Any] = {
        "ece": ece,
        "coverage": len(decided) / len(judged),
        "decided": decided_dict,
        "verdicts": {label: n for label, n in Counter(j[1] for j in judged).items()},
        "label_map": FACT_LABEL_MAP,
        "p_true": "confidence if the verdict is supported, else 1 - confidence",
        "calibration_bins": [
            {
                "low": b.low,
                "high": b.high,
                "count": b.count,
                "mean_p_true": b.mean_probability,
                "true_rate": b.positive_rate,
            }
            for b in bins
        ],
    }
    return TaskResult("factuality", "claim", report, _rate(len(judged), seconds), extra)


def _fact_scores(
    judged: Sequence[tuple[bool, str, float]],
) -> tuple[ClassificationReport, float, list[Any]]:
    gold = ["true" if fact else "false" for fact, _, _ in judged]
    pred = [FACT_LABEL_MAP[label] for _, label, _ in judged]
    p_true = [c if label == "supported" else 1.0 - c for _, label, c in judged]
    outcomes = [fact for fact, _, _ in judged]
    report = classification_report(gold, pred, ("true", "false"))
    return (
        report,
        expected_calibration_error(p_true, outcomes, ECE_BINS),
        calibration_bins(p_true, outcomes, ECE_BINS),
    )


def _verdict_of(out: object, where: str) -> tuple[str, float]:
    if isinstance(out, Verdict):
        label, confidence = out.label, out.confidence
    elif isinstance(out, tuple) and len(out) == 2:
        label, confidence = out
    else:
        raise EvaluationError(f"verdict function returned {out!r} for {where}; expected (label, confidence)")
    if label not in VERDICTS:
        raise EvaluationError(f"verdict label {label!r} for {where} is not one of {', '.join(VERDICTS)}")
    if not isinstance(confidence, int | float) or not 0.0 <= float(confidence) <= 1.0:
        raise EvaluationError(f"verdict confidence {confidence!r} for {where} is not in [0, 1]")
    return str(label), float(confidence)


def _rate(items: int, seconds: float) -> float | None:
    return items / seconds if seconds > 0 else None


def _name(obj: object) -> str:
    name = getattr(obj, "name", None)
    if isinstance(name, str) and name:
        return name
    return str(getattr(obj, "__name__", type(obj).__name__))
