"""One entry point for every ``tahqiq eval`` format, so the CLI makes one call and only renders.

Why here and not in :mod:`tahqiq.api`: evaluation sits above the API (an end-to-end run ingests
into a store and checks claims through :class:`tahqiq.api.Tahqiq`), so the API importing it
back would make the two depend on each other.
"""

from __future__ import annotations

from tahqiq.errors import EvaluationError
from tahqiq.evaluation.checkworthy import CheckworthyResult, score_checkthat
from tahqiq.evaluation.datasets import FORMATS
from tahqiq.evaluation.persuasion import (
    LabelResult,
    SpanResult,
    read_armpro,
    read_ptc,
    score_armpro,
    score_ptc,
)
from tahqiq.evaluation.runner import EvalResult
from tahqiq.stance.base import StanceModel

PERSUASION_FORMATS = ("ptc", "armpro", "checkthat")
ALL_FORMATS: tuple[str, ...] = (*FORMATS, "provenance", *PERSUASION_FORMATS)

Scores = EvalResult | LabelResult | SpanResult | CheckworthyResult


def evaluate_dataset(
    path: str,
    fmt: str,
    *,
    model: str | None = None,
    limit: int | None = None,
    bodies: str | None = None,
    end_to_end: bool = False,
    articles: str | None = None,
    stance: StanceModel | None = None,
) -> Scores:
    """Score the model a format is about on the labelled data at ``path`` (what ``tahqiq eval`` prints).

    Stance formats score the stance model, and the verdict, pair by pair; with ``end_to_end``
    (baly, arastance) every article goes into one fresh store and each claim is checked against
    it, retrieval included. ``provenance`` scores hand-labelled provenance of the pages in
    ``articles``. ``ptc`` and ``armpro`` score the persuasion-technique model, ``checkthat`` the
    check-worthiness score of ``tahqiq claims``. ``stance``, when given, is scored instead of
    the shipped model ``model`` (a desk model, built by the caller from its store).
    """
    if fmt == "checkthat":
        return score_checkthat(path)
    if fmt == "ptc":
        return score_ptc(read_ptc(path))
    if fmt == "armpro":
        paragraphs, task = read_armpro(path)
        return score_armpro(paragraphs, task)
    from tahqiq.stance import load_model

    stance_model = stance if stance is not None else load_model(model)
    if fmt == "provenance":
        from tahqiq.evaluation.provenance import evaluate_provenance

        if articles is None:
            raise EvaluationError("the provenance format needs --articles, the pages the labels describe")
        return evaluate_provenance(path, articles, stance_model)
    if end_to_end:
        from tahqiq.evaluation.end_to_end import evaluate_end_to_end

        return evaluate_end_to_end(path, fmt, stance_model, limit=limit)
    from tahqiq.evaluation.runner import evaluate
    from tahqiq.verdict.aggregate import decide_texts

    return evaluate(path, fmt, stance_model, limit=limit, verdict=decide_texts, bodies=bodies)
