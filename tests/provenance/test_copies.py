"""Copied-passage detection on generated texts with known copies."""

from __future__ import annotations

import random

from tahqiq.provenance.copies import MIN_WORDS, copied_passages, fingerprint

WORDS = [
    "قال",
    "المتحدث",
    "باسم",
    "الوزارة",
    "إن",
    "القوات",
    "وصلت",
    "إلى",
    "المدينة",
    "بعد",
    "معارك",
    "عنيفة",
    "مع",
    "المسلحين",
    "في",
    "الريف",
    "الشرقي",
    "وأضاف",
    "أن",
    "الطائرات",
    "قصفت",
    "مواقع",
    "التنظيم",
    "قرب",
    "النهر",
    "حيث",
    "فر",
    "عشرات",
    "المقاتلين",
    "نحو",
    "الحدود",
    "الجنوبية",
]


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def test_planted_passage_is_found_with_exact_spans() -> None:
    rng = random.Random(7)
    passage = (
        "أعلن مركز المصالحة الروسي في قاعدة حميميم أن المدربين الأمريكيين ينشئون وحدات جديدة قرب مخيم للاجئين"
    )
    a = _text(rng, 40) + " " + passage + " " + _text(rng, 30)
    b = "مقدمة مختلفة تماما عن الموضوع. " + passage + " وخاتمة لا تشبه شيئا"
    [copy] = copied_passages(fingerprint(1, a), fingerprint(2, b))
    assert copy.passage == passage
    assert copy.passage_other == passage
    assert a[copy.spans[0].start : copy.spans[0].end] == passage
    assert b[copy.spans[1].start : copy.spans[1].end] == passage


def test_spelling_variants_and_small_edits_still_match() -> None:
    a = "أكد المركز أن المدربين العسكريين الأميركيين يقومون بإنشاء وحدات عسكرية جديدة تحت مسمى «الجيش السوري الجديد» قرب الحسكة"
    b = "كما أكدت الوزارة أن المدربين العسكريين الأمريكيين يقومون بإنشاء وحدات عسكرية جديدة تحت مسمى “الجيش السوري الجديد” قرب الحسكة"
    copies = copied_passages(fingerprint(1, a), fingerprint(2, b))
    assert copies and copies[0].words >= 12


def test_unrelated_texts_share_nothing() -> None:
    rng = random.Random(3)
    a, b = _text(rng, 200), "ارتفعت أسعار الذهب في الأسواق العالمية اليوم بعد قرار البنك المركزي خفض الفائدة"
    assert copied_passages(fingerprint(1, a), fingerprint(2, b)) == []


def test_short_common_phrases_are_not_copies() -> None:
    a = "قال المتحدث باسم وزارة الدفاع الروسية إن الوضع هادئ"
    b = "وقال المتحدث باسم وزارة الدفاع الروسية أمس إن الطائرات عادت"
    assert all(c.words >= MIN_WORDS for c in copied_passages(fingerprint(1, a), fingerprint(2, b)))
