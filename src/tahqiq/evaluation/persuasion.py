"""Readers and scorers for persuasion techniques and check-worthiness (issue 13).

Three public layouts, so a desk can measure tahqiq on data it can get:

* ``ptc``: the PTC-AR TSV (``id``, ``Arabic``, ``label`` and, in Train, ``start``, ``end``). Each
  row is a span known to carry a technique; the task is to name it. Scored by micro-F1 (which is
  accuracy when every span has one gold and one predicted label) and F1 per technique.
* ``armpro``: JSON Lines of news paragraphs (``paragraph_id``, ``paragraph``, ``page_domain``,
  ``page_url``, ``page_title``, ``page_date``) with one of three annotations, and the task
  follows from it: ``label`` "true"/"false" (is there propaganda: macro-F1); ``labels`` as a list
  of technique or coarse-class names (multi-label micro-F1); ``labels`` as a list of
  ``{"technique", "text", "start", "end"}`` spans (span F1 with partial credit).
* ``checkthat``: the CheckThat! TSV (``tweet_id``, ``tweet_url``, ``tweet_text``,
  ``class_label`` Yes/No); read only, the check-worthiness model comes later.

Partial span credit follows SemEval-2020 task 11: a predicted span earns the share of its own
length that overlaps gold spans of the same technique (precision), a gold span the share of its
length covered by predicted spans of the same technique (recall).
"""

from __future__ import annotations

import csv
import enum
import io
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tahqiq.evaluation.metrics import ClassScores, classification_report
from tahqiq.evaluation.source import dataset_error, read_text
from tahqiq.text.persuasion import (
    TechniqueSpan,
    canonical_technique,
    classify_span,
    coarse_class,
    coarse_classes,
    find_techniques,
)
from tahqiq.text.tokens import word_spans

ARMPRO_FIELDS = ("paragraph_id", "paragraph", "page_domain", "page_url", "page_title", "page_date")
Classifier = Callable[..., tuple[tuple[str, float], ...]]
Finder = Callable[[str], tuple[TechniqueSpan, ...]]


class ArmproTask(enum.Enum):
    """What an ArMPro file is annotated for, read from the shape of its ``label``/``labels`` field."""

    BINARY = "binary"
    LABELS = "labels"
    SPANS = "spans"


# --- records ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PtcRow:
    """One span of a PTC-AR file: its article, its words, its gold technique and offsets if given."""

    article_id: str
    text: str
    label: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class GoldSpan:
    """A gold technique span of an ArMPro paragraph, offsets into ``paragraph``."""

    technique: str
    start: int
    end: int
    text: str = ""


@dataclass(frozen=True, slots=True)
class ArmproParagraph:
    """One news paragraph; only the field of its file's task is filled."""

    paragraph_id: str
    paragraph: str
    page_domain: str
    page_url: str
    page_title: str
    page_date: str
    propaganda: bool | None = None
    labels: tuple[str, ...] = ()
    spans: tuple[GoldSpan, ...] = ()


@dataclass(frozen=True, slots=True)
class CheckthatRow:
    """One CheckThat! row; ``worthy`` is True for ``Yes``."""

    tweet_id: str
    tweet_url: str
    tweet_text: str
    worthy: bool


# --- readers ---------------------------------------------------------------------------------


def _tsv(
    path: str | Path, wanted: tuple[str, ...], optional: tuple[str, ...] = ()
) -> list[tuple[int, dict[str, str]]]:
    """Rows of a TSV with a header, the ``wanted`` columns required, ``optional`` ones kept if present."""
    reader = csv.reader(io.StringIO(read_text(path), newline=""), delimiter="\t")
    rows: list[tuple[int, dict[str, str]]] = []
    header: dict[str, int] | None = None
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = {c.strip().lower(): i for i, c in enumerate(cells) if c.strip()}
            missing = [w for w in wanted if w.lower() not in header]
            if missing:
                raise dataset_error(
                    path, f"header must have columns {', '.join(wanted)}; missing {', '.join(missing)}", line
                )
            continue
        row = {}
        for name in (*wanted, *optional):
            i = header.get(name.lower())
            row[name] = cells[i].strip() if i is not None and i < len(cells) else ""
        for name in wanted:
            if not row[name]:
                raise dataset_error(path, f"empty {name}", line)
        rows.append((line, row))
    if header is None:
        raise dataset_error(path, "empty file; expected a header " + "\t".join(wanted))
    return rows


