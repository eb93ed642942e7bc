"""Page furniture: learned per outlet from the copy index, kept out of copies, stance and origins."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

import pytest

from tahqiq.api import Tahqiq
from tahqiq.provenance.furniture import (
    FURNITURE_MIN_ARTICLES,
    Furniture,
    is_set_phrase,
    outlet_key,
    url_domain,
)
from tahqiq.provenance.origins import article_provenance
from tahqiq.provenance.reuse import copies_among, store_copies
from tahqiq.records import ArticleInput, CopiedPassage
from tahqiq.store import Store
from tahqiq.store.copyindex import catch_up, logged
from tahqiq.text import tokenize
from tahqiq.text.fingerprints import GUARANTEED_WORDS

from ..conftest import EXAMPLES, SAMPLE_CLAIM, SEED_FILES

_LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"
_RNG = random.Random(11)
# Made-up words of five to seven letters: random texts share no five-word run by chance.
WORDS = sorted({"".join(_RNG.choice(_LETTERS) for _ in range(_RNG.randint(5, 7))) for _ in range(3000)})

FOOTER = (
    "خطأ في إسم المستخدم أو كلمة السر الرجاء إدخال المعلومات بشكل صحيح. "
    "إرسال إلى بريد إلكتروني إسمك بريدك الإلكتروني اشترك في النشرة البريدية لتصلك آخر الأخبار يوميا. "
    "جميع الحقوق محفوظة لشبكة الأخبار العربية ويحظر نشر أو توزيع أو طبع أي مادة دون إذن مسبق."
)
# A report's own sentence, 16 words, that a second outlet copies.
WIRE = "وقال التحالف الدولي في بيان إن أقل من ألف مقاتل ما زالوا في المناطق الصحراوية شرقي البلاد"
SET_PHRASE = "قائد فيلق القدس في الحرس الثوري الإيراني الجنرال قاسم سليماني"


def _prose(rng: random.Random, n: int) -> str:
    out = []
    while n > 0:
        k = min(n, rng.randint(7, 13))
        out.append(" ".join(rng.choice(WORDS) for _ in range(k)) + ".")
        n -= k
    return " ".join(out)


def _add(store: Store, text: str, url: str | None = None, outlet: str | None = None) -> int:
    [result] = store.add_batch([ArticleInput(text=text, source=f"t:{text[:30]}", url=url, outlet=outlet)])
    return result.article_id


def _page(rng: random.Random, body: str = "", words: int = 80) -> str:
    return _prose(rng, words) + (" " + body if body else "") + " " + _prose(rng, 20) + " " + FOOTER


def _between(passages: Sequence[CopiedPassage], a: int, b: int) -> list[CopiedPassage]:
    return [p for p in passages if set(p.articles) == {a, b}]


def test_outlet_key_prefers_the_outlet_name_then_the_url_domain() -> None:
    assert url_domain("https://blogs.aljazeera.net/a/1") == "aljazeera.net"
    assert url_domain("http://www.alarab.co.uk/x") == "alarab.co.uk"
    assert url_domain("https://www.almanar.com.lb/1") == "almanar.com.lb"
    assert url_domain("not a url") is None
    assert url_domain(None) is None
    assert outlet_key("الجزيرة", "https://www.aljazeera.net/1") == outlet_key("الجزيره", None)
    assert outlet_key(None, "https://mubasher.aljazeera.net/1") == outlet_key(None, "http://aljazeera.net/2")
    assert outlet_key(None, "https://www.dw.com/1") != outlet_key(None, "https://www.aljazeera.net/1")
    assert outlet_key(None, None) is None


def test_a_footer_on_three_pages_of_one_outlet_is_furniture_and_a_wire_run_is_kept(db_path: Path) -> None:
    rng = random.Random(1)
    with Store.open(db_path) as store:
        pages = [
            _add(store, _page(rng, WIRE if i == 0 else ""), url=f"https://www.site-a.com/{i}")
            for i in range(3)
        ]
        # Another outlet copies the wire sentence, and its widget carries site A's footer.
        other = _add(
            store, _prose(rng, 50) + " " + WIRE + " " + _prose(rng, 30) + " " + FOOTER, "https://b.org/1"
        )
        found = copies_among(store, [*pages, other])  # every aligned passage, furniture included
        furniture = Furniture(store, store.get_many([*pages, other]))
        kept = furniture.copies(found)
        assert not [p for p in store_copies(store).passages if "النشرة البريدية" in p.passage]
        wire = [p for p in _between(kept, pages[0], other) if "التحالف الدولي" in p.passage]
        assert wire and wire[0].words >= GUARANTEED_WORDS
        assert all("كلمة السر" not in p.passage and "النشرة البريدية" not in p.passage for p in kept)
        assert all(furniture.why_dropped(p) == "same outlet" for p in _between(found, pages[0], pages[1]))
        footers = [p for p in _between(found, pages[1], other) if "النشرة البريدية" in p.passage]
        assert footers and all(furniture.why_dropped(p) == "furniture" for p in footers)
        # The stance model never reads the footer; the other sentences keep their indices.
        article = store.get(pages[0])
        sentences = store.sentences(article)
        prose = furniture.prose(article, sentences)
        assert [s.index for s in prose] == sorted(s.index for s in prose)
        assert all("كلمة السر" not in s.text and "الحقوق محفوظة" not in s.text for s in prose)
        assert any("التحالف الدولي" in s.text for s in prose)
        assert len(sentences) - len(prose) >= 3


def test_a_footer_on_fewer_pages_than_the_threshold_is_not_furniture(db_path: Path) -> None:
    rng = random.Random(2)
    with Store.open(db_path) as store:
        ids = [
            _add(store, _page(rng), url=f"https://www.site-a.com/{i}")
            for i in range(FURNITURE_MIN_ARTICLES - 1)
        ]
        other = _add(store, _prose(rng, 60) + " " + FOOTER, url="https://b.org/1")
        furniture = Furniture(store, store.get_many([*ids, other]))
        assert furniture.article(store.get(ids[0])).words == 0
        kept = furniture.copies(store_copies(store).passages)
        assert any("النشرة البريدية" in p.passage for p in _between(kept, ids[0], other))


def test_furniture_grows_with_every_ingest_and_reading_never_writes(db_path: Path) -> None:
    rng = random.Random(3)
    with Store.open(db_path) as store:
        first = _add(store, _page(rng), url="https://www.site-a.com/0")
        _add(store, _page(rng), url="https://www.site-a.com/1")
        before = store.conn.total_changes
        assert Furniture(store, [store.get(first)]).article(store.get(first)).words == 0
        assert store.conn.total_changes == before
        _add(store, _page(rng), url="https://www.site-a.com/2")
        assert logged(store) == 3  # still in the log: furniture reads it there
        from_log = Furniture(store, [store.get(first)]).article(store.get(first))
        assert from_log.words >= len(tokenize(FOOTER)) // 2
        catch_up(store)
        assert logged(store) == 0
        merged = Furniture(store, [store.get(first)]).article(store.get(first))
        assert (merged.covered == from_log.covered).all()


def test_a_wire_story_carried_once_by_five_outlets_is_not_furniture(db_path: Path) -> None:
    rng = random.Random(4)
    story = _prose(rng, 40)
    with Store.open(db_path) as store:
        ids = [
            _add(store, _prose(rng, 30) + " " + story + " " + _prose(rng, 30), url=f"https://o{i}.net/")
            for i in range(5)
        ]
        furniture = Furniture(store, store.get_many(ids))
        assert all(furniture.article(a).words == 0 for a in store.get_many(ids))
        kept = furniture.copies(store_copies(store).passages)
        assert {p.articles for p in kept} == {(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]}


def test_a_platform_widget_is_furniture_on_every_site(db_path: Path) -> None:
    rng = random.Random(5)
    with Store.open(db_path) as store:
        for site in ("a", "b"):
            for i in range(FURNITURE_MIN_ARTICLES):
                _add(store, _page(rng), url=f"https://{site}.com/{i}")
        lone = [_add(store, _page(rng), url=f"https://{site}.org/1") for site in ("c", "d")]
        furniture = Furniture(store, store.get_many(lone))
        assert all(furniture.article(a).words for a in store.get_many(lone))
        assert furniture.copies(copies_among(store, lone)) == []


def test_a_sidebar_quote_names_no_origin(db_path: Path) -> None:
    rng = random.Random(10)
    sidebar = "آخر الأخبار: قال وزير الخارجية الروسي سيرغي لافروف إن الحرب في سوريا انتهت. " + FOOTER
    with Store.open(db_path) as store:
        ids = [
            _add(store, _prose(rng, 60) + " " + sidebar, url=f"https://www.site-a.com/{i}") for i in range(3)
        ]
        article = store.get(ids[0])
        sentences = store.sentences(article)
        furniture = Furniture(store, [article])
        masked = furniture.masked(article, sentences)
        assert [s.index for s in masked] == [s.index for s in sentences]
        kept = [s for s in masked if s.text]
        assert kept == furniture.prose(article, sentences) and len(kept) < len(sentences)
        full = article_provenance(article, sentences, [], "agree")
        assert any(q.speaker_canonical == "سيرغي لافروف" for q in full.quotes)
        clean = article_provenance(article, masked, [], "agree")
        assert clean.quotes == () and clean.origin is None


def test_a_line_in_more_articles_than_the_postings_cap_is_furniture_anywhere(db_path: Path) -> None:
    rng = random.Random(12)
    with Store.open(db_path) as store:
        ids = [_add(store, _prose(rng, 60) + " " + FOOTER) for _ in range(5)]  # no outlet, no URL
        articles = store.get_many(ids)
        assert all(Furniture(store, articles).article(a).words == 0 for a in articles)
        capped = Furniture(store, articles, cap=4)
        assert all(capped.article(a).words for a in articles)
        assert capped.copies(copies_among(store, ids)) == []


def test_a_store_without_the_copy_index_has_no_furniture_and_checks_still_run(db_path: Path) -> None:
    rng = random.Random(13)
    with Store.open(db_path) as store:
        ids = [_add(store, _page(rng), url=f"https://www.site-a.com/{i}") for i in range(3)]
        assert Furniture(store, store.get_many(ids)).article(store.get(ids[0])).words
        store.conn.execute("DROP TABLE fingerprints")  # as in a store written before the index
        store.conn.execute("DROP TABLE fingerprint_log")
        furniture = Furniture(store, store.get_many(ids))
        assert furniture.article(store.get(ids[0])).words == 0
        assert [p.articles for p in furniture.copies(copies_among(store, ids))] == []  # same outlet


def test_the_same_story_filed_three_times_by_one_outlet_is_not_its_furniture(db_path: Path) -> None:
    rng = random.Random(6)
    story = _prose(rng, 120)
    with Store.open(db_path) as store:
        ids = [
            _add(store, story + f" {WORDS[i]} {WORDS[i + 1]}.", url=f"https://a.com/{i}") for i in range(3)
        ]
        article = store.get(ids[0])
        furniture = Furniture(store, [article])
        sentences = store.sentences(article)
        assert furniture.prose(article, sentences) == sentences


def test_name_and_title_set_phrases_are_not_copies(db_path: Path) -> None:
    rng = random.Random(7)
    assert is_set_phrase(SET_PHRASE)
    assert is_set_phrase("أمير قطر الشيخ تميم بن حمد آل ثاني")
    assert is_set_phrase("2018 / 01 / 21 2018 / 01 / 21")
    assert not is_set_phrase("إن إسرائيل أطلقت عدة صواريخ على منشأة عسكرية في ريف دمشق")
    assert not is_set_phrase("وقالت متحدثة باسم الجيش الإسرائيلي إنهم لا يعلقون على تقارير أجنبية")
    # A speech verb framing a titled name is part of the set phrase; a state is not a name.
    assert is_set_phrase("قال مدير المرصد السوري لحقوق الإنسان رامي عبد الرحمن إن")
    assert is_set_phrase("وقال وزير الدفاع التركي نور الدين جانيكلي إن")
    assert not is_set_phrase("وقال بوتين إن روسيا ستحتفظ بقاعدة حميميم الجوية")
    assert not is_set_phrase("الكرملين إن بوتين والأسد بحثا عقد مؤتمر بشأن سوريا")
    assert is_set_phrase("الأحد 21 يناير 2018 م | 04 جمادى الأولى 1439 ه")
    with Store.open(db_path) as store:
        a = _add(store, _prose(rng, 40) + " والتقى " + SET_PHRASE + " " + _prose(rng, 40), "https://a.com/1")
        b = _add(store, _prose(rng, 40) + " وصل " + SET_PHRASE + " " + _prose(rng, 40), "https://b.com/1")
        found = copies_among(store, [a, b])
        assert found and found[0].words < GUARANTEED_WORDS
        furniture = Furniture(store, store.get_many([a, b]))
        assert furniture.why_dropped(found[0]) == "set phrase"
        assert furniture.copies(found) == []


def test_copies_within_one_outlet_never_link_articles(db_path: Path) -> None:
    rng = random.Random(8)
    with Store.open(db_path) as store:
        a = _add(store, _prose(rng, 30) + " " + WIRE + " " + _prose(rng, 30), outlet="عنب بلدي")
        b = _add(store, _prose(rng, 30) + " " + WIRE + " " + _prose(rng, 30), outlet="عنب بلدي")
        c = _add(store, _prose(rng, 30) + " " + WIRE + " " + _prose(rng, 30), url="https://enabbaladi.net/1")
        found = copies_among(store, [a, b, c])
        kept = Furniture(store, store.get_many([a, b, c])).copies(found)
        assert {p.articles for p in found} == {(a, b), (a, c), (b, c)}
        assert {p.articles for p in kept} == {(a, c), (b, c)}  # the outlet name and the domain differ


@pytest.fixture
def furnished(db_path: Path) -> Tahqiq:
    """The sample reports, plus three pages of one site whose sidebar headline is the sample claim."""
    rng = random.Random(9)
    tq = Tahqiq(Store.open(db_path))
    tq.ingest([str(EXAMPLES / name) for name in SEED_FILES])
    sidebar = f"الأكثر قراءة: {SAMPLE_CLAIM} بحسب مصادر محلية. " + FOOTER
    tq.store.add_batch(
        [
            ArticleInput(
                text=_prose(rng, 90) + " " + sidebar, title=WORDS[i], source=f"s{i}", url=f"https://x.net/{i}"
            )
            for i in range(3)
        ]
    )
    return tq


def test_a_sidebar_that_repeats_the_claim_is_never_a_rationale(furnished: Tahqiq) -> None:
    with furnished as tq:
        report = tq.check(SAMPLE_CLAIM)
        sidebar = [e for e in report.evidence if e.article.url and "x.net" in e.article.url]
        assert sidebar, "the sidebar pages match the claim's words and are retrieved"
        for e in sidebar:
            assert e.stance.stance != "agree", e.stance
            assert all(SAMPLE_CLAIM not in r.text and "كلمة السر" not in r.text for r in e.stance.rationales)
        assert all("x.net" not in (tq.store.get(i).url or "") for c in report.copies for i in c.articles)


def test_marks_are_shared_between_checks_until_the_store_gains_an_article(db_path: Path) -> None:
    rng = random.Random(21)
    footer = _prose(rng, 20)
    with Store.open(db_path) as store:
        ids = [
            _add(store, _prose(rng, 60) + " " + footer, url=f"https://www.site-a.com/{i}") for i in range(2)
        ]
        first = Furniture(store, store.get_many(ids)).article(store.get(ids[0]))
        assert first.words == 0  # two pages carrying the footer are not enough
        again = Furniture(store, store.get_many(ids)).article(store.get(ids[0]))
        assert again is first  # the second check reuses the marks
        _add(store, _prose(rng, 60) + " " + footer, url="https://www.site-a.com/3")
        renewed = Furniture(store, store.get_many(ids)).article(store.get(ids[0]))
        assert renewed is not first and renewed.words > 0  # a third page: now it is furniture
