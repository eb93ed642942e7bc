"""Stories: copy links and similar leads within a date window, undated articles, cycles, claims, the sample."""

from __future__ import annotations

import json
import random
from pathlib import Path

from tahqiq.api import Tahqiq
from tahqiq.provenance.stories import stories
from tahqiq.records import ArticleInput
from tahqiq.records.serialize import from_dict, to_dict
from tahqiq.records.stories import Story
from tahqiq.store import Store

from ..conftest import article_id_for

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# Filler text: words of the sample reports drawn at random, each article from its own share of
# them, so that unrelated articles share no lead words and no five-word run by chance.
WORDS = sorted(
    {w for p in EXAMPLES.glob("*.txt") for w in p.read_text(encoding="utf-8").split() if len(w) > 3}
)


FLOOD_TITLE = "فيضانات تجتاح قرى وادي النيل وتشرد آلاف العائلات"
# One event worded four ways: similar leads that share no copied run of words.
FLOOD_LEADS = (
    "اجتاحت فيضانات عارمة قرى وادي النيل الجنوبية وشردت آلاف العائلات بعد انهيار سد ترابي. "
    "وتحاول فرق الإنقاذ الوصول إلى المنكوبين بالقوارب.",
    "آلاف العائلات شردتها فيضانات وادي النيل بعدما انهار سد ترابي قرب القرى الجنوبية. "
    "وقالت فرق الإنقاذ إن القوارب وحدها تصل إلى المنكوبين.",
    "انهيار سد ترابي يتسبب بفيضانات في قرى وادي النيل ويشرد آلاف العائلات. "
    "ولا تصل فرق الإنقاذ إلى المنكوبين إلا بالقوارب.",
    "فيضانات في وادي النيل: قرى جنوبية غارقة وآلاف العائلات مشردة إثر انهيار سد. "
    "وفرق الإنقاذ تستعمل القوارب لإجلاء المنكوبين.",
)
PASSAGE = (
    "وقال محافظ الإقليم في مؤتمر صحفي إن فرق الإنقاذ انتشلت جثث سبعة أشخاص من تحت الأنقاض "
    "وإن البحث مستمر عن عشرات المفقودين في القرى المنكوبة"
)
PASSAGE_2 = (
    "وأوضح مدير الدفاع المدني أن المياه غمرت أكثر من ثلاثمئة منزل ودمرت الجسر الوحيد الذي يربط "
    "القرى بالطريق الدولي"
)
PASSAGE_3 = (
    "ودعت منظمات الإغاثة المانحين إلى إرسال خيام وأغطية ومياه شرب نظيفة قبل حلول الشتاء "
    "وتفشي الأمراض بين الأطفال"
)


def _text(rng: random.Random, n: int) -> str:
    own = rng.sample(WORDS, 40)
    words = [rng.choice(own) for _ in range(n)]
    return " ".join(" ".join(words[i : i + 12]) + "." for i in range(0, n, 12))


def _add(store: Store, title: str, text: str, published: str | None, outlet: str = "") -> int:
    item = ArticleInput(
        text=text, title=title, source=title + text[:30], published=published, outlet=outlet or None
    )
    return store.add_batch([item])[0].article_id


def test_similar_leads_join_within_the_date_window_only(db_path: Path) -> None:
    rng = random.Random(1)
    with Store.open(db_path) as store:
        first = _add(store, FLOOD_TITLE, FLOOD_LEADS[0] + " " + _text(rng, 60), "2017-03-01", "سانا")
        near = _add(store, FLOOD_TITLE, FLOOD_LEADS[1] + " " + _text(rng, 60), "2017-03-04", "الوطن")
        late = _add(store, FLOOD_TITLE, FLOOD_LEADS[2] + " " + _text(rng, 60), "2017-05-20", "العربية")
        other = _add(store, "ارتفاع أسعار القمح", _text(rng, 80), "2017-03-02")
        found = stories(store, min_articles=1)
    # Largest first, then by first report.
    assert [sorted(a.id for a in s.articles) for s in found] == [[first, near], [other], [late]]
    story = found[0]
    assert story.first_report == "2017-03-01" and story.last_report == "2017-03-04"
    assert story.undated == 0
    assert story.outlets == ("سانا", "الوطن")
    assert story.similar_links == 1 and story.copy_links == 0
    assert story.title == FLOOD_TITLE