def _offset(path: str | Path, line: int, value: str) -> int | None:
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise dataset_error(path, f"offset {value!r} is not a whole number", line) from None


def read_ptc(path: str | Path) -> tuple[PtcRow, ...]:
    """The spans of a PTC-AR TSV; a label no scheme knows raises DatasetError at its line."""
    out = []
    for line, row in _tsv(path, ("id", "Arabic", "label"), ("start", "end")):
        label = canonical_technique(row["label"])
        if label is None:
            raise dataset_error(path, f"unknown technique {row['label']!r}", line)
        start, end = _offset(path, line, row["start"]), _offset(path, line, row["end"])
        out.append(PtcRow(row["id"], row["Arabic"], label, start, end))
    return tuple(out)


def read_checkthat(path: str | Path) -> tuple[CheckthatRow, ...]:
    """The rows of a CheckThat! TSV; a class_label other than Yes/No raises DatasetError."""
    out = []
    for line, row in _tsv(path, ("tweet_id", "tweet_url", "tweet_text", "class_label")):
        label = row["class_label"].lower()
        if label not in ("yes", "no"):
            raise dataset_error(path, f"class_label must be Yes or No, got {row['class_label']!r}", line)
        out.append(CheckthatRow(row["tweet_id"], row["tweet_url"], row["tweet_text"], label == "yes"))
    return tuple(out)


