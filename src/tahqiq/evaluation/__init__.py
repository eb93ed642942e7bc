"""``tahqiq eval``: read stance and fact-checking datasets, run a model over them, score it.

Formats: ``ans-stance``, ``ans-claim``, ``arastance``, ``baly`` and ``fnc`` (see each reader).
Metrics are computed here without ML libraries (:mod:`tahqiq.evaluation.metrics`); the
scoring conventions are documented in :mod:`tahqiq.evaluation.runner`.
"""

from tahqiq.evaluation.datasets import FORMATS, dataset_split, gold_labels, iter_claims, iter_pairs
from tahqiq.evaluation.metrics import (
    ClassificationReport,
    ClassScores,
    classification_report,
    expected_calibration_error,
)
from tahqiq.evaluation.records import EvalClaim, EvalPair
from tahqiq.evaluation.runner import EvalResult, TaskResult, VerdictFn, evaluate
from tahqiq.evaluation.table import render_table

__all__ = [
    "FORMATS",
    "ClassScores",
    "ClassificationReport",
    "EvalClaim",
    "EvalPair",
    "EvalResult",
    "TaskResult",
    "VerdictFn",
    "classification_report",
    "dataset_split",
    "evaluate",
    "expected_calibration_error",
    "gold_labels",
    "iter_claims",
    "iter_pairs",
    "render_table",
]
