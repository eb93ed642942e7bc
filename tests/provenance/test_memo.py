"""Quotes, attributions and fingerprints are computed once per article text and equal a fresh run."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from tahqiq.api import Tahqiq
from tahqiq.provenance import attribution, copies, quotes
from tahqiq.provenance.analysis import analyse
from tahqiq.provenance.attribution import extract_attributions
from tahqiq.provenance.copies import compute_fingerprint, fingerprint
from tahqiq.provenance.gazetteer import default_gazetteer, load_gazetteer
from tahqiq.provenance.quotes import extract_quotes
from tests.conftest import SAMPLE_CLAIM


def _fresh() -> None:
    for memo in (quotes._QUOTES, attribution._ATTRIBUTIONS, copies._FINGERPRINTS):
        memo.clear()


def test_served_results_equal_a_fresh_extraction_for_every_sample(sample_store: Tahqiq) -> None:
    gazetteer = default_gazetteer()
    for article in sample_store.store.iter_articles():
        sentences = sample_store.store.sentences(article)
        _fresh()
        first_q = extract_quotes(article.text, sentences, gazetteer)
        first_a = extract_attributions(article.text, sentences, gazetteer, outlet=article.outlet)
        again_q = extract_quotes(article.text, sentences, gazetteer)
        again_a = extract_attributions(article.text, sentences, gazetteer, outlet=article.outlet)
        assert again_q == first_q == list(quotes.find_quotes(analyse(article.text, sentences, gazetteer)))
        assert again_a == first_a
        assert again_q is not first_q  # callers get their own list
        assert fingerprint(article.id, article.text) == compute_fingerprint(article.id, article.text)
    assert quotes._QUOTES.hits >= 1 and attribution._ATTRIBUTIONS.hits >= 1


def test_a_second_quotes_call_is_served_from_memory(sample_store: Tahqiq) -> None:
    aid = next(sample_store.store.iter_articles()).id
    _fresh()
    first = sample_store.quotes(aid)
    misses = quotes._QUOTES.misses
    second = sample_store.quotes(aid)
    assert second == first
    assert quotes._QUOTES.misses == misses


def test_a_repeated_check_extracts_nothing_again(sample_store: Tahqiq) -> None:
    _fresh()
    first = sample_store.check(SAMPLE_CLAIM)
    misses = (quotes._QUOTES.misses, attribution._ATTRIBUTIONS.misses, copies._FINGERPRINTS.misses)
    second = sample_store.check(SAMPLE_CLAIM)
    assert (quotes._QUOTES.misses, attribution._ATTRIBUTIONS.misses, copies._FINGERPRINTS.misses) == misses
    assert second.verdict == first.verdict and second.graph == first.graph and second.copies == first.copies


def test_other_text_sentences_outlet_or_gazetteer_are_not_served_the_cached_result(
    sample_store: Tahqiq, tmp_path: Path
) -> None:
    article = next(sample_store.store.iter_articles())
    sentences = sample_store.store.sentences(article)
    gazetteer = default_gazetteer()
    _fresh()
    extract_attributions(article.text, sentences, gazetteer, outlet=article.outlet)
    extract_attributions(article.text, sentences, gazetteer, outlet="الجزيرة")
    extract_attributions(article.text, sentences[:-1], gazetteer, outlet=article.outlet)
    extract_attributions(article.text + " ", sentences, gazetteer, outlet=article.outlet)
    other = load_gazetteer(use_env=False)
    assert other is not gazetteer
    extract_attributions(article.text, sentences, other, outlet=article.outlet)
    assert attribution._ATTRIBUTIONS.misses == 5 and attribution._ATTRIBUTIONS.hits == 0


def test_one_frozen_analysis_serves_the_quotes_and_the_citations(sample_store: Tahqiq) -> None:
    """The caller analyses an article once; quotes and citations read the same analysis."""
    gazetteer = default_gazetteer()
    for article in sample_store.store.iter_articles():
        sentences = sample_store.store.sentences(article)
        analysis = analyse(article.text, sentences, gazetteer)
        assert quotes.find_quotes(analysis) == tuple(extract_quotes(article.text, sentences, gazetteer))
        assert attribution.find_attributions(analysis, article.outlet) == tuple(
            extract_attributions(article.text, sentences, gazetteer, outlet=article.outlet)
        )
        with pytest.raises(FrozenInstanceError):
            analysis.text = ""  # type: ignore[misc]
