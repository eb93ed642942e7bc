"""Lines that are not prose never become stance candidates: menus, link lists, bylines, buttons."""

from __future__ import annotations

from tahqiq.records import Sentence
from tahqiq.stance.lines import is_furniture, prose_mask
from tahqiq.stance.trained import TrainedStance, load_model

PROSE = "قالت وزارة الدفاع الروسية إن الطائرات نفذت 40 طلعة جوية في ريف حلب الشمالي."
MENU = "برامج التلفزيون دروس الألمانية تعلم الألمانية أخبار رياضة ثقافة منوعات"
LINKS = "أخبار | رياضة | اقتصاد | منوعات | فيديو"
BYLINE = "بقلم: أحمد محمد"


def test_a_menu_line_is_not_prose() -> None:
    assert is_furniture(MENU)


def test_a_link_list_is_not_prose() -> None:
    assert is_furniture(LINKS)


def test_a_byline_and_buttons_are_not_prose() -> None:
    assert is_furniture(BYLINE)
    assert is_furniture("شارك")
    assert is_furniture("اقرأ أيضا")
    assert is_furniture("جميع الحقوق محفوظة لقناة العربية 2013")


def test_real_prose_and_headlines_are_kept() -> None:
    assert not is_furniture(PROSE)
    assert not is_furniture("مقتل 5 جنود أمريكيين في العراق")
    assert not is_furniture("القوات الأمريكية تدرب منشقين عن داعش في الحسكة")
    assert not is_furniture("واستنكر وزير الخارجية الفرنسي جان إيف لودريان الاعتداء .")


def test_a_run_of_short_lines_is_a_menu_but_a_lone_line_is_a_headline() -> None:
    assert prose_mask(["الرئيسية", "سياسة", "اقتصاد", PROSE]) == [False, False, False, True]
    assert prose_mask(["سياسة"]) == [True]
    assert prose_mask([PROSE, "وأضاف البيان.", PROSE]) == [True, True, True]


def test_a_menu_naming_the_claim_is_never_a_rationale() -> None:
    claim = "الطائرات الروسية نفذت 40 طلعة جوية في ريف حلب"
    menu = "الطائرات الروسية | ريف حلب | طلعة جوية | سوريا | روسيا"
    texts = [menu, PROSE, "وأشارت الوزارة إلى أن الطقس كان معتدلا."]
    sentences = [Sentence(i, t, 0, len(t)) for i, t in enumerate(texts)]
    model = load_model("fast")
    assert isinstance(model, TrainedStance)
    evidence = model.evidence(claim, sentences)
    assert 0 not in {s.index for s in evidence.sentences}
    assert all(r.index != 0 for r in model.predict(claim, sentences).rationales)
