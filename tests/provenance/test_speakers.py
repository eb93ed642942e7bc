"""Speakers, addressees, relays, documents and wire credits on sentences written for these tests.

Each test is one rule of issue 11 (items 2 and 3), on text invented here rather than taken from
the labelled pages, so the rule is tested and not the page.
"""

from __future__ import annotations

import pytest

from tahqiq.provenance.attribution import extract_attributions
from tahqiq.provenance.gazetteer import Gazetteer, load_gazetteer
from tahqiq.provenance.origins import primary_source, source_chain
from tahqiq.provenance.quotes import extract_quotes
from tahqiq.records.provenance import Attribution, Quote
from tahqiq.text import split_sentences
from tahqiq.text.quotation import quoted_spans


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer(use_env=False)


def quotes(text: str, gaz: Gazetteer) -> list[Quote]:
    return extract_quotes(text, split_sentences(text), gaz)


def credits(text: str, gaz: Gazetteer) -> list[Attribution]:
    return extract_attributions(text, split_sentences(text), gaz)


def by_verb(found: list[Quote], verb: str) -> Quote:
    hits = [q for q in found if q.verb == verb]
    assert len(hits) == 1, [(q.verb, q.speaker) for q in found]
    return hits[0]


def who(q: Quote) -> str:
    return q.speaker_canonical or q.speaker


# --- speaker before or after the verb, titles and appositions ---------------------------------


def test_title_then_name_after_the_verb(gaz: Gazetteer) -> None:
    q = by_verb(quotes("وقال وزير الزراعة العراقي مهدي ضمد القيسي إن المحصول تضاعف هذا العام .", gaz), "وقال")
    assert q.speaker.startswith("وزير الزراعة") and "القيسي" in q.speaker
    assert "إن" not in q.speaker


def test_title_comma_name_comma_time(gaz: Gazetteer) -> None:
    text = "دعا الرئيس الفرنسي , إيمانويل ماكرون , الأحد , البرلمان إلى تسريع إقرار الموازنة ."
    q = by_verb(quotes(text, gaz), "دعا")
    assert who(q) == "إيمانويل ماكرون" and "البرلمان" not in q.speaker


def test_name_with_apposition_before_the_verb(gaz: Gazetteer) -> None:
    text = "ورغم أن سلمى يوسف الخطيب , الناطقة باسم هيئة الإغاثة , قالت إن القوافل ستصل غدا ."
    q = by_verb(quotes(text, gaz), "قالت")
    assert "الخطيب" in who(q) and q.speaker_type == "person"


def test_body_named_as_a_noun_phrase_with_an_object_and_no_content_marker(gaz: Gazetteer) -> None:
    q = by_verb(quotes("أعلن مجلس الأمناء الأعلى تعيين مدير جديد للجامعة .", gaz), "أعلن")
    assert q.speaker == "مجلس الأمناء الأعلى" and q.speaker_type == "organisation"


def test_a_body_in_marks_after_the_verb_is_the_speaker_not_the_content(gaz: Gazetteer) -> None:
    q = by_verb(quotes('أعلنت " حركة النهضة " انسحابها من الائتلاف الحاكم .', gaz), "أعلنت")
    assert "حركة النهضة" in q.speaker


# --- addressees and objects are never the speaker ---------------------------------------------


def test_the_addressee_of_qala_li_is_not_the_speaker(gaz: Gazetteer) -> None:
    text = "وصل الوزير سامر النجار إلى المطار . وقال لوكالة رويترز إن المحادثات كانت مثمرة ."
    q = by_verb(quotes(text, gaz), "وقال")
    assert q.speaker_canonical != "رويترز" and "رويترز" not in q.speaker


def test_an_anonymous_speaker_stops_before_the_addressee(gaz: Gazetteer) -> None:
    q = by_verb(quotes("قال مسؤول عراقي لرويترز إن الحدود ستفتح الأسبوع المقبل .", gaz), "قال")
    assert q.speaker == "مسؤول عراقي"
    given = [a for a in credits("قال مسؤول عراقي لرويترز إن الحدود ستفتح الأسبوع المقبل .", gaz)]
    assert any(a.canonical == "رويترز" for a in given)  # the agency it was said to reported it


