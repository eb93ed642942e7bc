"""``tahqiq eval PATH --format checkthat``: the check-worthiness score on a CheckThat! file.

Each row's text is scored as one sentence seen alone, the way :mod:`tahqiq.report.checkworthy`
scores a sentence of the store, with reported speech found by provenance and no spread (a tweet
has no carriers). A row is predicted check-worthy at :data:`~tahqiq.report.checkworthy.THRESHOLD`,
and the figure is the F1 of the positive class (``Yes``), the shared task's measure.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tahqiq.evaluation.persuasion import CheckthatRow, read_checkthat
from tahqiq.records import Sentence
from tahqiq.report.checkworthy import THRESHOLD, features, loaded_share, score
from tahqiq.report.claims import speakers
from tahqiq.text import split_sentences
from tahqiq.text.persuasion import find_techniques

#: Where :data:`THRESHOLD` comes from, printed beside every result.
THRESHOLD_ORIGIN = "tahqiq.report.checkworthy.THRESHOLD: even odds of the hand-set linear model, not tuned"


@dataclass(frozen=True)
class CheckworthyResult:
    """F1 of the positive class at a named threshold, with the counts behind it."""

    path: str
    n: int
    threshold: float
    threshold_origin: str
    true_positives: int
    predicted: int
    positives: int
    wrong: tuple[tuple[str, bool, float], ...]  # (tweet_id, gold, score) of each misjudged row

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.positives if self.positives else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": "checkthat",
            "path": self.path,
            "n": self.n,
            "threshold": self.threshold,
            "threshold_origin": self.threshold_origin,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "true_positives": self.true_positives,
            "predicted": self.predicted,
            "positives": self.positives,
            "wrong": [{"tweet_id": t, "gold": g, "score": round(s, 4)} for t, g, s in self.wrong],
        }


def row_score(text: str) -> float:
    """The check-worthiness of one text seen alone: its best sentence's score."""
    from tahqiq.provenance.attribution import extract_attributions
    from tahqiq.provenance.gazetteer import default_gazetteer
    from tahqiq.provenance.quotes import extract_quotes

    sentences = [Sentence(i, s.text, s.start, s.end) for i, s in enumerate(split_sentences(text))]
    if not sentences:
        return score(features(text))
    gazetteer = default_gazetteer()
    _, named = speakers(
        extract_quotes(text, sentences, gazetteer), extract_attributions(text, sentences, gazetteer)
    )
    spans = [(s.start, s.end) for s in find_techniques(text, [(s.start, s.end) for s in sentences])]
    return max(
        score(
            features(
                s.text,
                speech=s.index in named,
                actor=s.index in named,
                loaded=loaded_share(s.start, s.end, spans),
            )
        )
        for s in sentences
    )


def score_checkthat(path: str | Path, rows: tuple[CheckthatRow, ...] | None = None) -> CheckworthyResult:
    """Score every row of the CheckThat! TSV at ``path`` (rows already read may be passed)."""
    rows = read_checkthat(path) if rows is None else rows
    tp = predicted = positives = 0
    wrong: list[tuple[str, bool, float]] = []
    for row in rows:
        value = row_score(row.tweet_text)
        said = value >= THRESHOLD
        tp += said and row.worthy
        predicted += said
        positives += row.worthy
        if said != row.worthy:
            wrong.append((row.tweet_id, row.worthy, value))
    return CheckworthyResult(
        str(path), len(rows), THRESHOLD, THRESHOLD_ORIGIN, tp, predicted, positives, tuple(wrong)
    )