def test_an_undated_article_joins_by_content_but_bridges_no_dates(db_path: Path) -> None:
    rng = random.Random(6)
    with Store.open(db_path) as store:
        first = _add(store, FLOOD_TITLE, FLOOD_LEADS[0] + " " + _text(rng, 60), "2017-03-01", "سانا")
        undated = _add(store, FLOOD_TITLE, FLOOD_LEADS[3] + " " + _text(rng, 60), None, "الجزيرة")
        [story] = stories(store)
        assert [a.id for a in story.articles] == [first, undated]  # dated first, undated last
        assert story.undated == 1 and story.first_report == story.last_report == "2017-03-01"
        assert story.outlets == ("سانا", "الجزيرة")
        # A second dated report of the event, two months later, is similar to both; the undated
        # article may sit with either, but the two dated reports are never joined through it.
        late = _add(store, FLOOD_TITLE, FLOOD_LEADS[2] + " " + _text(rng, 60), "2017-05-20", "العربية")
        groups = [{a.id for a in s.articles} for s in stories(store, min_articles=1)]
    assert not any({first, late} <= g for g in groups)
    assert any(undated in g and len(g) == 2 for g in groups)


def test_copied_passages_join_articles_whatever_their_dates(db_path: Path) -> None:
    rng = random.Random(2)
    with Store.open(db_path) as store:
        a = _add(store, "تقرير أول", _text(rng, 50) + " " + PASSAGE + ". " + _text(rng, 30), "2017-01-01")
        b = _add(store, "نشرة أخرى", _text(rng, 20) + " " + PASSAGE + ".", "2017-06-01")
        c = _add(store, "خبر منفصل", _text(rng, 70), "2017-01-02")
        found = stories(store)
    [story] = found
    assert {x.id for x in story.articles} == {a, b}
    assert story.copy_links == 1 and story.similar_links == 0
    assert c not in {x.id for x in story.articles}
    [claim] = story.claims
    assert PASSAGE in claim.text
    assert claim.articles == (a, b) and claim.article_id == a


def test_a_shared_sentence_too_short_does_not_merge_two_stories(db_path: Path) -> None:
    rng = random.Random(3)
    short = "وقال محافظ الإقليم إن فرق الإنقاذ انتشلت جثث سبعة أشخاص"  # 10 words: a quote, not a copy
    with Store.open(db_path) as store:
        a = _add(store, "تقرير أول", _text(rng, 60) + " " + short + ". " + _text(rng, 30), "2017-01-01")
        b = _add(store, "جولة إخبارية", _text(rng, 60) + " " + short + ".", "2017-01-01")
        assert not stories(store)
        # The same pair with a whole copied paragraph is one story.
        c = _add(store, "نسخة", _text(rng, 40) + " " + PASSAGE + ".", "2017-01-02")
        d = _add(store, "نسخة ثانية", PASSAGE + ". " + _text(rng, 40), "2017-01-03")
        [story] = stories(store)
    assert {x.id for x in story.articles} == {c, d}
    assert {a, b}.isdisjoint(x.id for x in story.articles)


def test_a_cycle_of_copies_is_one_story(db_path: Path) -> None:
    rng = random.Random(4)
    p1, p2, p3 = PASSAGE, PASSAGE_2, PASSAGE_3
    with Store.open(db_path) as store:
        a = _add(store, "أ", p1 + ". " + _text(rng, 30) + " " + p3 + ".", None)
        b = _add(store, "ب", p2 + ". " + _text(rng, 30) + " " + p1 + ".", None)
        c = _add(store, "ج", p3 + ". " + _text(rng, 30) + " " + p2 + ".", None)
        [story] = stories(store)
    assert [x.id for x in story.articles] == [a, b, c]
    assert story.copy_links == 3
    assert story.first_report is None and story.last_report is None and story.undated == 3
    assert len(story.claims) == 3
    assert all(len(claim.articles) == 2 for claim in story.claims)


