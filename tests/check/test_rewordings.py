"""The sample claim, worded a dozen ways: the same evidence, never "supported".

Both state-outlet reports that carry the Hmeimim statement (000 and 002) must be found and read as
agreeing however the claim is worded; the opposition report (004), which carries the accusation
and then a journalist's denial, must never be read as agreeing; and since the agreeing reports are
echoes of one statement, the verdict must never be "supported".
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tahqiq.api import Tahqiq

from ..conftest import SAMPLE_CLAIM, article_id_for

# Two wordings still lose report 002 to "discuss": its one sentence carrying the statement is 70
# words long and shares only part of their wording («تنشئ» is stemmed apart from «إنشاء»; the long
# form's other details are spread over the article). Strict, so the day they pass the marks go.
STANCE_MISS = pytest.mark.xfail(
    strict=True, reason="report 002 read as discuss: partial wording overlap in one long sentence"
)
REWORDINGS = (
    SAMPLE_CLAIM,
    "واشنطن تدرب عناصر منشقة عن تنظيم داعش في الحسكة",
    "الولايات المتحدة تدرب منشقين عن تنظيم الدولة في محافظة الحسكة",
    "الأمريكيون يدربون مسلحين انشقوا عن داعش قرب الحسكة",
    "في الحسكة، تدرب القوات الأمريكية منشقين عن داعش",
    "تدريب منشقين عن داعش على يد القوات الأمريكية في الحسكة",
    "أمريكا تدرب منشقين عن داعش",
    pytest.param(
        "القوات الأمريكية أنشأت قاعدة قرب الحسكة لتدريب منشقين عن تنظيم داعش بهدف تشكيل جيش سوري جديد "
        "ونقله لاحقا لقتال القوات الحكومية في جنوب سوريا",
        marks=STANCE_MISS,
    ),
    "القوات الأميركية تدرب منشقين عن داعش في الحسكة",
    "مدربون عسكريون أمريكيون يشكلون وحدات من منشقين عن داعش في الحسكة",
    "الجيش الأمريكي يدرب مقاتلين سابقين في داعش بالحسكة",
    pytest.param("واشنطن تنشئ جيشا سوريا جديدا من منشقي داعش في الحسكة", marks=STANCE_MISS),
    "القوات الامريكيه تدرب منشقين عن داعش في الحسكه",
)
AGREEING = ("000_d620f0c0ea8628c3.txt", "002_b4dab204269f636e.txt")
OPPOSITION = "004_9a22f17ed7bf8f62.txt"


@pytest.mark.parametrize("claim", REWORDINGS)
def test_every_rewording_finds_the_same_evidence(sample_store: Tahqiq, claim: str) -> None:
    report = sample_store.check(claim)
    stance = {e.article.id: e.stance.stance for e in report.evidence}
    for name in AGREEING:
        assert stance.get(article_id_for(sample_store, name)) == "agree", (name, stance)
    assert stance.get(article_id_for(sample_store, OPPOSITION)) != "agree"
    assert report.verdict.label != "supported"


ON_TOPIC = (
    (
        "الحسكة: اشتباكات بين قسد والجيش السوري",
        "اندلعت اشتباكات بين قوات سوريا الديمقراطية والجيش السوري في أحياء مدينة الحسكة، وقال مصدر محلي إن الاشتباكات أوقعت قتلى من الجانبين.",
    ),
    (
        "داعش يتبنى هجوما في ريف الحسكة",
        "أعلن تنظيم داعش مسؤوليته عن هجوم استهدف حاجزا لقوات سوريا الديمقراطية في ريف الحسكة الجنوبي، بحسب وكالة أعماق التابعة للتنظيم.",
    ),
    (
        "التحالف الدولي يعزز قواعده شرق سوريا",
        "أرسل التحالف الدولي بقيادة الولايات المتحدة تعزيزات عسكرية إلى قواعده في الحسكة ودير الزور، وقالت مصادر إن التعزيزات شملت مدرعات وأجهزة اتصال.",
    ),
    (
        "الجيش السوري يتقدم في البادية",
        "تقدم الجيش السوري في البادية السورية على حساب تنظيم داعش، وقالت وسائل إعلام رسمية إن القوات الحكومية سيطرت على عدة تلال استراتيجية قرب الحدود.",
    ),
)


def test_on_topic_articles_do_not_hide_the_denial(sample_store: Tahqiq, tmp_path: Path) -> None:
    extra = tmp_path / "on_topic.jsonl"
    extra.write_text(
        "\n".join(json.dumps({"title": t, "text": x}, ensure_ascii=False) for t, x in ON_TOPIC),
        encoding="utf-8",
    )
    assert len(sample_store.ingest([str(extra)]).added) == 4
    report = sample_store.check(SAMPLE_CLAIM)
    stance = {e.article.id: e.stance.stance for e in report.evidence}
    assert stance.get(article_id_for(sample_store, OPPOSITION)) == "disagree"
    assert report.verdict.label == "disputed"
