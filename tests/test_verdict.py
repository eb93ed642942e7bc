"""Verdicts count independent origins, not articles."""

from __future__ import annotations

from tahqiq.records import Article, CopiedPassage, Evidence, Span, StanceResult
from tahqiq.verdict.aggregate import decide, origins


def _evidence(aid: int, stance: str, p: float = 0.9) -> Evidence:
    rest = (1 - p) / 3
    scores = {s: (p if s == stance else rest) for s in ("agree", "disagree", "discuss", "unrelated")}
    article = Article(
        aid, f"t{aid}", "نص", f"outlet{aid}", None, None, "ar", (f"{aid}.txt",), {}, str(aid), "now"
    )
    return Evidence(article, 1.0, StanceResult(stance, scores, ()))  # type: ignore[arg-type]


def _copy(a: int, b: int) -> CopiedPassage:
    return CopiedPassage((a, b), "نص", "نص", (Span(0, 2), Span(0, 2)), 10)


def test_origins_are_copy_components() -> None:
    assert origins([1, 2, 3, 4], [_copy(1, 2), _copy(2, 3)]) == [[1, 2, 3], [4]]


def test_echoes_of_one_statement_are_not_support() -> None:
    evidence = [_evidence(i, "agree") for i in (1, 2, 3, 4)]
    verdict = decide(evidence, [_copy(1, 2), _copy(2, 3), _copy(3, 4)])
    assert verdict.label == "unverified"
    assert verdict.counts["agree"] == 4 and verdict.counts["agree_origins"] == 1


def test_independent_agreement_is_support() -> None:
    verdict = decide([_evidence(i, "agree") for i in (1, 2, 3)], [])
    assert verdict.label == "supported"
    assert verdict.confidence > 0.8


def test_more_independent_origins_raise_confidence() -> None:
    two = decide([_evidence(i, "agree") for i in (1, 2)], []).confidence
    four = decide([_evidence(i, "agree") for i in (1, 2, 3, 4)], []).confidence
    assert four > two


def test_denials_against_assertions_are_disputed() -> None:
    verdict = decide([_evidence(1, "agree"), _evidence(2, "agree"), _evidence(3, "disagree")], [])
    assert verdict.label == "disputed"
    assert "#3" in verdict.explanation


def test_independent_denials_refute() -> None:
    assert decide([_evidence(1, "disagree"), _evidence(2, "disagree")], []).label == "refuted"


def test_nothing_related_is_unverified() -> None:
    verdict = decide([_evidence(1, "unrelated")], [])
    assert verdict.label == "unverified"
    assert "No stored report" in verdict.explanation