def test_limit_and_min_articles(db_path: Path) -> None:
    rng = random.Random(5)
    with Store.open(db_path) as store:
        _add(store, "أ", PASSAGE + ". " + _text(rng, 30), "2017-01-01")
        _add(store, "ب", _text(rng, 30) + " " + PASSAGE + ".", "2017-01-02")
        _add(store, "ج", PASSAGE + ". " + _text(rng, 10), "2017-01-03")
        _add(store, "د", _text(rng, 50), "2017-01-04")
        assert [len(s.articles) for s in stories(store)] == [3]
        assert [len(s.articles) for s in stories(store, min_articles=1)] == [3, 1]
        assert [len(s.articles) for s in stories(store, min_articles=1, limit=1)] == [3]
        assert stories(store, min_articles=4) == []


def test_sample_hasakah_story_gathers_000_002_004(sample_store: Tahqiq) -> None:
    a000 = article_id_for(sample_store, "000_d620f0c0ea8628c3.txt")
    a002 = article_id_for(sample_store, "002_b4dab204269f636e.txt")
    a004 = article_id_for(sample_store, "004_9a22f17ed7bf8f62.txt")
    found = stories(sample_store.store)
    story = next(s for s in found if a000 in {a.id for a in s.articles})
    assert {a000, a002, a004} <= {a.id for a in story.articles}
    top = story.claims[0]
    assert set(top.articles) == {a000, a002, a004}
    assert "الجيش السوري الجديد" in top.text
    assert "بلدي نيوز" in top.outlets
    asserting = {v.article_id for v in top.voices if v.stance == "asserts"}
    assert {a000, a004} <= asserting
    denials = [v for v in top.voices if v.stance == "denies"]
    assert [v.article_id for v in denials] == [a004]  # the journalist's denial of "this information"
    assert "الأسعد" in denials[0].speaker
    data = json.loads(json.dumps(to_dict(story), ensure_ascii=False))
    assert data["claims"][0]["voices"] and data["articles"][0]["article_id"] == story.articles[0].id
    assert from_dict(Story, data) == story


def test_a_site_footer_is_no_central_claim(db_path: Path) -> None:
    """Two sites carry one wire sentence; one site's footer, also pasted into the other, states no claim."""
    from .test_furniture import FOOTER, WIRE, _page
    from .test_furniture import _add as add_page

    rng = random.Random(5)
    with Store.open(db_path) as store:
        first = add_page(store, _page(rng, WIRE), url="https://www.site-a.com/1")
        for i in (2, 3):
            add_page(store, _page(rng), url=f"https://www.site-a.com/{i}")
        other = add_page(store, f"{WIRE}. {FOOTER}", url="https://www.site-b.com/1")
        [story] = [s for s in stories(store) if {first, other} <= {a.id for a in s.articles}]
        assert story.claims and any("التحالف الدولي" in c.text for c in story.claims)
        assert not any("كلمة السر" in c.text or "النشرة البريدية" in c.text for c in story.claims)


def test_a_page_carrying_two_reports_does_not_bridge_their_stories(db_path: Path) -> None:
    """Two events, each copied by three outlets, and a round-up page that carries both: two stories.

    The round-up shares a long passage with each event, so copy links alone would make one group
    of seven; it may join one of the two, never both.
    """
    rng = random.Random(17)
    with Store.open(db_path) as store:
        first = [
            _add(
                store,
                f"محافظ الإقليم {i}",
                _text(rng, 30) + " " + PASSAGE + ". " + _text(rng, 40),
                "2017-03-01",
                f"منفذ {i}",
            )
            for i in range(3)
        ]
        second = [
            _add(
                store,
                f"منظمات الإغاثة {i}",
                _text(rng, 30) + " " + PASSAGE_3 + ". " + _text(rng, 40),
                "2017-03-02",
                f"موقع {i}",
            )
            for i in range(3)
        ]
        roundup = _add(
            store,
            "جولة الأخبار",
            PASSAGE + ". " + _text(rng, 20) + " " + PASSAGE_3 + ".",
            "2017-03-02",
            "نشرة",
        )
        groups = [{a.id for a in s.articles} for s in stories(store)]
    assert not any(set(first) & g and set(second) & g for g in groups)
    assert any(set(first) <= g for g in groups) and any(set(second) <= g for g in groups)
    assert sum(roundup in g for g in groups) <= 1
