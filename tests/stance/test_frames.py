"""Event frames: aspect, numbers, actors and their alignment into features and rationale notes."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tahqiq.records import Rationale, Sentence
from tahqiq.records.serialize import from_dict, to_dict
from tahqiq.stance.features import BASE_NAMES, DENSE_NAMES, lexical_matrix, lexical_vector
from tahqiq.stance.frames import FRAME_NAMES, align, frame, frames, pair_frame_features
from tahqiq.stance.trained import SentenceScore, TrainedStance, _rationale, frame_note, load_model

SIEGE_DONE = "قوات النظام تمكنت من فك الحصار عن مطار دير الزور العسكري"
SIEGE_ONGOING = "قوات النظام تتقدم باتجاه دير الزور لفك الحصار عن المطار"
RANK = "احتلت مصر المركز 28 في مؤشر التنافسية العالمي"
RANK_OTHER = "احتلت مصر المركز 528 من بين 615 في مؤشر التنافسية العالمي"
TOWN_IS = "مقاتلو التنظيم سيطروا على بلدة الراعي شمال حلب"
TOWN_FSA = "مقاتلو الجبهة الشامية سيطروا على بلدة الراعي شمال حلب"


def test_done_against_ongoing() -> None:
    claim, sentence = frame(SIEGE_DONE), frame(SIEGE_ONGOING)
    assert claim.aspect == "done"
    assert sentence.aspect == "ongoing"
    assert claim.actors == sentence.actors == ("النظام",)
    alignment = align(claim, sentence)
    assert alignment.act >= 0.5
    assert alignment.conflict("aspect") is not None
    assert alignment.note() == "the claim says done; this report says ongoing"


def test_a_conflicting_number_with_the_same_unit() -> None:
    alignment = align(frame(RANK), frame(RANK_OTHER))
    found = alignment.conflict("number")
    assert found is not None and (found.claim, found.sentence) == ("28", "528")
    assert alignment.note() == "the claim says number 28; this report says number 528"


def test_the_same_number_is_no_conflict() -> None:
    assert align(frame(RANK), frame(RANK)).conflicts == ()


def test_a_different_actor_for_the_same_act() -> None:
    claim, sentence = frame(TOWN_IS), frame(TOWN_FSA)
    assert claim.actors == ("التنظيم",)
    assert sentence.actors == ("الجبهه الشاميه",)
    alignment = align(claim, sentence)
    assert not alignment.same_actor
    assert alignment.conflict("actor") is not None


def test_planned_and_denied() -> None:
    assert frame("ستبدأ الحكومة توزيع المساعدات على النازحين الأسبوع المقبل").aspect == "planned"
    assert frame("من المقرر أن تعقد الجولة المقبلة من المحادثات في جنيف").aspect == "planned"
    denied = frame("نفى الجيش أن تكون قواته قد سيطرت على المدينة")
    assert denied.aspect == "denied"  # the first cue decides: نفى comes before سيطرت
    assert frame("لم تتمكن القوات من دخول المدينة").aspect == "denied"
    features = dict(
        zip(FRAME_NAMES, pair_frame_features("سيطرت القوات على المدينة", [denied_text()])[0], strict=True)
    )
    assert features["frame_denied"] > 0.0
    assert features["frame_aspect_conflict"] > 0.0


def denied_text() -> str:
    return "نفى الجيش أن تكون القوات قد سيطرت على المدينة"


def test_no_cue_no_aspect_and_an_unrelated_sentence_has_no_note() -> None:
    assert frame("الطقس معتدل في معظم المناطق").aspect is None
    alignment = align(frame(SIEGE_DONE), frame("ارتفعت أسعار الذهب في الأسواق العالمية اليوم"))
    assert alignment.act < 0.5
    assert alignment.note() is None


def test_frame_features_are_the_last_dense_columns() -> None:
    assert (*BASE_NAMES, *FRAME_NAMES) == DENSE_NAMES
    with_frames = lexical_vector(SIEGE_DONE, SIEGE_ONGOING)
    without = lexical_vector(SIEGE_DONE, SIEGE_ONGOING, frames=False)
    assert with_frames.shape[0] == without.shape[0] + len(FRAME_NAMES)
    values = dict(zip(DENSE_NAMES, with_frames[: len(DENSE_NAMES)], strict=True))
    assert values["frame_aspect_conflict"] > 0.0
    assert values["frame_same_actor"] > 0.0
    assert list(without[: len(BASE_NAMES)]) == list(with_frames[: len(BASE_NAMES)])
    both = lexical_matrix([(SIEGE_DONE, SIEGE_ONGOING), (RANK, RANK_OTHER)])
    assert both[1, DENSE_NAMES.index("frame_number_conflict")] > 0.0


def test_frames_are_read_in_one_batch_like_one_by_one() -> None:
    texts = [TOWN_FSA, "قال المتحدث باسم وزارة الخارجية الروسية ماريا زاخاروفا إن موسكو سترد", RANK]
    assert frames(texts) == [frame(t) for t in texts]


# Letters, digits, list punctuation and whole cue words, so the generated text hits the cue lists.
PIECES = [
    *"تمكنسيطرالقواتحصدير 0123456789٣«».،,|-/\n",
    "لم ",
    "ست",
    "مقاتلو ",
    "نفى ",
    "المركز ",
    "عام 2017 ",
]


def _score() -> SentenceScore:
    return SentenceScore(0, SIEGE_ONGOING, 0.8, None, 0.8, (0.1, 0.8, 0.1), 0.0, ())


def test_a_disagreeing_rationale_shows_the_frame_note() -> None:
    note = "the claim says done; this report says ongoing"
    shown = _rationale("disagree", _score(), SIEGE_DONE)
    assert shown.note == note
    assert note in shown.role
    assert _rationale("agree", _score(), SIEGE_DONE).note is None  # shown against the claim only
    assert frame_note(SIEGE_DONE, SIEGE_ONGOING) == note


def test_the_note_survives_the_json_round_trip() -> None:
    r = Rationale(3, SIEGE_ONGOING, "disagree", 0.8, "the claim says done; this report says ongoing")
    data = to_dict(r)
    assert data["note"] == r.note
    assert from_dict(Rationale, data) == r
    assert "note" not in to_dict(Rationale(3, SIEGE_ONGOING, "agree", 0.8))


def test_the_model_keeps_the_claim_for_the_notes() -> None:
    model = load_model("fast")
    assert isinstance(model, TrainedStance)
    evidence = model.evidence(SIEGE_DONE, [Sentence(0, SIEGE_ONGOING, 0, len(SIEGE_ONGOING))])
    assert evidence.claim == SIEGE_DONE
    assert [s.index for s in evidence.sentences] == [0]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(st.sampled_from(PIECES), max_size=40).map("".join) | st.text(max_size=80))
def test_frame_extraction_never_raises(text: str) -> None:
    read = frame(text)
    align(read, frame(SIEGE_DONE)).note()
    assert len(pair_frame_features(text, [SIEGE_DONE, text])) == 2


@pytest.mark.parametrize("text", ["", " ", "\n\n", "123", "٣٤٥ ٦"])
def test_a_text_without_words_has_an_empty_frame(text: str) -> None:
    read = frame(text)
    assert read.act == frozenset()
    assert read.aspect is None and read.actors == ()
