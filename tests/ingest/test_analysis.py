"""The ingest analysis (one tokenization for stems and fingerprints) equals the separate functions."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import tahqiq
from tahqiq.ingest import analysis
from tahqiq.ingest.analysis import TextAnalysis, analyse_text, technique_rows
from tahqiq.store import pipeline
from tahqiq.text import split_sentences, stems
from tahqiq.text.fingerprints import content_hash, text_fingerprints
from tests.conftest import EXAMPLES, SEED_FILES


def _separately(text: str, title: str) -> TextAnalysis:
    """What the store wrote before ingest shared one tokenization (and still writes without one);
    persuasion spans found with the detector's own word split equal those given ingest's words."""
    sentences = tuple((s.start, s.end) for s in split_sentences(text))
    spans, loaded = technique_rows(text, sentences)
    return TextAnalysis(
        content_hash(text),
        sentences,
        " ".join(stems(title)),
        " ".join(stems(text)),
        tuple(text_fingerprints(text)),
        spans,
        loaded,
    )


def test_the_samples_analyse_as_before() -> None:
    for name in SEED_FILES:
        text = (EXAMPLES / name).read_text(encoding="utf-8")
        assert analyse_text(text, text[:80]) == _separately(text, text[:80])


# Characters where word-by-word and whole-text normalization could part: compatibility forms
# that expand to several words (ﷺ), spaces NFKC makes from non-spaces (¨), invisible marks,
# combining marks after a space, Arabic digits with their decimal sign, and the folded spellings.
_TRICKY = [
    *"«»\"“ .!?؟…،؛:-\nوفبلكـ٣٫5 abc",
    "ﷺ", "ﷲ", "¨", "\u00a0", "\u2028", "\u3000", "\u200b", "\u200f", "\ufeff", "\u0301", "\u064e",
    "İ", "ß", "ﬁ", "Ⅻ", "½", "ﻻ", "أميركا", "إرهابي", "مستشفى", "القوات", "د.", "U.S.",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TRICKY), max_size=60).map("".join))
def test_odd_text_analyses_as_before(text: str) -> None:
    assert analyse_text(text, text[:20]) == _separately(text, text[:20])


def test_a_repeated_ingest_analyses_nothing_again(tmp_path: Path) -> None:
    files = [str(EXAMPLES / name) for name in SEED_FILES]
    calls: list[str] = []
    real = analysis.analyse_text

    def counted(text: str, title: str, digest: str | None = None) -> TextAnalysis:
        calls.append(title)
        return real(text, title, digest)

    pipeline.analyse_text = counted  # type: ignore[assignment]
    try:
        with tahqiq.open(tmp_path / "s.db") as tq:
            first = tq.ingest(files)
            analysed = len(calls)
            again = tq.ingest(files)
    finally:
        pipeline.analyse_text = real
    assert analysed == len(first.added) == 5
    assert len(calls) == analysed and not again.added and len(again.unchanged) == 5
