"""Persuasion techniques: the shipped model, lexicon cues, offsets into the original text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tahqiq.text import split_sentences
from tahqiq.text.persuasion import (
    MODEL_CUE,
    TechniqueSpan,
    canonical_technique,
    classify_span,
    coarse_class,
    detector_scores,
    find_techniques,
    lexicon_party,
    load_model,
    techniques,
)

LOADED = "وقصفت الميليشيات الإرهابية المدعومة من الاحتلال حيا سكنيا في مجزرة وحشية جديدة."
NEUTRAL = "افتتح وزير النقل يوم الأحد طريقا جديدا يربط بين المدينتين بطول أربعين كيلومترا."


def test_shipped_model_loads_with_the_eighteen_techniques() -> None:
    model = load_model()
    assert len(techniques()) == 18
    assert "Loaded_Language" in techniques() and "Name_Calling,Labeling" in techniques()
    assert model.meta["licences"] == {"ptc_ar": "CC0-1.0", "ans": "Apache-2.0", "newsfane": "CC-BY-SA-3.0"}
    assert model.meta["weights_licence"] == "CC-BY-SA-3.0" and "NewsFANE" in model.meta["attribution"]
    assert 0.0 < model.threshold < 1.0


def test_classify_span_is_a_distribution_over_techniques() -> None:
    ranked = classify_span("عصابات إرهابية مسلحة")
    assert len(ranked) == 18
    assert abs(sum(p for _, p in ranked) - 1.0) < 1e-4
    assert [p for _, p in ranked] == sorted((p for _, p in ranked), reverse=True)
    assert ranked[0][0] in ("Name_Calling,Labeling", "Loaded_Language")


def test_loaded_sentence_gets_labelling_with_its_cue() -> None:
    """«الميليشيات» is a label and «مجزرة» a loaded word; each span names the entry that fired."""
    spans = find_techniques(LOADED)
    by_cue = {s.cue: s for s in spans}
    assert by_cue["الميليشيات"].technique == "Name_Calling,Labeling"
    assert LOADED[by_cue["الميليشيات"].start : by_cue["الميليشيات"].end] == "الميليشيات"
    assert by_cue["مجزره"].technique == "Loaded_Language"
    assert {s.technique for s in spans} >= {"Name_Calling,Labeling", "Loaded_Language"}


def test_model_flags_a_sentence_without_lexicon_cue() -> None:
    """A rhetorical question casting doubt, with no lexicon entry in it: the model span covers it."""
    text = "هل يمكن لأحد أن يصدق هذه الرواية بعد الآن؟"
    (span,) = find_techniques(text)
    assert span.cue == MODEL_CUE
    assert (span.start, span.end) == (0, len(text))
    assert span.technique == "Doubt"
    assert span.score >= load_model().threshold


def test_article_scoring_matches_sentence_scoring() -> None:
    """find_techniques scores all sentences of an article at once; the numbers equal one-by-one scoring."""
    text = "\n".join([NEUTRAL, LOADED, "هل يمكن لأحد أن يصدق هذه الرواية بعد الآن؟", "أمريكا أولا، ودائما!"])
    sentences = [(s.start, s.end) for s in split_sentences(text)]
    expected = detector_scores([text[a:b] for a, b in sentences])
    flagged = {(s.start, s.end): s.score for s in find_techniques(text) if s.cue == MODEL_CUE}
    threshold = load_model().threshold
    for (a, b), p in zip(sentences, expected, strict=True):
        assert ((a, b) in flagged) == (p >= threshold)
        if (a, b) in flagged:
            assert abs(flagged[(a, b)] - p) < 1e-6


def test_neutral_news_sentence_gets_no_span() -> None:
    assert find_techniques(NEUTRAL) == ()


def test_offsets_slice_the_original_with_diacritics_and_proclitics() -> None:
    """Matching is on normalized words; the span is the word as written, with its harakat."""
    text = "قال المتحدث:\nوالمَيليشيات المسلّحة «المزعومة» انسحبت."
    spans = find_techniques(text)
    assert [text[s.start : s.end] for s in spans if s.cue != MODEL_CUE] == ["والمَيليشيات", "المزعومة"]


def test_multiword_entry_and_party_hint() -> None:
    text = "وهاجم ما يسمى الجيش الحر المدينة."
    (hit,) = [s for s in find_techniques(text) if s.cue != MODEL_CUE]
    assert text[hit.start : hit.end] == "ما يسمى"
    assert lexicon_party("النظام") == "opposition"
    assert lexicon_party("الإرهابيين") == "government"


def test_given_sentences_are_used() -> None:
    """With sentence offsets from the caller, spans come out the same as with tahqiq's own split."""
    text = NEUTRAL + " " + LOADED
    assert find_techniques(text, [(0, len(NEUTRAL)), (len(NEUTRAL) + 1, len(text))]) == find_techniques(text)


def test_label_spellings_fold_to_one_name() -> None:
    assert canonical_technique("Name_Calling-Labeling") == "Name_Calling,Labeling"
    assert canonical_technique("Appeal_to_Fear-Prejudice") == "Appeal_to_fear-prejudice"
    assert canonical_technique("flag waving") == "Flag-Waving"
    assert canonical_technique("no_technique") is None
    assert coarse_class("Doubt") == "Attack_on_Reputation"


def test_span_record_serializes() -> None:
    span = TechniqueSpan("Doubt", 1, 4, 0.5, "model")
    assert span.to_dict() == {"technique": "Doubt", "start": 1, "end": 4, "score": 0.5, "cue": "model"}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_and_offsets_stay_inside(text: str) -> None:
    for span in find_techniques(text):
        assert 0 <= span.start < span.end <= len(text)
        assert 0.0 <= span.score <= 1.0
        assert span.technique in techniques()


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.sampled_from(["الميليشيات", "النظام", " ", "\n", ".", "ما", "يسمى", "!", "«", "»", "مجزرة"]))
)
def test_lexicon_words_in_any_order(parts: list[str]) -> None:
    text = "".join(parts)
    for span in find_techniques(text):
        assert text[span.start : span.end].strip() == text[span.start : span.end]