def read_armpro(path: str | Path) -> tuple[tuple[ArmproParagraph, ...], ArmproTask]:
    """The paragraphs of an ArMPro JSON Lines file and the task its annotation implies.

    Raises:
        DatasetError: a line is not a JSON object, lacks a field, or annotates another task
            than the lines before it.
    """
    out: list[ArmproParagraph] = []
    task: ArmproTask | None = None
    for line, raw in enumerate(read_text(path).splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except ValueError as exc:
            raise dataset_error(path, f"not JSON ({exc})", line) from exc
        if not isinstance(record, dict):
            raise dataset_error(path, "each line must be a JSON object", line)
        missing = [f for f in ARMPRO_FIELDS if f not in record]
        if missing:
            raise dataset_error(path, f"missing {', '.join(missing)}", line)
        paragraph, this = _armpro_record(path, line, record)
        if task is not None and this is not task:
            raise dataset_error(
                path, f"a {this.value} annotation in a file of {task.value} annotations", line
            )
        task = this
        out.append(paragraph)
    if task is None:
        raise dataset_error(path, "no paragraphs")
    return tuple(out), task


def _armpro_record(path: str | Path, line: int, record: dict[str, Any]) -> tuple[ArmproParagraph, ArmproTask]:
    pid, paragraph, domain, url, title, date = (str(record[f]) for f in ARMPRO_FIELDS)
    base = ArmproParagraph(pid, paragraph, domain, url, title, date)
    if "label" in record:
        value = str(record["label"]).strip().lower()
        if value not in ("true", "false"):
            raise dataset_error(path, f'label must be "true" or "false", got {record["label"]!r}', line)
        return replace(base, propaganda=value == "true"), ArmproTask.BINARY
    labels = record.get("labels")
    if not isinstance(labels, list):
        raise dataset_error(path, "expected a label (true/false) or a list of labels", line)
    if labels and all(isinstance(x, dict) for x in labels):
        spans = []
        for item in labels:
            try:
                start, end = int(item["start"]), int(item["end"])
                technique = str(item["technique"])
            except (KeyError, TypeError, ValueError):
                raise dataset_error(path, "a span needs technique, start and end", line) from None
            if not 0 <= start < end <= len(paragraph):
                raise dataset_error(path, f"span {start}-{end} is outside the paragraph", line)
            spans.append(
                GoldSpan(canonical_technique(technique) or technique, start, end, str(item.get("text", "")))
            )
        return replace(base, spans=tuple(spans)), ArmproTask.SPANS
    if not all(isinstance(x, str) for x in labels):
        raise dataset_error(path, "labels must all be names or all be spans", line)
    # An empty list is a paragraph without technique; the label-list task is the only one that can say so.
    return replace(base, labels=tuple(labels)), ArmproTask.LABELS


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelResult:
    """Scores of a labelling task: ``f1`` is micro-F1 (ptc, armpro labels) or macro-F1 (armpro binary)."""

    task: str
    n: int
    f1: float
    average: str
    per_label: dict[str, ClassScores]

    def to_dict(self) -> dict[str, Any]:
        return {
            "task": self.task,
            "n": self.n,
            "f1": self.f1,
            "average": self.average,
            "per_label": {k: v.to_dict() for k, v in self.per_label.items()},
        }


@dataclass(frozen=True)
class SpanResult:
    """Span precision, recall and F1 with partial-overlap credit (SemEval-2020 task 11)."""

    n_paragraphs: int
    n_gold: int
    n_predicted: int
    precision: float
    recall: float
    f1: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "task": ArmproTask.SPANS.value,
            "n": self.n_paragraphs,
            "gold_spans": self.n_gold,
            "predicted_spans": self.n_predicted,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


# --- scorers ---------------------------------------------------------------------------------


def score_ptc(rows: Sequence[PtcRow], classify: Classifier = classify_span) -> LabelResult:
    """Technique classification of given spans: micro-F1 and F1 per technique.

    Each span is told how often its words recur among the spans of its article (the input
    alone, never the labels), which is how PTC's Repetition can be seen at all.
    """
    if not rows:
        raise ValueError("cannot score an empty PTC file")
    keys = [(r.article_id, " ".join(word_spans(r.text)[0])) for r in rows]
    counts = Counter(keys)
    pred = [classify(r.text, counts[k] - 1)[0][0] for r, k in zip(rows, keys, strict=True)]
    report = classification_report([r.label for r in rows], pred)
    # One gold and one predicted label per span: micro-F1 equals accuracy.
    return LabelResult("ptc", report.n, report.accuracy, "micro", dict(report.per_class))


def score_armpro(
    paragraphs: Sequence[ArmproParagraph], task: ArmproTask, find: Finder = find_techniques
) -> LabelResult | SpanResult:
    """Score :func:`find_techniques` (or ``find``) on ArMPro paragraphs for ``task``."""
    if not paragraphs:
        raise ValueError("cannot score an empty ArMPro file")
    found = [find(p.paragraph) for p in paragraphs]
    if task is ArmproTask.BINARY:
        gold = ["true" if p.propaganda else "false" for p in paragraphs]
        pred = ["true" if spans else "false" for spans in found]
        report = classification_report(gold, pred, ("true", "false"))
        return LabelResult(task.value, report.n, report.macro_f1, "macro", dict(report.per_class))
    if task is ArmproTask.LABELS:
        return _score_labels(paragraphs, found)
    return _score_spans(paragraphs, found)


def _score_labels(
    paragraphs: Sequence[ArmproParagraph], found: Sequence[tuple[TechniqueSpan, ...]]
) -> LabelResult:
    """Multi-label micro-F1, as the positive-class F1 of one yes/no decision per paragraph and label.

    Gold names are read as coarse classes when every one of them is a coarse class name, and
    predictions are mapped to the same level.
    """
    coarse = coarse_classes()
    names = [name for p in paragraphs for name in p.labels]
    use_coarse = bool(names) and all(n in coarse for n in names)

    def level(name: str) -> str:
        if use_coarse:
            return coarse_class(name) or name
        return canonical_technique(name) or name

    gold_sets = [{level(n) for n in p.labels} for p in paragraphs]
    pred_sets = [{level(s.technique) for s in spans} for spans in found]
    labels = sorted(set().union(*gold_sets, *pred_sets))
    pooled_gold: list[str] = []
    pooled_pred: list[str] = []
    per_label: dict[str, ClassScores] = {}
    for label in labels:
        gold = ["yes" if label in g else "no" for g in gold_sets]
        pred = ["yes" if label in p else "no" for p in pred_sets]
        per_label[label] = classification_report(gold, pred, ("yes", "no")).per_class["yes"]
        pooled_gold += gold
        pooled_pred += pred
    micro = (
        classification_report(pooled_gold, pooled_pred, ("yes", "no")).per_class["yes"].f1 if labels else 0.0
    )
    task = "labels (coarse)" if use_coarse else ArmproTask.LABELS.value
    return LabelResult(task, len(paragraphs), micro, "micro", per_label)


def span_credit(
    gold: Sequence[tuple[str, int, int]], predicted: Sequence[tuple[str, int, int]]
) -> tuple[float, float]:
    """Summed partial credit ``(precision credit, recall credit)`` of one paragraph's spans.

    Args:
        gold: ``(technique, start, end)`` gold spans.
        predicted: the same for predictions.

    Returns:
        For precision, the sum over predicted spans of the share of each one's length that
        overlaps gold spans of its technique (at most 1 each); for recall, the same from the
        gold side. Divide by the number of predicted and gold spans.

    >>> span_credit([("Doubt", 0, 10)], [("Doubt", 5, 15)])
    (0.5, 0.5)
    """

    def credit(spans: Sequence[tuple[str, int, int]], against: Sequence[tuple[str, int, int]]) -> float:
        total = 0.0
        for technique, start, end in spans:
            covered = _covered(start, end, [(s, e) for t, s, e in against if t == technique])
            total += covered / (end - start) if end > start else 0.0
        return total

    return credit(predicted, gold), credit(gold, predicted)


def _covered(start: int, end: int, others: Sequence[tuple[int, int]]) -> int:
    """How many characters of ``[start, end)`` the union of ``others`` covers."""
    covered, cursor = 0, start
    for s, e in sorted(others):
        s, e = max(s, cursor), min(e, end)
        if e > s:
            covered += e - s
            cursor = e
    return covered


def _score_spans(
    paragraphs: Sequence[ArmproParagraph], found: Sequence[tuple[TechniqueSpan, ...]]
) -> SpanResult:
    precision_credit = recall_credit = 0.0
    n_gold = n_pred = 0
    for paragraph, spans in zip(paragraphs, found, strict=True):
        gold = [(s.technique, s.start, s.end) for s in paragraph.spans]
        pred = [(s.technique, s.start, s.end) for s in spans]
        p, r = span_credit(gold, pred)
        precision_credit, recall_credit = precision_credit + p, recall_credit + r
        n_gold, n_pred = n_gold + len(gold), n_pred + len(pred)
    precision = precision_credit / n_pred if n_pred else 0.0
    recall = recall_credit / n_gold if n_gold else 0.0
    # The harmonic mean of the two partial-credit ratios, as the task 11 scorer reports it.
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return SpanResult(len(paragraphs), n_gold, n_pred, precision, recall, f1)


def evaluate_persuasion(path: str | Path, fmt: str) -> LabelResult | SpanResult:
    """Read ``path`` as ``fmt`` (``ptc`` or ``armpro``) and score the shipped model on it.

    Raises:
        ValueError: ``fmt`` is not a scored persuasion format (``checkthat`` is read-only for now).
    """
    if fmt == "ptc":
        return score_ptc(read_ptc(path))
    if fmt == "armpro":
        paragraphs, task = read_armpro(path)
        return score_armpro(paragraphs, task)
    raise ValueError(f"{fmt!r} is not a scored persuasion format; expected ptc or armpro")
