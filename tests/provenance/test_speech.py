"""The speech lexicon: verbs and word groups read from data/lexicon, bad rows named by line."""

from __future__ import annotations

import pytest

from tahqiq.provenance.speech import VERB_COLUMNS, is_relay, speech_verb, speech_words, verb_forms
from tahqiq.text import normalize
from tahqiq.text.lexicon import DataFileWarning, parse_table


def test_every_form_of_a_verb_agrees_with_its_speaker() -> None:
    said = speech_verb(normalize("وأضافت"))
    assert said is not None
    form, conjunction = said
    assert (form.lemma, form.verb_class, form.agreement, form.participle, conjunction) == (
        "أضاف",
        "asserts",
        "f",
        False,
        True,
    )
    participle = speech_verb(normalize("نافياً"))
    assert participle is not None and participle[0].verb_class == "denies" and participle[0].participle
    assert is_relay(normalize("ونقلت")) and not is_relay(normalize("نقلته"))


def test_a_verb_row_with_an_unknown_class_is_skipped_and_named_by_line() -> None:
    text = (
        "\t".join(VERB_COLUMNS)
        + "\nقال\tasserts\tno\tقال\tقالت\tقالوا\tقائلا\tقائلة\nهمس\twhispers\tno\tهمس\tهمست\tهمسوا\t-\t-\n"
    )
    table = parse_table("speech_verbs", text, "speech_verbs.tsv", VERB_COLUMNS)
    with pytest.warns(DataFileWarning, match=r"data/lexicon/speech_verbs.tsv:3: class must be one of"):
        forms = verb_forms(table)
    assert normalize("قالت") in forms and normalize("همس") not in forms


def test_quotes_and_citations_share_one_list_of_source_words() -> None:
    words = speech_words()
    assert {normalize("دبلوماسي"), normalize("مصادر")} <= words.anonymous
    assert normalize("شهود") in words.eyewitness
    assert ("ما", normalize("يسمى")) in words.distancing_by_first["ما"]