def test_the_object_of_a_warning_is_not_the_speaker(gaz: Gazetteer) -> None:
    q = by_verb(quotes("حذرت الحكومة المحلية من عودة تنظيم داعش إلى المنطقة .", gaz), "حذرت")
    assert q.speaker_canonical != "تنظيم الدولة الإسلامية" and "الحكومة" in q.speaker


def test_the_object_of_a_demand_is_not_the_speaker(gaz: Gazetteer) -> None:
    q = by_verb(quotes("طالب المجلس البلدي الحكومة بإصلاح الطرق قبل الشتاء .", gaz), "طالب")
    assert q.speaker == "المجلس البلدي"


# --- relays and documents -----------------------------------------------------------------------


def test_naqalat_x_an_y_qawlahu_makes_y_the_speaker_and_x_the_relay(gaz: Gazetteer) -> None:
    text = "ونقلت وكالة سانا عن محافظ حمص نادر الأحمد قوله إن الطرق آمنة ."
    q = by_verb(quotes(text, gaz), "ونقلت")
    assert "الأحمد" in who(q) and q.via == "الوكالة العربية السورية للأنباء"


def test_the_statement_speaks_for_the_body_that_issued_it(gaz: Gazetteer) -> None:
    text = "أصدرت هيئة الطاقة الذرية بيانا حول الحادث . وقال البيان إن مستوى الإشعاع طبيعي ."
    q = by_verb(quotes(text, gaz), "وقال")
    assert q.speaker == "البيان" and q.speaker_canonical == "هيئة الطاقة الذرية"


def test_a_statement_issued_by_a_named_body(gaz: Gazetteer) -> None:
    text = "وأفاد بيان صادر عن وزارة الدفاع الروسية أن الطائرة عادت إلى قاعدتها ."
    q = by_verb(quotes(text, gaz), "وأفاد")
    assert q.speaker_canonical == "وزارة الدفاع الروسية"


# --- he said, he added -------------------------------------------------------------------------


def test_he_added_goes_to_the_person_not_the_relaying_agency(gaz: Gazetteer) -> None:
    text = (
        "ونقلت وكالة رويترز عن المهندس كريم العاني قوله إن السد متين . "
        "وأضاف أن أعمال الصيانة تنتهي في الربيع ."
    )
    q = by_verb(quotes(text, gaz), "وأضاف")
    assert q.speaker_from is not None and "العاني" in who(q)


def test_a_title_alone_points_back_to_the_person_named_before(gaz: Gazetteer) -> None:
    text = "قال الباحث سعيد المصري إن الدراسة شملت ألف أسرة . وأضاف الباحث أن النتائج ستنشر قريبا ."
    q = by_verb(quotes(text, gaz), "وأضاف")
    assert "سعيد المصري" in who(q)


# --- speech verbs only as verbs, content that stops -------------------------------------------


def test_bayna_between_two_names_is_a_preposition(gaz: Gazetteer) -> None:
    found = quotes("جرت المحادثات بين مصر وروسيا في القاهرة , وأكد الطرفان أن التعاون مستمر .", gaz)
    assert all(q.verb != "بين" for q in found)


def test_content_stops_at_the_next_speaker(gaz: Gazetteer) -> None:
    text = "قال الوزير إن الاتفاق قريب , فيما نفى المتحدث باسم المعارضة ذلك ."
    found = quotes(text, gaz)
    said = by_verb(found, "قال")
    assert "نفى" not in said.content and said.content.startswith("الاتفاق قريب")


def test_spaced_straight_quotes_pair_as_written() -> None:
    text = 'أعلنت " حركة النهضة " انسحابها .'
    spans = quoted_spans(text, 0, len(text))
    assert [text[s.start : s.end].strip() for s in spans] == ["حركة النهضة"]


# --- wire credits, datelines, photo credits, the chain ----------------------------------------


def test_dateline_with_wire_credit_in_brackets(gaz: Gazetteer) -> None:
    found = [a for a in credits("عمان ( رويترز ) - ارتفعت أسعار الوقود للمرة الثالثة هذا العام .", gaz)]
    assert [(a.canonical, a.scope) for a in found] == [("رويترز", "article")]


def test_two_wires_after_a_dateline(gaz: Gazetteer) -> None:
    text = "بيروت , دمشق - أ ف ب , رويترز | ارتفعت حصيلة الضحايا إلى عشرة ."
    assert [a.canonical for a in credits(text, gaz) if a.scope == "article"] == ["فرانس برس", "رويترز"]


