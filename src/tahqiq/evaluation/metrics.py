"""Classification and calibration metrics, in plain Python so evaluation needs no ML library.

Conventions (the same for every task, so numbers are comparable across formats):

* The labels scored are those that appear in gold ∪ predicted for the task. A label the model
  never predicts still counts (recall 0), and a label it predicts that never occurs in gold
  counts too (precision 0), so a model cannot raise macro-F1 by inventing or dropping labels.
* Precision of a label never predicted, recall of a label never in gold, and F1 when both
  precision and recall are 0 are all defined as 0.0 (never NaN), so JSON stays valid.
* Macro-F1 is the unweighted mean of the per-label F1 over those labels.
* ECE uses equal-width bins on the predicted probability of the positive class; the last bin
  is closed on the right so a probability of exactly 1.0 is counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ClassScores:
    """Precision, recall and F1 of one label, and how many gold items carry it."""

    precision: float
    recall: float
    f1: float
    support: int

    def to_dict(self) -> dict[str, Any]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1, "support": self.support}


@dataclass(frozen=True)
class ClassificationReport:
    """Every number reported for one labelling task; ``labels`` fixes the display order."""

    labels: tuple[str, ...]
    n: int
    accuracy: float
    macro_f1: float
    per_class: dict[str, ClassScores]
    confusion: dict[str, dict[str, int]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "accuracy": self.accuracy,
            "macro_f1": self.macro_f1,
            "per_class": {label: self.per_class[label].to_dict() for label in self.labels},
            "confusion": {g: dict(row) for g, row in self.confusion.items()},
        }


def scored_labels(gold: Iterable[str], pred: Iterable[str], order: Sequence[str] = ()) -> tuple[str, ...]:
    """Labels present in gold ∪ pred: those named in ``order`` first, in that order, then the rest sorted."""
    present = set(gold) | set(pred)
    first = [label for label in order if label in present]
    rest = sorted(present - set(first))
    return (*first, *rest)


def confusion_matrix(
    gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]
) -> dict[str, dict[str, int]]:
    """Counts as ``confusion[gold][pred]``, dense over ``labels`` (zeros included)."""
    _check_lengths(gold, pred)
    matrix = {g: dict.fromkeys(labels, 0) for g in labels}
    for g, p in zip(gold, pred, strict=True):
        if g not in matrix or p not in matrix[g]:
            raise ValueError(f"label {g!r} or {p!r} is not among {tuple(labels)}")
        matrix[g][p] += 1
    return matrix


def classification_report(
    gold: Sequence[str], pred: Sequence[str], order: Sequence[str] = ()
) -> ClassificationReport:
    """Accuracy, per-label precision/recall/F1, macro-F1 and confusion of ``pred`` against ``gold``."""
    _check_lengths(gold, pred)
    if not gold:
        raise ValueError("cannot score an empty set of predictions")
    labels = scored_labels(gold, pred, order)
    matrix = confusion_matrix(gold, pred, labels)
    per_class: dict[str, ClassScores] = {}
    for label in labels:
        tp = matrix[label][label]
        predicted = sum(matrix[g][label] for g in labels)
        support = sum(matrix[label].values())
        precision = _ratio(tp, predicted)
        recall = _ratio(tp, support)
        f1 = _ratio(2 * precision * recall, precision + recall)
        per_class[label] = ClassScores(precision, recall, f1, support)
    correct = sum(matrix[label][label] for label in labels)
    macro = sum(s.f1 for s in per_class.values()) / len(labels)
    return ClassificationReport(labels, len(gold), correct / len(gold), macro, per_class, matrix)


@dataclass(frozen=True)
class CalibrationBin:
    """One equal-width probability bin: its range, size, mean probability and observed positive rate."""

    low: float
    high: float
    count: int
    mean_probability: float
    positive_rate: float


def calibration_bins(
    probabilities: Sequence[float], outcomes: Sequence[bool], bins: int = 10
) -> list[CalibrationBin]:
    """Group predictions into ``bins`` equal-width bins of the positive-class probability."""
    _check_lengths(probabilities, outcomes)
    if bins < 1:
        raise ValueError("bins must be at least 1")
    members: list[list[int]] = [[] for _ in range(bins)]
    for i, p in enumerate(probabilities):
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"probability {p!r} is outside [0, 1]")
        members[min(int(p * bins), bins - 1)].append(i)
    out = []
    for b, idx in enumerate(members):
        mean_p = sum(probabilities[i] for i in idx) / len(idx) if idx else 0.0
        rate = sum(1 for i in idx if outcomes[i]) / len(idx) if idx else 0.0
        out.append(CalibrationBin(b / bins, (b + 1) / bins, len(idx), mean_p, rate))
    return out


def expected_calibration_error(
    probabilities: Sequence[float], outcomes: Sequence[bool], bins: int = 10
) -> float:
    """ECE: the size-weighted mean gap between mean probability and observed positive rate per bin."""
    if not probabilities:
        raise ValueError("cannot compute ECE of no predictions")
    total = len(probabilities)
    return sum(
        b.count / total * abs(b.mean_probability - b.positive_rate)
        for b in calibration_bins(probabilities, outcomes, bins)
    )


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def _check_lengths(a: Sequence[Any], b: Sequence[Any]) -> None:
    if len(a) != len(b):
        raise ValueError(f"gold and predicted lengths differ: {len(a)} != {len(b)}")
