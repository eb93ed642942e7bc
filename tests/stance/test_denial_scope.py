"""A denial counts against a claim only when what it denies is the claim."""

from __future__ import annotations

import pytest

from tahqiq.stance import load_model
from tahqiq.text import split_sentences

from ..conftest import EXAMPLES, SAMPLE_CLAIM

TRAINING_CLAIM = "القوات الأمريكية تدرب مقاتلين سابقين في تنظيم داعش في مدينة الحسكة"
# The page repeats the claim in its lead, turns to other news, and only that other news is denied.
OTHER_NEWS_DENIED = (
    "أفاد مركز المصالحة الروسي بأن القوات الأمريكية تدرب مقاتلين سابقين في تنظيم داعش في مدينة الحسكة. "
    "وأضاف المركز أن التدريبات تجري في معسكر قرب المدينة منذ أسابيع. "
    "وفي سياق آخر، تحدثت صفحات محلية عن اشتباكات بين عشائر في بلدة الشحيل بريف دير الزور الشرقي. "
    "وقالت الصفحات إن الاشتباكات أوقعت جرحى من الطرفين. "
    "ونفت مصادر محلية أخرى صحة هذه الأنباء."
)
# The same page without the turn: now "these reports" are the lead, and the denial is aimed at it.
LEAD_DENIED = (
    "أفاد مركز المصالحة الروسي بأن القوات الأمريكية تدرب مقاتلين سابقين في تنظيم داعش في مدينة الحسكة. "
    "وأضاف المركز أن التدريبات تجري في معسكر قرب المدينة منذ أسابيع. "
    "ونفت مصادر محلية في المدينة صحة هذه الأنباء جملة وتفصيلا."
)
DENIAL_CLAIM = "نفى وزير المالية أن تكون استقالته مرتبطة بالخلاف مع رئيس الحكومة"
DENIAL_REPORTED = (
    "نفى وزير المالية أن تكون استقالته مرتبطة بالخلاف مع رئيس الحكومة. "
    "وقال الوزير في مؤتمر صحفي إنه قرر الرحيل لأسباب عائلية بحتة. "
    "وكان الوزير قد قدم استقالته يوم الأحد الماضي."
)


@pytest.mark.parametrize("model_name", ["default", "fast"])
def test_a_denial_of_other_news_on_the_page_does_not_dispute_the_claim(model_name: str) -> None:
    result = load_model(model_name).predict(TRAINING_CLAIM, split_sentences(OTHER_NEWS_DENIED))
    assert result.stance != "disagree"
    assert not any("نفت" in r.text for r in result.rationales)


@pytest.mark.parametrize("model_name", ["default", "fast"])
def test_a_denial_of_these_reports_right_after_the_lead_disputes_it(model_name: str) -> None:
    result = load_model(model_name).predict(TRAINING_CLAIM, split_sentences(LEAD_DENIED))
    assert result.stance == "disagree"
    assert any("نفت" in r.text for r in result.rationales)


@pytest.mark.parametrize("model_name", ["default", "fast"])
def test_a_denial_the_claim_itself_states_is_agreement_when_reported(model_name: str) -> None:
    result = load_model(model_name).predict(DENIAL_CLAIM, split_sentences(DENIAL_REPORTED))
    assert result.stance == "agree"


def test_the_sample_denial_far_below_the_lead_still_counts() -> None:
    text = (EXAMPLES / "004_9a22f17ed7bf8f62.txt").read_text(encoding="utf-8")
    result = load_model("default").predict(SAMPLE_CLAIM, split_sentences(text))
    assert result.stance == "disagree"
    assert any("نفى الصحافي" in r.text for r in result.rationales)
