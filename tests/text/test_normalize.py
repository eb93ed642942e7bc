"""Normalization for matching and word tokens: properties over generated text, examples from the seeds."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tahqiq.text import normalize, normalize_digits, strip_diacritics, tokenize, words

EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*.txt"))

HARAKAT = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0653\u0654\u0655"
INVISIBLE = (
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\ufeff\u00ad"
)
ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
# What a matching form must never hold: marks, tatweel, invisibles, hamza/maqsura/marbuta forms, non-ASCII digits.
FOLDED_AWAY = set(HARAKAT + "\u0640" + INVISIBLE + "أإآٱىةؤئ" + ARABIC_INDIC + PERSIAN)

arabic_text = st.text(
    alphabet=st.sampled_from(
        list("ابتثجحخدذرسشصضطظعغفقكلمنهويءأإآٱىةؤئ")
        + list(HARAKAT + "\u0640" + INVISIBLE + ARABIC_INDIC + PERSIAN + "0123456789")
        + list(' \n\t\u00a0،؛؟.!«»“”"ﻻﷲﺍﺏکیۀ')
        + list("AbcİßDž")
    ),
    max_size=120,
)
any_text = st.text(max_size=80)
texts = st.one_of(arabic_text, any_text)


@settings(deadline=None)
@given(texts)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@settings(deadline=None)
@given(texts)
def test_normalize_leaves_no_marks_invisibles_or_variant_letters(text: str) -> None:
    assert not FOLDED_AWAY & set(normalize(text))


@settings(deadline=None)
@given(texts)
def test_normalize_never_grows_beyond_nfkc(text: str) -> None:
    assert len(normalize(text)) <= len(unicodedata.normalize("NFKC", text))


@settings(deadline=None)
@given(st.text(alphabet=st.sampled_from(list(ARABIC_INDIC + PERSIAN + "0123456789 /-.،ab")), max_size=40))
def test_normalize_digits_maps_each_digit_to_its_ascii_value(text: str) -> None:
    out = normalize_digits(text)
    assert len(out) == len(text)
    for before, after in zip(text, out, strict=True):
        if before in ARABIC_INDIC + PERSIAN:
            assert after == str(unicodedata.digit(before))
        else:
            assert after == before


@settings(deadline=None)
@given(arabic_text)
def test_tokens_keep_the_original_and_point_at_it(text: str) -> None:
    original = str(text)
    tokens = tokenize(text)
    assert text == original  # the display text is never modified
    for token in tokens:
        assert text[token.start : token.end] == token.text
        assert token.norm == normalize(token.text)
        assert token.norm
    assert [t.start for t in tokens] == sorted(t.start for t in tokens)


@pytest.mark.parametrize(
    ("variants", "expected"),
    [
        (["أَمِيرْكَا", "أميركا", "امريكا", "أمريكا"], "امريكا"),
        (["إرهابي", "ارهابي", "إرهابى"], "ارهابي"),
        (["سورية", "سوريه"], "سوريه"),
        (["مسؤول", "مسوول"], "مسوول"),
        (["رئيس", "رييس"], "رييس"),
        (["بـ”الجيش", "ب”الجيش"], "ب”الجيش"),
        (["\u200fداعش\u200e", "دا\u200cعش", "داعش\ufeff"], "داعش"),
        (["ﻻ", "لا"], "لا"),
        (["ﷲ", "الله", "اللّٰه"], "الله"),
        (["کتاب", "كتاب"], "كتاب"),
        (["  قوات\u00a0 سورية  "], "قوات سوريه"),
        (["ISIS", "isis"], "isis"),
    ],
)
def test_spelling_variants_meet(variants: list[str], expected: str) -> None:
    assert {normalize(v) for v in variants} == {expected}


def test_digits_and_arabic_punctuation() -> None:
    assert normalize("الأحد، ١٧ ديسمبر ٢٠١٧") == "الاحد, 17 ديسمبر 2017"
    assert normalize("۱۲۳٫۵٪") == "123.5%"
    assert normalize_digits("الأحد، ١٧ ديسمبر ٢٠١٧") == "الأحد، 17 ديسمبر 2017"


def test_strip_diacritics_keeps_letters() -> None:
    assert strip_diacritics("تُقِرُّ بِمُكافَحَةِ") == "تقر بمكافحة"
    assert strip_diacritics("أمـــريكا") == "أمريكا"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name[:3])
def test_seed_tokens_agree_with_words(path: Path) -> None:
    """Index side (tokens of the original) and query side (words of the normalized text) see the same words."""
    text = path.read_text(encoding="utf-8")
    tokens = tokenize(text)
    assert [t.norm for t in tokens] == words(text)
    assert all(text[t.start : t.end] == t.text for t in tokens)


def test_token_keeps_marks_for_display_and_drops_them_for_matching() -> None:
    (token,) = tokenize("تقرّ")
    assert (token.text, token.norm) == ("تقرّ", "تقر")
    assert [t.text for t in tokenize("ـــ ٣٫٥ بـ”الجيش")] == ["٣٫٥", "بـ", "الجيش"]
