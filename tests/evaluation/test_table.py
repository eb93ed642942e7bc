"""Terminal tables show the same numbers as the JSON, for every scored task."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from tahqiq.evaluation import evaluate, render_table
from tahqiq.records import Rationale, Sentence, StanceResult

FIXTURES = Path(__file__).parents[1] / "fixtures" / "eval"


class FirstSentenceAgrees:
    """Says agree for every pair and points at the first sentence: a fixed, predictable baseline."""

    name = "always-agree"

    def predict(self, claim: str, sentences: Sequence[Sentence], *, title: str = "") -> StanceResult:
        rationale = (Rationale(0, sentences[0].text),) if sentences else ()
        return StanceResult(
            "agree", {"agree": 1.0, "disagree": 0.0, "discuss": 0.0, "unrelated": 0.0}, rationale
        )


def refute_all(claim: str, evidence: Sequence[tuple[str, StanceResult]]) -> tuple[str, float]:
    return "refuted", 0.8


def _render(tables: list[object]) -> str:
    console = Console(record=True, width=200)
    for table in tables:
        console.print(table)
    return console.export_text()


def test_tables_for_baly() -> None:
    result = evaluate(FIXTURES / "baly", "baly", FirstSentenceAgrees(), verdict=refute_all)
    tables = render_table(result)
    # summary + (per-label, confusion) for stance, rationale and factuality
    assert len(tables) == 7
    text = _render(list(tables))
    # 3 of 9 pairs are gold agree; every claim refuted: wrong, V-2 right.
    assert "0.333" in text
    assert "fold_a" in text and "always-agree" in text
    assert "coverage 1.000" in text
    assert "refuted 3" in text
    assert "hit rate" in text
    assert "gold \\ pred" in text


def test_tables_for_ans_stance_have_no_ece() -> None:
    result = evaluate(FIXTURES / "ans_stance.csv", "ans-stance", FirstSentenceAgrees())
    tables = render_table(result)
    assert len(tables) == 3
    text = _render(list(tables))
    # gold has 3 agree of 7
    assert "0.429" in text
    assert "'other'" in text  # the label-mapping note is shown as a caption