def test_wire_credit_at_the_end(gaz: Gazetteer) -> None:
    text = "افتتح المعرض أبوابه صباح اليوم . وشارك فيه مئة ناشر . - ( رويترز )"
    assert [a.canonical for a in credits(text, gaz) if a.scope == "article"] == ["رويترز"]


def test_a_photo_credit_is_not_a_source(gaz: Gazetteer) -> None:
    text = "جنود على الحدود ( الصورة : رويترز ) . انتشرت القوات على طول الحدود منذ الصباح ."
    assert not [a for a in credits(text, gaz) if a.canonical == "رويترز"]


def test_a_byline_is_not_a_source(gaz: Gazetteer) -> None:
    text = "القاهرة : منى عبد الحميد . افتتح المعرض أبوابه صباح اليوم بمشاركة مئة ناشر ."
    found = credits(text, gaz)
    assert primary_source(found, quotes(text, gaz)) is None


def test_the_primary_source_is_the_earliest_link_of_the_chain(gaz: Gazetteer) -> None:
    text = (
        "أنقرة ( رويترز ) - أعلن وزير الطاقة التركي فاتح دونميز أن خط الغاز سيعمل في الصيف . "
        "وأضاف أن الأسعار لن ترتفع ."
    )
    found_q, found_a = quotes(text, gaz), credits(text, gaz)
    assert "دونميز" in (primary_source(found_a, found_q) or "")
    chain = source_chain(found_a, found_q)
    assert chain[0] == "رويترز" and "دونميز" in chain[-1]


def test_a_source_unknown_to_the_gazetteer_is_kept_by_name(gaz: Gazetteer) -> None:
    text = "ذكرت منظمة أطباء بلا حدود أن المستشفى استقبل مئتي جريح ."
    assert "أطباء بلا حدود" in (primary_source(credits(text, gaz), quotes(text, gaz)) or "")


def test_a_medium_credited_beside_a_named_speaker_relays_them(gaz: Gazetteer) -> None:
    text = "وبحسب وكالة الأناضول , طالب وفد المعارضة بإطلاق سراح المعتقلين ."
    assert primary_source(credits(text, gaz), quotes(text, gaz)) == "وفد المعارضة"


def test_own_reporting_with_unnamed_sources_has_no_primary_source(gaz: Gazetteer) -> None:
    text = "قال مصدر مطلع إن المفاوضات توقفت . وأضاف المصدر أن الجولة المقبلة لم تحدد ."
    assert primary_source(credits(text, gaz), quotes(text, gaz)) is None


def test_an_unnamed_source_after_anna_is_named_in_the_nominative(gaz: Gazetteer) -> None:
    text = "غير أن مسؤولا مصريا رفيعا قال للصحفيين إن المعبر سيفتح . وقال المسؤول المصري الرفيع إن الموعد لم يحدد ."
    found = quotes(text, gaz)
    first, second = by_verb(found, "قال"), by_verb(found, "وقال")
    assert first.speaker_canonical == "مسؤول مصري رفيع"
    assert second.speaker_canonical == "مسؤول مصري رفيع"  # the same source, cited again with ال


def test_the_outlets_own_reporter_is_own_reporting(gaz: Gazetteer) -> None:
    text = "وقال مراسل الجزيرة سامي الحلبي إن القصف استمر حتى الفجر . وأضاف المراسل أن الطرق مغلقة ."
    sentences = split_sentences(text)
    found_q = extract_quotes(text, sentences, gaz)
    said = by_verb(found_q, "وقال")
    assert "الحلبي" in who(said) and said.speaker_type == "person"  # the reporter, not his employer
    found_a = extract_attributions(text, sentences, gaz, outlet="الجزيرة نت")
    assert primary_source(found_a, found_q) is None


def test_dhakarat_x_an_y_qawlahu_relays_y(gaz: Gazetteer) -> None:
    text = "وذكرت قناة الشرق المحلية عن الوزير خالد البدري قوله إن الجسر سيفتح قريبا ."
    q = by_verb(quotes(text, gaz), "وذكرت")
    assert "البدري" in who(q) and "قناة" not in who(q)
