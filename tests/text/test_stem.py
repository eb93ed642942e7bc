"""Stems for search: clitic and relative-adjective forms meet, and index and query sides agree."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tahqiq.text import normalize, split_sentences, stem, stems, stopwords, strip_proclitics

EXAMPLES = Path(__file__).parents[2] / "examples"
CLAIM = "القوات الأمريكية تدرب منشقين عن داعش في الحسكة"


def _stem(word: str) -> str:
    return stem(normalize(word))


@pytest.mark.parametrize(
    "forms",
    [
        ["الحسكة", "حسكة", "وبالحسكة", "بالحسكة", "والحسكة", "للحسكة"],
        ["اللاجئين", "لاجئين", "للاجئين", "لللاجئين", "واللاجئين"],
        ["إنشاء", "بإنشاء", "لإنشاء", "الإنشاء", "وبإنشاء"],
        ["القوات", "قوات", "والقوات", "للقوات", "بالقوات", "فالقوات", "كالقوات", "وللقوات"],
        ["تدريب", "بتدريب", "لتدريب", "والتدريب", "التدريب"],
        ["أمريكي", "الأمريكية", "أمريكية", "الأميركيين", "الأمريكيين", "الأمريكيون", "أمريكا", "وأمريكا"],
        ["سوريا", "سورية", "السورية", "سوري", "السوريين"],
        ["إيران", "وإيران", "لإيران", "بإيران"],
        ["اللجنة", "للجنة", "لجنة"],
        ["واشنطن", "لواشنطن", "بواشنطن"],
    ],
)
def test_forms_with_and_without_clitics_share_a_stem(forms: list[str]) -> None:
    assert len({_stem(f) for f in forms}) == 1, {f: _stem(f) for f in forms}


@pytest.mark.parametrize(
    ("word", "core"),
    [
        ("وبالحسكه", "حسكه"),
        ("للقوات", "قوات"),
        ("للجنه", "لجنه"),  # ل + اللجنه: the second lam is the word's own
        ("واضح", "واضح"),  # words that only look like a clitic plus a word keep their letter
        ("فارس", "فارس"),
        ("واصلت", "واصلت"),
        ("الله", "الله"),  # a clitic goes only when three letters remain
        ("بلد", "بلد"),
        ("isis", "isis"),
        ("2017", "2017"),
    ],
)
def test_strip_proclitics(word: str, core: str) -> None:
    assert strip_proclitics(word) == core


# Words that do not begin with a letter that could be a clitic (و ف ب ك ل) or with alef.
plain_words = st.text(
    alphabet=st.sampled_from(list("تثجحخدذرزسشصضطظعغقمنهيء")), min_size=1, max_size=1
).flatmap(
    lambda first: st.text(
        alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي")), min_size=2, max_size=7
    ).map(lambda rest: first + rest)
)
PREFIXES = ["و", "ف", "ب", "ل", "ال", "وال", "بال", "كال", "فال", "لل", "وب", "ول", "فب", "وبال", "ولل"]


@settings(deadline=None)
@given(plain_words, st.sampled_from(PREFIXES))
def test_any_word_and_its_clitic_form_get_the_same_stem(word: str, prefix: str) -> None:
    assume(strip_proclitics("ل" + word) != "ل" + word)  # not one of the few words listed as lam-initial
    assert stem(prefix + word) == stem(word)
    assert strip_proclitics(prefix + word) == word


@settings(deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويء")), max_size=10))
def test_strip_proclitics_is_a_fixed_point(word: str) -> None:
    core = strip_proclitics(word)
    assert strip_proclitics(core) == core
    assert word.endswith(core)


def test_claim_and_seed_sentences_meet_on_their_key_stems() -> None:
    """The sample claim and the sentences of 000 and 002 that report it share their content stems."""
    claim = set(stems(CLAIM))
    assert {_stem("الأمريكية"), _stem("منشقين"), _stem("داعش"), _stem("الحسكة"), _stem("القوات")} <= claim
    for name, needle in (("000", "المدربين العسكريين الأميركيين"), ("002", "المدربين العسكريين الأمريكيين")):
        text = next(EXAMPLES.glob(f"{name}_*.txt")).read_text(encoding="utf-8")
        (sentence,) = [s for s in split_sentences(text) if needle in s.text]
        shared = claim & set(stems(sentence.text))
        # أميركيين/أمريكية, منشقة/منشقين, الحسكة: three of the claim's words, whatever the spelling.
        assert {_stem("أمريكية"), _stem("منشقين"), _stem("الحسكة")} <= shared, shared


def test_claim_meets_the_denying_report_too() -> None:
    text = next(EXAMPLES.glob("004_*.txt")).read_text(encoding="utf-8")
    (sentence,) = [s for s in split_sentences(text) if "لتدريب المنشقين" in s.text]
    assert {_stem("القوات"), _stem("الأمريكية"), _stem("الحسكة")} <= set(stems(sentence.text))
    assert _stem("لتدريب") == _stem("تدريب") == _stem("بتدريب")


def test_stems_are_in_order_and_drop_stop_words() -> None:
    assert stems("في من على") == []
    assert stems("في الحسكة والقوات") == [_stem("حسكة"), _stem("قوات")]
    assert stems("في الحسكة", drop_stopwords=False)[0] == "في"
    assert "في" in stopwords() and normalize("إلى") in stopwords()


def test_stem_passes_latin_and_digits_through() -> None:
    assert stems("ISIS 2017 ٢٠١٧") == ["isis", "2017", "2017"]


def test_recent_texts_are_served_from_memory_and_bounded() -> None:
    import importlib

    stem_module = importlib.import_module("tahqiq.text.stem")

    text = "القوات الأمريكية تدرب منشقين عن داعش في الحسكة"
    first = stem_module.stems(text)
    assert stem_module._RECENT[text] == tuple(first)
    first.append("x")  # a caller's list is its own
    assert stem_module.stems(text) == first[:-1]
    # What an ingest worker computed is taken as is for the same text.
    stem_module.remember_stems("نص آخر", ["نص", "اخر"])
    assert stem_module.stems("نص آخر") == ["نص", "اخر"]
    for i in range(stem_module.RECENT_TEXTS + 10):
        stem_module.stems(f"خبر {i}")
    assert len(stem_module._RECENT) == stem_module.RECENT_TEXTS
    assert text not in stem_module._RECENT
