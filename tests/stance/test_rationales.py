"""Rationales a reader sees: never the same sentence twice, even when the page repeats it."""

from __future__ import annotations

import pytest

from tahqiq.records import Sentence
from tahqiq.stance import load_model
from tahqiq.text import normalize, split_sentences

from ..conftest import EXAMPLES, SAMPLE_CLAIM


def _repeated_page(name: str) -> list[Sentence]:
    """The sample article with every sentence printed twice, as pages that repeat their lead do."""
    lines = (EXAMPLES / name).read_text(encoding="utf-8").splitlines()
    body = "\n".join(lines[1:])
    return split_sentences(body + "\n" + body)


@pytest.mark.parametrize("model_name", ["default", "fast", "rules"])
@pytest.mark.parametrize("name", ["000_d620f0c0ea8628c3.txt", "004_9a22f17ed7bf8f62.txt"])
def test_a_repeated_sentence_is_shown_once(model_name: str, name: str) -> None:
    result = load_model(model_name).predict(SAMPLE_CLAIM, _repeated_page(name))
    texts = [" ".join(normalize(r.text).split()) for r in result.rationales]
    assert texts, "the sample reports are about the claim: they must have rationales"
    assert len(texts) == len(set(texts))


def test_the_denial_is_still_shown_on_a_repeated_page() -> None:
    result = load_model("default").predict(SAMPLE_CLAIM, _repeated_page("004_9a22f17ed7bf8f62.txt"))
    assert result.stance == "disagree"
    assert any("نفى" in r.text for r in result.rationales)
