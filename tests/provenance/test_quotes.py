"""Who said what: speech verbs, speakers, content, distancing and the primary source, on real reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tahqiq.provenance.attribution import extract_attributions
from tahqiq.provenance.gazetteer import Gazetteer, load_gazetteer
from tahqiq.provenance.origins import primary_source
from tahqiq.provenance.quotes import extract_quotes
from tahqiq.records.provenance import Quote
from tahqiq.text import split_sentences
from tahqiq.text.quotation import quoted_spans

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer(use_env=False)


def sample(prefix: str) -> str:
    return next(EXAMPLES.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def quotes_of(text: str, gaz: Gazetteer) -> list[Quote]:
    return extract_quotes(text, split_sentences(text), gaz)


def one(quotes: list[Quote], verb: str, contains: str = "") -> Quote:
    found = [q for q in quotes if q.verb == verb and contains in q.content]
    assert len(found) == 1, [(q.verb, q.content[:40]) for q in quotes]
    return found[0]


def check_offsets(text: str, quotes: list[Quote]) -> None:
    for q in quotes:
        assert text[q.verb_span.start : q.verb_span.end] == q.verb
        assert text[q.content_span.start : q.content_span.end] == q.content
        if q.speaker_span is not None:
            assert text[q.speaker_span.start : q.speaker_span.end] == q.speaker
        assert q.content.strip() == q.content and q.content


# --- the sample reports -------------------------------------------------------------------------


def test_004_denial_by_the_journalist_and_accusation_by_the_centre(gaz: Gazetteer) -> None:
    text = sample("004")
    quotes = quotes_of(text, gaz)
    check_offsets(text, quotes)
    denial = one(quotes, "نفى")
    assert denial.verb_class == "denies"
    assert denial.speaker == "الصحافي السوري (مضر حماد الأسعد)"
    assert denial.speaker_canonical == "مضر حماد الأسعد"
    assert denial.speaker_title == "الصحافي السوري"
    assert denial.content == "هذه المعلومات"
    accusation = one(quotes, "اتهم")
    assert accusation.verb_class == "accuses"
    assert accusation.speaker_canonical == "مركز المصالحة الروسي في حميميم"
    assert accusation.content.startswith("القوات الأمريكية بإنشاء قاعدة")
    assert accusation.distanced and "ما يسمى" in accusation.distancing


def test_004_pronoun_and_surname_speakers(gaz: Gazetteer) -> None:
    quotes = quotes_of(sample("004"), gaz)
    added = one(quotes, "وأضافت")  # feminine: the channel, not the journalist or the centre
    assert added.speaker_canonical == "القناة المركزية لقاعدة حميميم"
    assert added.speaker_span is None and added.speaker_from is not None
    assert quotes[added.speaker_from].verb == "وقالت"
    assert added.direct and added.content.startswith("وهم عبارة عن مجموعات منشقة")
    said = one(quotes, "وقال")  # right after the denial: the journalist
    assert said.speaker_canonical == "مضر حماد الأسعد" and said.direct
    clarified = one(quotes, "وأوضح")  # "(الأسعد)" alone names the journalist again
    assert clarified.speaker == "(الأسعد)" and clarified.speaker_canonical == "مضر حماد الأسعد"
    assert clarified.speaker_from is None


def test_004_speaker_before_the_verb_inside_a_report(gaz: Gazetteer) -> None:
    quotes = quotes_of(sample("004"), gaz)
    site = [q for q in quotes if q.speaker_canonical == "روسيا اليوم"]
    assert len(site) == 1 and site[0].speaker == 'موقع "روسيا اليوم"'
    spokesman = [q for q in quotes if q.speaker_canonical == "إيغور كوناشينكوف"]
    assert len(spokesman) == 1 and spokesman[0].nested and spokesman[0].direct
    assert spokesman[0].speaker_title == "المتحدث الرسمي باسم وزارة الدفاع الروسية، اللواء"


def test_000_assertion_by_the_centre_carried_by_sana(gaz: Gazetteer) -> None:
    text = sample("000")
    sentences = split_sentences(text)
    quotes = extract_quotes(text, sentences, gaz)
    check_offsets(text, quotes)
    asserted = one(quotes, "وأكد")
    assert asserted.verb_class == "asserts"
    assert asserted.speaker_canonical == "مركز المصالحة الروسي في حميميم"
    assert asserted.speaker == "مركز تنسيق المصالحة الروسي في قاعدة حميميم العسكرية"
    assert asserted.content.startswith("«التحالف الدولي» يواصل دعمه")
    sana = [a for a in extract_attributions(text, sentences, gaz) if a.sentence == asserted.sentence]
    assert [(a.cue, a.canonical, a.source_type) for a in sana] == [
        ("نقلته", "الوكالة العربية السورية للأنباء", "agency")
    ]
    pointing = one(quotes, "مشيراً")  # the participle goes on with the centre's statement
    assert pointing.speaker_canonical == "مركز المصالحة الروسي في حميميم"
    assert "«الجيش السوري الجديد»" in pointing.distancing


def test_000_distancing(gaz: Gazetteer) -> None:
    quotes = quotes_of(sample("000"), gaz)
    claiming = one(quotes, "زاعماً")
    assert claiming.verb_class == "claims" and claiming.distanced
    assert claiming.content == "بلاده تواصل مكافحته"
    assert claiming.speaker_canonical == "جيمس ماتيس"
    so_called = [q for q in quotes if "ما يسمى «الجيش السوري الجديد»" in q.content]
    assert len(so_called) == 1 and so_called[0].distanced
    assert {"ما يسمى", "«الجيش السوري الجديد»"} <= set(so_called[0].distancing)
    # a direct quotation keeps the speaker's own words: Lavrov's «بذريعة» is not the outlet's
    lavrov = one(quotes, "مضيفاً", "معاهدة جنيف")
    assert lavrov.direct and not lavrov.distanced
    admitted = one(quotes, "اعترف")
    assert admitted.verb_class == "admits" and admitted.speaker_title == "وزير الدفاع الأميركي"


def test_000_relayed_speech_and_plural_pronoun(gaz: Gazetteer) -> None:
    quotes = quotes_of(sample("000"), gaz)
    displaced = one(quotes, "ونقل")
    assert displaced.speaker == "النازحين" and displaced.speaker_type == "eyewitness"
    assert displaced.via == "مركز المصالحة الروسي في حميميم"
    added = one(quotes, "وأضافوا")
    assert added.speaker == "شهود عيان" and added.speaker_type == "eyewitness"


def test_003_claim_inside_a_quotation_is_nested(gaz: Gazetteer) -> None:
    quotes = quotes_of(sample("003"), gaz)
    claim = one(quotes, "تدعي")
    assert claim.verb_class == "claims" and claim.nested
    assert claim.speaker_canonical == "الولايات المتحدة"
    assert not claim.distanced  # Ryabkov's wording, not the outlet's
    outer = one(quotes, "قال", "تدعي")
    assert outer.speaker_canonical == "سيرغي ريابكوف" and outer.direct


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("000", "مركز المصالحة الروسي في حميميم"),
        ("001", "سيرغي لافروف"),
        ("002", "مركز المصالحة الروسي في حميميم"),
        ("003", "سيرغي لافروف"),
        ("004", "مركز المصالحة الروسي في حميميم"),
    ],
)
def test_primary_source_of_each_sample(gaz: Gazetteer, prefix: str, expected: str) -> None:
    text = sample(prefix)
    sentences = split_sentences(text)
    quotes = extract_quotes(text, sentences, gaz)
    attributions = extract_attributions(text, sentences, gaz)
    assert primary_source(attributions, quotes) == expected


def test_every_sample_gives_consistent_offsets(gaz: Gazetteer) -> None:
    for path in sorted(EXAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        quotes = quotes_of(text, gaz)
        assert quotes, path.name
        check_offsets(text, quotes)
        assert [q.index for q in quotes] == list(range(len(quotes)))


# --- synthetic sentences ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "verb", "verb_class", "speaker", "content"),
    [
        ("قال سيرجي لافروف إن المحادثات كانت بناءة.", "قال", "asserts", "سيرغي لافروف", "المحادثات كانت بناءة"),
        ("وأعلنت وزارة الدفاع الروسية أن الطائرات عادت.", "وأعلنت", "asserts", "وزارة الدفاع الروسية", "الطائرات عادت"),
        ("أوضح ريابكوف أن الاتصالات نشطة.", "أوضح", "asserts", "سيرغي ريابكوف", "الاتصالات نشطة"),
        ("ولفت ماتيس إلى أن الحرب طويلة.", "ولفت", "asserts", "جيمس ماتيس", "الحرب طويلة"),
        ("نفت وزارة الخارجية الروسية أن تكون قواتها قد قصفت المستشفى.", "نفت", "denies",
         "وزارة الخارجية الروسية", "تكون قواتها قد قصفت المستشفى"),
        ("كذّب المرصد السوري لحقوق الإنسان هذه الرواية.", "كذّب", "denies", "المرصد السوري لحقوق الإنسان", "هذه الرواية"),
        ("دحضت الخارجية الروسية الاتهامات.", "دحضت", "denies", "وزارة الخارجية الروسية", "الاتهامات"),
        ("اتهمت وزارة الدفاع الروسية واشنطن بدعم المسلحين.", "اتهمت", "accuses",
         "وزارة الدفاع الروسية", "واشنطن بدعم المسلحين"),
        ("أقر البنتاغون بمقتل مدنيين في الغارة.", "أقر", "admits", "وزارة الدفاع الأمريكية", "بمقتل مدنيين في الغارة"),
        ("اعترف ماتيس بأن الحرب لم تنته.", "اعترف", "admits", "جيمس ماتيس", "الحرب لم تنته"),
        ("زعمت وزارة الدفاع الأمريكية أن الغارة أصابت المسلحين.", "زعمت", "claims",
         "وزارة الدفاع الأمريكية", "الغارة أصابت المسلحين"),
        ("ادعى المرصد السوري أن عشرات المدنيين قتلوا.", "ادعى", "claims",
         "المرصد السوري لحقوق الإنسان", "عشرات المدنيين قتلوا"),
        ("حذرت منظمة أطباء بلا حدود من انتشار الكوليرا.", "حذرت", "warns", "أطباء بلا حدود", "من انتشار الكوليرا"),
    ],
)  # fmt: skip
def test_each_verb_class(
    gaz: Gazetteer, text: str, verb: str, verb_class: str, speaker: str, content: str
) -> None:
    quotes = quotes_of(text, gaz)
    check_offsets(text, quotes)
    assert len(quotes) == 1
    q = quotes[0]
    assert (q.verb, q.verb_class, q.speaker_canonical, q.content) == (verb, verb_class, speaker, content)
    assert q.distanced == (verb_class == "claims")


def test_pronoun_speakers_agree_in_gender_and_number(gaz: Gazetteer) -> None:
    text = (
        "قالت وزارة الدفاع الروسية إن طائراتها لم تقصف المدينة. "
        "وقال لافروف إن المحادثات مستمرة. "
        "وقال شهود عيان إن القصف استمر. "
        "وأضافت أن الغارات استهدفت المسلحين. وأضاف أن الجولة المقبلة في جنيف. وأضافوا أن الطائرات حلقت ليلا."
    )
    quotes = quotes_of(text, gaz)
    check_offsets(text, quotes)
    by_verb = {q.verb: q for q in quotes}
    assert by_verb["وأضافت"].speaker_canonical == "وزارة الدفاع الروسية"
    assert by_verb["وأضاف"].speaker_canonical == "سيرغي لافروف"
    assert by_verb["وأضافوا"].speaker == "شهود عيان"
    assert all(by_verb[v].speaker_span is None for v in ("وأضافت", "وأضاف", "وأضافوا"))


def test_a_pronoun_with_no_earlier_speaker_is_unresolved(gaz: Gazetteer) -> None:
    quotes = quotes_of("وأضاف أن المعركة مستمرة.", gaz)
    assert len(quotes) == 1
    assert quotes[0].speaker_type == "unresolved" and quotes[0].speaker_canonical is None
    assert quotes[0].content == "المعركة مستمرة"


def test_back_reference_to_a_body_and_participle(gaz: Gazetteer) -> None:
    text = "أكدت وزارة الدفاع الروسية أن الطائرات عادت. وقالت الوزارة في بيان: «لن نسمح بذلك»، مشيرة إلى أن الرد سيكون حازما."
    quotes = quotes_of(text, gaz)
    check_offsets(text, quotes)
    said = one(quotes, "وقالت")
    assert said.speaker == "الوزارة" and said.speaker_canonical == "وزارة الدفاع الروسية"
    assert said.direct and said.content == "لن نسمح بذلك"
    pointing = one(quotes, "مشيرة")
    assert pointing.speaker_canonical == "وزارة الدفاع الروسية" and pointing.content == "الرد سيكون حازما"


def test_anonymous_and_fuzzy_speakers(gaz: Gazetteer) -> None:
    anonymous = quotes_of("أكد مصدر عسكري أن الهجوم فشل.", gaz)[0]
    assert anonymous.speaker == "مصدر عسكري" and anonymous.speaker_type == "anonymous"
    fuzzy = quotes_of("وأشار كوناشنكوف إلى أن الطيران دمر المواقع.", gaz)[0]
    assert fuzzy.speaker_canonical == "إيغور كوناشينكوف"


def test_plain_report_is_not_distanced_but_so_called_is(gaz: Gazetteer) -> None:
    plain = quotes_of("وأعلنت الوزارة أن الجيش الجديد يضم مئات المسلحين.", gaz)[0]
    assert not plain.distanced and plain.distancing == ()
    alleged = quotes_of("وأعلنت الوزارة أن الجيش المزعوم يضم مئات المسلحين.", gaz)[0]
    assert alleged.distancing == ("المزعوم",)


def test_words_without_speech_give_no_quote(gaz: Gazetteer) -> None:
    assert quotes_of("وعملت أميركا خلال الأشهر الماضية على تقديم الدعم.", gaz) == []
    assert quotes_of("وبين الطرفين خلاف قديم.", gaz) == []
    assert quotes_of("", gaz) == []


def test_quoted_spans_tolerate_real_marks() -> None:
    def inner(text: str) -> list[str]:
        return [text[s.start : s.end] for s in quoted_spans(text, 0, len(text))]

    assert inner("تحالف واشنطن و”قسد”محاولة لإنقاذ “داعش”من الفناء") == ["قسد", "داعش"]
    assert inner("إن “الولايات المتحدة تدعي محاربة “داعش” بينما عكس ذلك “داعياً") == [
        "الولايات المتحدة تدعي محاربة “داعش” بينما عكس ذلك ",
        "داعش",
    ]
    assert inner('ووفقا للمصدر فإنه "يتم العمل من تنظيم "داعش"، تم إخراجهم".') == [
        'يتم العمل من تنظيم "داعش"، تم إخراجهم',
        "داعش",
    ]
    assert inner("قال: «لم يعد هناك") == ["لم يعد هناك"]


ODD_TEXT = st.text(
    alphabet=st.sampled_from(list('قال إن أن «»“”"():،.وأضافت نفى سانا لافروف المصدر بحسب\n')), max_size=120
)


@settings(max_examples=80, deadline=None)
@given(text=ODD_TEXT)
def test_never_raises_on_odd_text(gaz: Gazetteer, text: str) -> None:
    sentences = split_sentences(text)
    for q in extract_quotes(text, sentences, gaz):
        assert 0 <= q.content_span.start <= q.content_span.end <= len(text)
        assert text[q.verb_span.start : q.verb_span.end] == q.verb
    for a in extract_attributions(text, sentences, gaz):
        assert text[a.source_span.start : a.source_span.end] == a.source
