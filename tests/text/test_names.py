"""The name recogniser: shipped weights, names beyond the gazetteer, offsets into the original text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tahqiq.errors import ModelError
from tahqiq.fixtures import sample_sentences
from tahqiq.text.clitics import cut_clitics
from tahqiq.text.lexicon import load_table
from tahqiq.text.name_features import gap_class, pieces
from tahqiq.text.names import (
    TAGS,
    Name,
    NameKind,
    find_names,
    load_name_model,
    model_from_arrays,
    read_meta,
    spans,
)

from ..conftest import ROOT, SHARED_DATA

LAVROV = "وقال وزير الخارجية الروسي سيرغي لافروف في مؤتمر صحفي بموسكو إن بلاده لن تسمح بذلك."
MOD = "وأعلنت وزارة الدفاع الروسية أن طائراتها قصفت مواقع للمسلحين قرب مدينة الحسكة."


def found(text: str) -> set[tuple[str, NameKind]]:
    return {(n.text, n.kind) for n in find_names(text)}


class TestShippedModel:
    def test_person_after_title(self) -> None:
        """A minister named after his title is a person, without his title."""
        assert ("سيرغي لافروف", NameKind.PER) in found(LAVROV)

    def test_organisation_and_place(self) -> None:
        """A ministry with its adjective is one organisation; a city after «مدينة» is a place."""
        names = found(MOD)
        assert ("وزارة الدفاع الروسية", NameKind.ORG) in names
        assert ("الحسكة", NameKind.LOC) in names

    def test_place_after_preposition_keeps_clitic_out(self) -> None:
        """«بدمشق» is ب + دمشق: the place starts after the preposition."""
        text = "ووصل الوفد بالأمس إلى دمشق قادما من بغداد."
        assert found(text) == {("دمشق", NameKind.LOC), ("بغداد", NameKind.LOC)}
        text = "وقتل ثلاثة مدنيين بدمشق أمس."
        names = find_names(text)
        assert [(n.text, n.kind) for n in names] == [("دمشق", NameKind.LOC)]
        assert text[names[0].start - 1] == "ب"

    def test_agency_credit(self) -> None:
        """A wire credit in brackets is a medium; the dateline before it a place."""
        names = found("بغداد (رويترز) - قال مسؤول في الأمم المتحدة إن المساعدات وصلت.")
        assert ("رويترز", NameKind.MEDIA) in names
        assert ("بغداد", NameKind.LOC) in names

    def test_no_name_runs_across_a_bracket(self) -> None:
        for name in find_names("وقالت وكالة الأنباء السورية (سانا) إن الجيش انسحب."):
            assert "(" not in name.text and ")" not in name.text

    def test_names_are_records(self) -> None:
        name = find_names(LAVROV)[0]
        assert isinstance(name, Name)
        assert 0 < name.score <= 1
        with pytest.raises(AttributeError):
            name.kind = NameKind.LOC  # type: ignore[misc]

    def test_offsets_keep_diacritics_and_marks(self) -> None:
        """Harakat and a bidi mark inside a word stay in the displayed name."""
        text = "قال وزيرُ الخارجية الروسي سيرغي لافروفُ\u200f إن الهدنة صامدة."
        names = find_names(text)
        person = [n for n in names if n.kind is NameKind.PER]
        assert person and person[0].text == "سيرغي لافروفُ"
        assert all(text[n.start : n.end] == n.text for n in names)

    def test_deterministic(self) -> None:
        """The same text gives the same names, in a second call and after the caches fill."""
        first = find_names(MOD + " " + LAVROV)
        for _ in range(3):
            assert find_names(MOD + " " + LAVROV) == first

    def test_fast_path_decodes_as_whole_sequences(self) -> None:
        """Skipping sure non-names and decoding windows gives what decoding every sentence whole gives."""
        model = load_name_model()
        for text in [*sample_sentences(), "\n".join(sample_sentences()[:30]), MOD + LAVROV]:
            assert model.find(text) == model.find_exact(text)

    def test_word_lists_load_cleanly(self) -> None:
        for name in ("name_triggers", "name_words"):
            assert load_table(name).problems == ()
        classes = load_table("newsfane_classes", ("fine", "kind"))
        assert classes.problems == ()
        assert {row["kind"] for row in classes.rows} == {"PER", "ORG", "MEDIA", "LOC", "-"}

    def test_empty_and_non_arabic(self) -> None:
        assert find_names("") == ()
        assert find_names("   \n\t ") == ()
        assert isinstance(find_names("Sergei Lavrov said 42."), tuple)


class TestModelFile:
    def test_metadata_records_licence_and_scores(self) -> None:
        meta = read_meta()
        assert meta["licence"] == "CC BY-SA 3.0 Unported"
        assert "Alotaibi" in meta["attribution"] and "NewsFANE" in meta["attribution"]
        assert set(meta["split"]) >= {"rule", "train", "dev", "test"}
        for part in ("dev", "test"):
            assert 0 < meta["scores"][part]["all"]["f1"] <= 1

    def test_weights_file_is_small(self) -> None:
        path = ROOT / "src" / "tahqiq" / "data" / "models" / "names.npz"
        assert path.stat().st_size < 5 * 2**20

    def test_other_layout_is_refused_with_the_rebuild_command(self) -> None:
        meta = dict(read_meta(), hash_bits=3)
        with pytest.raises(ModelError, match=r"train_names\.py"):
            model_from_arrays({}, meta)

    def test_damaged_arrays_are_refused(self) -> None:
        with pytest.raises(ModelError, match=r"train_names\.py"):
            model_from_arrays({}, read_meta())

    def test_loaded_once(self) -> None:
        assert load_name_model() is load_name_model()


class TestPieces:
    def test_conjunction_cut_from_unknown_word(self) -> None:
        assert cut_clitics("ولافروف", frozenset({"لافروف"})) == (1,)

    def test_known_word_stays_whole(self) -> None:
        assert cut_clitics("وزاره", frozenset({"وزاره"})) == ()
        assert cut_clitics("بوتين", frozenset({"بوتين"})) == ()

    def test_conjunction_and_preposition_before_article(self) -> None:
        assert cut_clitics("وبالحسكه", frozenset()) == (1, 2)

    def test_piece_offsets_slice_the_original(self) -> None:
        text = "وَلافروف قال"
        got = pieces(text, frozenset({"لافروف"}))
        assert [text[p.start : p.end] for p in got] == ["وَ", "لافروف", "قال"]
        assert [p.gap for p in got] == ["^", "+", ""]

    def test_gap_classes(self) -> None:
        assert gap_class(" ") == ""
        assert gap_class(" ( ") == gap_class("(") == "("
        assert gap_class("» ،\n") == "q,n"

    def test_spans_from_tags(self) -> None:
        index = {tag: i for i, tag in enumerate(TAGS)}
        tags = [index[t] for t in ("B-PER", "I-PER", "O", "B-LOC", "B-ORG", "I-ORG")]
        assert spans(tags) == [(0, 2, NameKind.PER), (3, 4, NameKind.LOC), (4, 6, NameKind.ORG)]


ARABISH = st.text(
    alphabet=st.sampled_from(
        list("سيرغي لافروف وزارة الدفاع الحسكة بالرقة ()«»،.:\n\u200f\u0640\u064e\u0651ﻻأإآىة٣٫5 A-z")
    ),
    max_size=200,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(ARABISH, st.text(max_size=120)))
def test_never_raises_and_offsets_slice_the_original(text: str) -> None:
    """Any text: no exception, and every name is the original text between its offsets."""
    names = find_names(text)
    previous_end = 0
    for name in names:
        assert 0 <= name.start < name.end <= len(text)
        assert text[name.start : name.end] == name.text
        assert name.start >= previous_end
        assert isinstance(name.kind, NameKind)
        previous_end = name.end
    assert find_names(text) == names
    assert load_name_model().find_exact(text) == names


NEWSFANE = SHARED_DATA / "newsfane" / "NewsFANE_Gold_2014_170K.txt"


@pytest.mark.slow
@pytest.mark.shared_data
def test_training_is_deterministic(tmp_path: Path) -> None:
    """Two runs of the training script on the same data write byte-identical weights."""
    outputs = []
    for run in ("a", "b"):
        out = tmp_path / run
        script = str(ROOT / "scripts" / "train_names.py")
        subprocess.run(
            [sys.executable, script, "--data", str(NEWSFANE), "--out", str(out), "--epochs", "2"],
            check=True,
            capture_output=True,
        )
        outputs.append(((out / "names.npz").read_bytes(), json.loads((out / "names.json").read_text())))
    assert outputs[0] == outputs[1]
