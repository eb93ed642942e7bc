"""Check-worthiness judgements written as tests: which sentences state a verifiable fact, and which rank higher."""

from __future__ import annotations

import pytest

from tahqiq.report.checkworthy import THRESHOLD, WEIGHTS, features, loaded_share, score, spread, states_fact


def _score(text: str, **kw: float | bool) -> float:
    return score(features(text, **kw))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "وزارة الصحة: تسجيل 320 إصابة جديدة بفيروس كورونا في دمشق خلال 24 ساعة",
        "أعلنت وزارة الدفاع الروسية أمس مقتل الفريق فاليري أسابوف في دير الزور",
        "قتل 12 مدنياً في قصف استهدف مدينة إدلب صباح اليوم",
    ],
)
def test_a_stated_fact_is_check_worthy(text: str) -> None:
    assert _score(text) >= THRESHOLD


@pytest.mark.parametrize(
    "text",
    [
        "صباح الخير يا أحبة، جمعة مباركة على الجميع",
        "ما رأيكم في المباراة أمس؟ كانت ممتعة جدا",
        "هل يمكن لأحد أن يصدق هذه الرواية بعد الآن؟",
        "شكرا لكم",
        "نتمنى لكم قراءة ممتعة ومفيدة",
    ],
)
def test_greetings_questions_and_opinions_are_not(text: str) -> None:
    assert _score(text) < THRESHOLD


def test_who_said_it_counts_more_than_that_someone_did() -> None:
    plain = "الولايات المتحدة تدرب مسلحين قرب الحسكة"
    assert _score(plain, speech=True, actor=True) > _score(plain)


def test_loaded_language_takes_a_little_off() -> None:
    text = "قصفت القوات مدينة حلب أمس"
    assert _score(text, loaded=0.5) < _score(text)
    assert _score(text, loaded=0.5) > _score(text) - 0.2


def test_a_claim_more_independent_origins_carry_ranks_higher() -> None:
    assert spread(1, 1) == 0
    assert spread(3, 2) > spread(3, 1) > spread(1, 1)
    assert spread(2, 2) == pytest.approx(1.0)


def test_no_fact_no_claim() -> None:
    assert not states_fact(features("وهذا أمر مؤسف جدا"))
    assert states_fact(features("وصل 750 مسلحا"))


def test_every_feature_has_a_weight() -> None:
    assert set(features("نص")) | {"spread", "bias"} == set(WEIGHTS)


def test_loaded_share_counts_overlaps_once() -> None:
    assert loaded_share(0, 10, [(0, 5), (3, 7)]) == pytest.approx(0.7)
    assert loaded_share(10, 20, [(0, 5)]) == 0.0
