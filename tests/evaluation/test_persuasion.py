"""The ptc, armpro and checkthat readers and scorers, on hand-written fixtures with hand-computed scores.

The scorers take the classifier or span finder as an argument; most tests pass a fixed stub so
the expected numbers follow from the fixture alone, and one test per format runs the shipped model.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tahqiq.errors import DatasetError
from tahqiq.evaluation.persuasion import (
    ArmproTask,
    LabelResult,
    SpanResult,
    evaluate_persuasion,
    read_armpro,
    read_checkthat,
    read_ptc,
    score_armpro,
    score_ptc,
    span_credit,
)
from tahqiq.text.persuasion import TechniqueSpan

EVAL = Path(__file__).parents[1] / "fixtures" / "eval"


def test_ptc_reader_canonicalizes_labels_and_keeps_offsets() -> None:
    """Six spans; offsets read as integers; labels in PTC spelling."""
    rows = read_ptc(EVAL / "ptc_sample.tsv")
    assert len(rows) == 6
    assert rows[0].label == "Name_Calling,Labeling"
    assert (rows[0].start, rows[0].end) == (10, 30)


def test_ptc_scorer_micro_f1_and_repeat_counts() -> None:
    """A stub that says Repetition for repeated spans and Loaded_Language otherwise gets 2 of 6 right."""
    seen: list[int] = []

    def stub(text: str, repeats: int = 0) -> tuple[tuple[str, float], ...]:
        seen.append(repeats)
        return (("Repetition", 1.0),) if repeats else (("Loaded_Language", 1.0),)

    result = score_ptc(read_ptc(EVAL / "ptc_sample.tsv"), stub)
    assert seen == [1, 0, 1, 0, 0, 0]
    # Right: row 2 (Loaded_Language) and row 3 (Repetition); wrong: the other four.
    assert result.f1 == pytest.approx(2 / 6)
    assert result.per_label["Loaded_Language"].precision == pytest.approx(1 / 4)
    assert result.per_label["Loaded_Language"].f1 == pytest.approx(2 * (1 / 4) * 1 / (1 / 4 + 1))
    assert result.per_label["Repetition"].f1 == pytest.approx(2 / 3)
    assert result.per_label["Doubt"].f1 == 0.0
    assert result.to_dict()["average"] == "micro"


def test_ptc_unknown_label_points_at_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("id\tArabic\tlabel\n1\tنص\tNot_A_Technique\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"bad\.tsv:2"):
        read_ptc(path)


def _finder(table: dict[str, tuple[TechniqueSpan, ...]]):  # type: ignore[no-untyped-def]
    return lambda text: table.get(text, ())


def test_armpro_shape_decides_the_task() -> None:
    assert read_armpro(EVAL / "armpro_binary.jsonl")[1] is ArmproTask.BINARY
    assert read_armpro(EVAL / "armpro_labels.jsonl")[1] is ArmproTask.LABELS
    paragraphs, task = read_armpro(EVAL / "armpro_spans.jsonl")
    assert task is ArmproTask.SPANS
    span = paragraphs[1].spans[1]
    assert paragraphs[1].paragraph[span.start : span.end] == span.text
    assert span.technique == "Loaded_Language"


def test_armpro_binary_macro_f1() -> None:
    """Gold true,false,true,false; the stub flags paragraphs 1 and 2: each class has P=R=1/2, macro-F1 1/2."""
    paragraphs, task = read_armpro(EVAL / "armpro_binary.jsonl")
    hit = (TechniqueSpan("Loaded_Language", 0, 3, 0.9, "x"),)
    result = score_armpro(
        paragraphs, task, _finder({paragraphs[0].paragraph: hit, paragraphs[1].paragraph: hit})
    )
    assert isinstance(result, LabelResult)
    assert result.f1 == pytest.approx(0.5)
    assert result.average == "macro"


def test_armpro_labels_micro_f1() -> None:
    """Gold {NC}, {}, {LL, Doubt}; predicted {NC}, {LL}, {LL}: TP 2, FP 1, FN 1, micro-F1 2/3."""
    paragraphs, task = read_armpro(EVAL / "armpro_labels.jsonl")
    nc = TechniqueSpan("Name_Calling,Labeling", 0, 3, 0.9, "x")
    ll = TechniqueSpan("Loaded_Language", 0, 3, 0.9, "x")
    finder = _finder(
        {paragraphs[0].paragraph: (nc,), paragraphs[1].paragraph: (ll,), paragraphs[2].paragraph: (ll,)}
    )
    result = score_armpro(paragraphs, task, finder)
    assert isinstance(result, LabelResult)
    assert result.f1 == pytest.approx(2 / 3)
    assert result.per_label["Doubt"].recall == 0.0
    assert result.per_label["Loaded_Language"].precision == pytest.approx(1 / 2)


def test_armpro_coarse_labels(tmp_path: Path) -> None:
    """Gold names that are all coarse classes make predictions count at the coarse level."""
    record = {
        "paragraph_id": "c1",
        "paragraph": "نص",
        "page_domain": "d",
        "page_url": "u",
        "page_title": "t",
        "page_date": "2023-01-01",
        "labels": ["Attack_on_Reputation"],
    }
    path = tmp_path / "coarse.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    paragraphs, task = read_armpro(path)
    result = score_armpro(paragraphs, task, lambda _: (TechniqueSpan("Doubt", 0, 2, 0.9, "model"),))
    assert isinstance(result, LabelResult)
    assert result.task == "labels (coarse)"
    assert result.f1 == 1.0


def test_span_credit_is_proportional_to_overlap() -> None:
    """Predicted 0-10 against gold 5-15: half of each overlaps."""
    assert span_credit([("Doubt", 5, 15)], [("Doubt", 0, 10)]) == (0.5, 0.5)
    assert span_credit([("Doubt", 5, 15)], [("Slogans", 0, 10)]) == (0.0, 0.0)
    # A predicted span inside a gold one: full precision credit, a fifth of the gold span recalled.
    assert span_credit([("Doubt", 0, 10)], [("Doubt", 2, 4)]) == (1.0, 0.2)


def test_armpro_spans_partial_overlap_f1() -> None:
    """Hand-computed partial credit on the two fixture paragraphs.

    p1: gold NC «الميليشيات قصفت» 17-32 (15 chars); predicted NC 17-27 («الميليشيات», 10 chars):
    precision credit 1, recall credit 10/15.
    p4: gold NC 8-16 and LL 17-35 (18 chars); predicted NC 8-16 (exact: 1 and 1) and LL 17-22
    («مجزرة», 5 chars: precision 1, recall 5/18).
    P = 3/3 = 1; R = (2/3 + 1 + 5/18) / 3 = 35/54; F1 = 2PR / (P + R) = 70/89.
    """
    paragraphs, task = read_armpro(EVAL / "armpro_spans.jsonl")
    p1, p4 = paragraphs
    finder = _finder(
        {
            p1.paragraph: (TechniqueSpan("Name_Calling,Labeling", 17, 27, 0.9, "ميليشيات"),),
            p4.paragraph: (
                TechniqueSpan("Name_Calling,Labeling", 8, 16, 0.9, "العصابات"),
                TechniqueSpan("Loaded_Language", 17, 22, 0.9, "مجزره"),
            ),
        }
    )
    result = score_armpro(paragraphs, task, finder)
    assert isinstance(result, SpanResult)
    assert result.precision == pytest.approx(1.0)
    assert result.recall == pytest.approx(35 / 54)
    assert result.f1 == pytest.approx(70 / 89)
    assert result.to_dict()["gold_spans"] == 3


def test_armpro_mixed_shapes_refused(tmp_path: Path) -> None:
    lines = (EVAL / "armpro_binary.jsonl").read_text(encoding="utf-8").splitlines()[:1]
    lines += (EVAL / "armpro_labels.jsonl").read_text(encoding="utf-8").splitlines()[:1]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"mixed\.jsonl:2"):
        read_armpro(path)


def test_checkthat_reader() -> None:
    rows = read_checkthat(EVAL / "checkthat_sample.tsv")
    assert [r.worthy for r in rows[:4]] == [True, False, True, False]
    assert len(rows) == 30 and sum(r.worthy for r in rows) == 15
    assert rows[0].tweet_id == "1001"
    assert "320" in rows[0].tweet_text


def test_shipped_model_runs_on_every_scored_fixture() -> None:
    """The real model: scores are numbers in [0, 1] and the results serialize."""
    for name, fmt in (
        ("ptc_sample.tsv", "ptc"),
        ("armpro_binary.jsonl", "armpro"),
        ("armpro_labels.jsonl", "armpro"),
        ("armpro_spans.jsonl", "armpro"),
    ):
        result = evaluate_persuasion(EVAL / name, fmt)
        assert 0.0 <= result.f1 <= 1.0
        json.dumps(result.to_dict())
    with pytest.raises(ValueError):
        evaluate_persuasion(EVAL / "checkthat_sample.tsv", "checkthat")
