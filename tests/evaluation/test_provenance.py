"""``tahqiq eval --format provenance``: hand labels of real-page provenance, scored end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from tahqiq.errors import EvaluationError
from tahqiq.evaluation.provenance import evaluate_provenance, read_labels
from tahqiq.stance import load_model

FIXTURES = Path(__file__).parents[1] / "fixtures" / "eval"
LABELS = FIXTURES / "provenance_labels.jsonl"
ARTICLES = FIXTURES / "provenance_articles.jsonl"


def test_each_field_is_scored_against_the_label_of_its_page() -> None:
    result = evaluate_provenance(LABELS, ARTICLES, load_model("fast")).to_dict()
    scores = result["provenance"]
    # Page a: every label matches what the page says. Page b: its labels name another outlet, an
    # earlier date and another speaker, so those three fields are wrong there.
    assert scores["outlet"] == {"share": 0.5, "right": 1, "scored": 2}
    assert scores["date"] == {"share": 0.5, "right": 1, "scored": 2}
    assert scores["speaker"] == {"share": 0.5, "right": 1, "scored": 2}
    assert scores["primary_source"]["scored"] == 2
    assert result["pages"]["labelled"] == 3 and result["pages"]["not_found"] == 1


def test_a_malformed_label_names_its_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "labels.jsonl"
    bad.write_text('{"url": "https://a.example/1"}\n{"outlet": "x"}\n', encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"labels.jsonl:2"):
        read_labels(bad)
