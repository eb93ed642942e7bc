"""Cited sources: cues, anonymous and eyewitness sources, back-references and self-citation."""

from __future__ import annotations

from pathlib import Path

import pytest

from tahqiq.provenance.attribution import detect_outlet, extract_attributions
from tahqiq.provenance.gazetteer import Gazetteer, load_gazetteer
from tahqiq.records.provenance import Attribution
from tahqiq.text import split_sentences

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer(use_env=False)


def sample(prefix: str) -> str:
    return next(EXAMPLES.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def cite(text: str, gaz: Gazetteer, outlet: str | None = None) -> list[Attribution]:
    found = extract_attributions(text, split_sentences(text), gaz, outlet=outlet)
    for a in found:
        assert text[a.cue_span.start : a.cue_span.end] == a.cue
        assert text[a.source_span.start : a.source_span.end] == a.source
    return found


def summary(found: list[Attribution]) -> list[tuple[str, str | None, str]]:
    return [(a.cue, a.canonical, a.source_type) for a in found]


# --- the sample reports -------------------------------------------------------------------------


def test_000_sana_rt_and_the_displaced_people(gaz: Gazetteer) -> None:
    text = sample("000")
    found = cite(text, gaz)
    assert summary(found) == [
        ("نقلته", "الوكالة العربية السورية للأنباء", "agency"),
        ("ونقل", None, "eyewitness"),
        ("بحسب", "روسيا اليوم", "outlet"),
        ("نقل", None, "eyewitness"),
        ("بحسب", "روسيا اليوم", "outlet"),
    ]
    assert found[0].source == "وكالة «سانا» للأنباء"
    assert found[1].source == "النازحين" and found[1].via == "مركز المصالحة الروسي في حميميم"
    assert found[2].source == "الموقع الإلكتروني لقناة «روسيا اليوم»"
    assert found[3].source == "شهود عيان" and found[3].via == "مركز المصالحة الروسي في حميميم"
    sentences = split_sentences(text)
    assert "نقلته وكالة «سانا»" in sentences[found[0].sentence].text
    assert not any(a.self_citation for a in found)


def test_004_source_named_only_as_al_masdar_and_self_citation(gaz: Gazetteer) -> None:
    text = sample("004")
    found = cite(text, gaz)
    assert summary(found) == [
        ("وقالت", "القناة المركزية لقاعدة حميميم", "outlet"),
        ("ووفقا", "القناة المركزية لقاعدة حميميم", "outlet"),
        ("قال", "روسيا اليوم", "outlet"),
        ("في حديثه", "بلدي نيوز", "outlet"),
    ]
    by_source = found[1]
    assert by_source.source == "للمصدر" and by_source.reference and not by_source.unresolved
    assert by_source.origin == "مركز المصالحة الروسي في حميميم"
    assert [a.self_citation for a in found] == [False, False, False, True]
    outlet = detect_outlet(text, split_sentences(text), gaz)
    assert outlet is not None and outlet.id == "baladi_news"


def test_002_testimonies_of_local_sources_and_residents(gaz: Gazetteer) -> None:
    found = cite(sample("002"), gaz)
    assert [(a.source, a.source_type) for a in found] == [
        ("الأهالي", "eyewitness"),
        ("مصادر أهلية", "anonymous"),
    ]


def test_003_footer_credits_the_whole_article(gaz: Gazetteer) -> None:
    text = sample("003")
    found = cite(text, gaz)
    assert summary(found) == [("المصدر", "الوكالة العربية السورية للأنباء", "agency")]
    assert found[0].scope == "article"
    assert cite(text, gaz, outlet="سانا")[0].self_citation


# --- synthetic sentences ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cue", "source", "canonical", "source_type"),
    [
        ("بحسب وكالة رويترز، قتل عشرة أشخاص.", "بحسب", "وكالة رويترز", "رويترز", "agency"),
        ("قتل عشرة أشخاص حسب قناة الجزيرة.", "حسب", "قناة الجزيرة", "الجزيرة", "outlet"),
        ("وفقاً لوكالة الأناضول فإن القصف مستمر.", "وفقاً", "لوكالة الأناضول", "الأناضول", "agency"),
        ("طبقا لسانا فإن الطريق فتح.", "طبقا", "لسانا", "الوكالة العربية السورية للأنباء", "agency"),
        ("وذكرت وكالة فرانس برس أن الاجتماع انتهى.", "وذكرت", "وكالة فرانس برس", "فرانس برس", "agency"),
        ("أفادت مصادر محلية بأن الاشتباكات تجددت.", "أفادت", "مصادر محلية", None, "anonymous"),
        ("وأكد شهود عيان أن الطائرات حلقت.", "وأكد", "شهود عيان", None, "eyewitness"),
        ("نقلته وكالة سانا عن الوزارة.", "نقلته", "وكالة سانا", "الوكالة العربية السورية للأنباء", "agency"),
        ("وقال في حديث لقناة الميادين إن الحصار مستمر.", "في حديث", "لقناة الميادين", "الميادين", "outlet"),
        ("ذكرت صحيفة نيويورك تايمز أن المفاوضات متعثرة.", "ذكرت", "صحيفة نيويورك تايمز", None, "outlet"),
    ],
)  # fmt: skip
def test_each_cue(
    gaz: Gazetteer, text: str, cue: str, source: str, canonical: str | None, source_type: str
) -> None:
    found = cite(text, gaz)
    assert [(a.cue, a.source, a.canonical, a.source_type) for a in found] == [
        (cue, source, canonical, source_type)
    ]


def test_relay_and_naqlan_an_name_who_passed_the_words_on(gaz: Gazetteer) -> None:
    found = cite("قالت صحيفة الوطن السورية نقلاً عن مصادر أهلية إن الطريق مقطوع.", gaz)
    assert summary(found) == [("قالت", "الوطن السورية", "outlet"), ("نقلاً عن", None, "anonymous")]
    assert found[1].via == "الوطن السورية"
    found = cite("أكدت وزارة الدفاع الروسية أن الطائرات عادت. ونقلت الوزارة عن طيارين أن المهمة نجحت.", gaz)
    assert [(a.cue, a.source, a.via) for a in found] == [("ونقلت", "طيارين", "وزارة الدفاع الروسية")]


def test_a_source_named_by_a_pronoun_resolves_to_the_last_named_one(gaz: Gazetteer) -> None:
    found = cite("ذكرت وكالة سانا أن الجيش تقدم. وقالت رويترز إن المعارك توقفت. وبحسبها فإن الهدوء عاد.", gaz)
    assert [(a.cue, a.canonical, a.reference) for a in found] == [
        ("ذكرت", "الوكالة العربية السورية للأنباء", False),
        ("وقالت", "رويترز", False),
        ("وبحسبها", "رويترز", True),
    ]
    found = cite("ذكرت وكالة سانا أن الجيش تقدم. ونقلا عنها فإن المعارك مستمرة.", gaz)
    assert found[-1].canonical == "الوكالة العربية السورية للأنباء" and found[-1].source == "عنها"


def test_a_source_named_only_as_al_masdar_with_nothing_before_is_unresolved(gaz: Gazetteer) -> None:
    found = cite("ووفقا للمصدر فإن القصف مستمر.", gaz)
    assert len(found) == 1
    assert found[0].unresolved and found[0].reference
    assert found[0].canonical is None and found[0].source_type == "unresolved"


def test_back_reference_noun_picks_the_last_body_with_that_head(gaz: Gazetteer) -> None:
    text = "قالت وكالة تاس إن الوفد وصل. وذكرت قناة الميادين أن الجلسة بدأت. وبحسب الوكالة فإن الوفد غادر."
    found = cite(text, gaz)
    assert found[-1].cue == "وبحسب" and found[-1].canonical == "تاس" and found[-1].reference


def test_self_and_circular_citation(gaz: Gazetteer) -> None:
    text = "بلدي نيوز - (مراسلنا)\nوقال القائد في حديث لبلدي نيوز إن الجبهة هادئة. وذكرت وكالة سانا أن الجيش تقدم."
    found = cite(text, gaz)
    assert [(a.canonical, a.self_citation) for a in found] == [
        ("بلدي نيوز", True),
        ("الوكالة العربية السورية للأنباء", False),
    ]
    # given explicitly, the outlet wins over a byline; an outlet relaying through itself is circular too
    found = cite(
        "نقلت وكالة سانا عن مصدر عسكري أن الهجوم فشل.", gaz, outlet="الوكالة العربية السورية للأنباء"
    )
    assert [(a.source_type, a.via, a.self_citation) for a in found] == [
        ("anonymous", "الوكالة العربية السورية للأنباء", True)
    ]
    assert not any(a.self_citation for a in cite("وذكرت وكالة سانا أن الجيش تقدم.", gaz, outlet="رويترز"))


def test_ministries_speaking_are_quotes_not_citations(gaz: Gazetteer) -> None:
    assert cite("نشرت الوزارة صورا جديدة. وأكدت وزارة الدفاع الروسية أن الطائرات عادت.", gaz) == []
    assert cite("", gaz) == []


def test_quotes_and_citations_read_one_list_of_anonymous_sources(gaz: Gazetteer) -> None:
    """A diplomat is an anonymous source as a speaker and as a cited source alike (speech.tsv)."""
    text = "وأفاد دبلوماسي غربي بأن المفاوضات توقفت."
    assert summary(cite(text, gaz)) == [("وأفاد", None, "anonymous")]
