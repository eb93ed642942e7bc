"""Reuse across the store: planted copies with exact spans, shares, publication order, the sample."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from pathlib import Path

import pytest

import tahqiq.provenance.reuse as reuse_module
from tahqiq.api import Tahqiq
from tahqiq.errors import ArticleNotFound
from tahqiq.fixtures import synthetic_articles
from tahqiq.provenance.copies import MAX_REPEATS, find_copies
from tahqiq.provenance.furniture import SET_PHRASE_WORDS, is_set_phrase
from tahqiq.provenance.reuse import copies_among, publication_order, reuse, store_copies
from tahqiq.records import ArticleInput, CopiedPassage
from tahqiq.records.reuse import ReuseReport
from tahqiq.records.serialize import from_dict, to_dict
from tahqiq.store import Store
from tahqiq.text import tokenize

from ..conftest import article_id_for

# Distinct words, so that random texts share no five-word run by chance.
_VOCABULARY = (
    "أعلن مركز المصالحة الروسي قاعدة حميميم المدربين الأمريكيين ينشئون وحدات جديدة مخيم اللاجئين "
    "الحسكة نقلت وكالة الأنباء بيانا صادرا أمس عن وزارة الدفاع يؤكد وصول قوافل محملة بالأسلحة "
    "والذخائر الثقيلة الريف الشمالي للمحافظة وسط صمت دولي تام وتحذيرات أممية متكررة حول مصير "
    "آلاف المدنيين العالقين منذ أشهر طويلة دون غذاء دواء ماء صالح للشرب كهرباء مدارس مستشفيات"
)
WORDS = _VOCABULARY.split()
PASSAGE = (
    "أكد المتحدث العسكري في مؤتمر صحفي عقده ظهر اليوم أن القوافل عبرت الحدود الشرقية ليلا "
    "برفقة طائرات مسيرة ترصد الطرق"
)


def _text(rng: random.Random, n: int) -> str:
    sentences = []
    while n > 0:
        k = min(n, rng.randint(6, 14))
        sentences.append(" ".join(rng.choice(WORDS) for _ in range(k)) + ".")
        n -= k
    return " ".join(sentences)


def _add(store: Store, text: str, published: str | None = None, source: str = "") -> int:
    [result] = store.add_batch([ArticleInput(text=text, source=source or text[:20], published=published)])
    return result.article_id


def test_planted_copies_are_found_with_exact_spans_and_shares(db_path: Path) -> None:
    rng = random.Random(7)
    source = _text(rng, 60) + " " + PASSAGE + ". " + _text(rng, 40)
    copy_a = _text(rng, 30) + " " + PASSAGE + ". " + _text(rng, 20)
    copy_b = PASSAGE + "."
    with Store.open(db_path) as store:
        src = _add(store, source, "2017-12-16")
        a = _add(store, copy_a, "2017-12-17")
        b = _add(store, copy_b, "2017-12-18")
        _add(store, _text(rng, 80), "2017-12-17")  # unrelated
        report = reuse(store, src)
    assert [link.other.id for link in report.links] == [a, b]
    n = len(tokenize(PASSAGE))
    for link, text in zip(report.links, (copy_a, copy_b), strict=True):
        [p] = link.passages
        assert p.articles == (src, link.other.id)
        assert p.passage == PASSAGE and p.passage_other == PASSAGE
        assert source[p.spans[0].start : p.spans[0].end] == PASSAGE
        assert text[p.spans[1].start : p.spans[1].end] == PASSAGE
        assert link.copied_words == link.other_copied_words == n
        assert link.share == pytest.approx(n / len(tokenize(source)))
        assert link.other_share == pytest.approx(n / len(tokenize(text)))
        assert link.first == "article"
    assert report.links[1].other_share == pytest.approx(1.0)
    assert report.copied_words == n  # the same words copied twice count once
    assert report.share == pytest.approx(n / len(tokenize(source)))


def test_a_copy_with_a_changed_word_is_one_passage(db_path: Path) -> None:
    rng = random.Random(3)
    edited = PASSAGE.replace("الشرقية", "الغربية")
    source = _text(rng, 50) + " " + PASSAGE + ". " + _text(rng, 30)
    copy = _text(rng, 20) + " " + edited + ". " + _text(rng, 20)
    with Store.open(db_path) as store:
        src, dst = _add(store, source), _add(store, copy)
        [link] = reuse(store, dst).links
    [p] = link.passages
    assert link.other.id == src
    assert p.passage == edited and p.passage_other == PASSAGE


def test_an_article_with_no_copies_has_no_links(db_path: Path) -> None:
    rng = random.Random(5)
    with Store.open(db_path) as store:
        lonely = _add(store, _text(rng, 120))
        _add(store, _text(rng, 120))
        report = reuse(store, lonely)
    assert report.links == ()
    assert report.copied_words == 0 and report.share == 0.0
    assert report.article.words == 120


def test_unknown_article_is_a_named_error(db_path: Path) -> None:
    with Store.open(db_path) as store, pytest.raises(ArticleNotFound):
        reuse(store, 42)


@pytest.mark.parametrize(
    ("a", "b", "first", "reason"),
    [
        ("2017-12-16", "2017-12-17", "article", "2017-12-16 vs 2017-12-17"),
        ("2017-12-18", "2017-12-17", "other", "vs"),
        ("2017-12-17", "2017-12-17", "unknown", "same day"),
        ("2017-12-17T10:00:00", "2017-12-17T10:00:00", "unknown", "identical publication times"),
        ("2017-12-17T09:00:00+03:00", "2017-12-17T10:00:00+03:00", "article", "vs"),
        ("2017-12-17T09:00:00Z", "2017-12-17T07:00:00+00:00", "other", "vs"),
        ("2017-12-17T09:00:00", "2017-12-17", "unknown", "same day"),
        (None, "2017-12-17", "unknown", "this article"),
        ("2017-12-17", None, "unknown", "the other"),
        (None, None, "unknown", "this article and the other"),
        ("الأحد", "2017-12-17", "unknown", "no readable publication date"),
    ],
)
def test_publication_order(a: str | None, b: str | None, first: str, reason: str) -> None:
    order = publication_order(a, b)
    assert order.first == first
    assert reason in order.reason


def test_undated_and_same_day_copies_say_order_unknown(db_path: Path) -> None:
    rng = random.Random(9)
    with Store.open(db_path) as store:
        x = _add(store, _text(rng, 30) + " " + PASSAGE, "2017-12-17T08:00:00")
        y = _add(store, PASSAGE + " " + _text(rng, 30), "2017-12-17T08:00:00")
        z = _add(store, _text(rng, 10) + " " + PASSAGE + " " + _text(rng, 10), None)
        links = {link.other.id: link for link in reuse(store, x).links}
    assert links[y].first == "unknown" and "identical" in links[y].order
    assert links[z].first == "unknown" and "no readable publication date" in links[z].order


def test_mutual_copies_are_listed_both_ways(db_path: Path) -> None:
    """Two outlets that each copy a passage of the other: a cycle, reported from either side."""
    rng = random.Random(21)
    other_passage = " ".join(reversed(PASSAGE.split()))
    with Store.open(db_path) as store:
        a = _add(store, PASSAGE + ". " + _text(rng, 40) + " " + other_passage, "2017-12-17")
        b = _add(store, other_passage + ". " + _text(rng, 40) + " " + PASSAGE, "2017-12-17")
        [from_a] = reuse(store, a).links
        [from_b] = reuse(store, b).links
    assert from_a.other.id == b and from_b.other.id == a
    assert len(from_a.passages) == len(from_b.passages) == 2
    assert from_a.first == from_b.first == "unknown"


def test_sample_reuse_of_000_lists_002_and_004(sample_store: Tahqiq) -> None:
    first = article_id_for(sample_store, "000_d620f0c0ea8628c3.txt")
    a002 = article_id_for(sample_store, "002_b4dab204269f636e.txt")
    a004 = article_id_for(sample_store, "004_9a22f17ed7bf8f62.txt")
    report = reuse(sample_store.store, first)
    links = {link.other.id: link for link in report.links}
    assert set(links) == {a002, a004}
    assert any("الجيش السوري الجديد" in p.passage_other for p in links[a002].passages)
    assert any("750" in p.passage for p in links[a004].passages)
    for link in links.values():
        for p in link.passages:
            assert sample_store.store.get(first).text[p.spans[0].start : p.spans[0].end] == p.passage
        assert 0 < link.share < 0.5 and 0 < link.other_share < 0.5
    assert links[a004].copied_words > links[a002].copied_words
    data = json.loads(json.dumps(to_dict(report), ensure_ascii=False))
    assert data["links"][0]["passages"][0]["passage"]
    assert data["article"]["article_id"] == first  # named as a check report names an article
    assert to_dict(from_dict(ReuseReport, data)) == data  # shares are rounded in JSON


def test_copies_among_equals_all_pairs_on_the_sample(sample_store: Tahqiq) -> None:
    articles = list(sample_store.store.iter_articles())
    ids = [a.id for a in articles]
    assert copies_among(sample_store.store, ids) == find_copies(articles)
    assert copies_among(sample_store.store, [*ids, 999]) == find_copies(articles)
    assert copies_among(sample_store.store, ids[:1]) == []


def test_store_copies_reports_each_pair_once(sample_store: Tahqiq) -> None:
    found = store_copies(sample_store.store)
    articles = list(sample_store.store.iter_articles())
    pairs = {p.articles for p in found.passages}
    assert all(a < b for a, b in pairs)
    # Every aligned pair but the one whose only passage is a short set phrase («الجيش السوري الجديد
    # بالقرب من مخيم للاجئين في مدينة الحسكة»), which reuse leaves out as the check does.
    expected = {
        tuple(sorted(p.articles))
        for p in find_copies(articles)
        if p.words >= SET_PHRASE_WORDS or not is_set_phrase(p.passage)
    }
    assert pairs == expected and len(expected) == 3
    assert found.pairs_checked >= len(pairs)


def test_store_copies_finds_every_pair_with_a_small_fingerprint_cache(
    sample_store: Tahqiq, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = store_copies(sample_store.store).passages
    monkeypatch.setattr(reuse_module, "_FINGERPRINT_CACHE", 2)
    assert store_copies(sample_store.store).passages == expected


def test_page_furniture_is_not_reuse(db_path: Path) -> None:
    """A footer on every page of one site is furniture: no reuse link rests on it, in reuse or stories."""
    from .test_furniture import FOOTER, WIRE, _add, _page

    rng = random.Random(3)
    with Store.open(db_path) as store:
        pages = [_add(store, _page(rng), url=f"https://www.site-a.com/{i}") for i in range(3)]
        wire = _add(store, _page(rng, WIRE), url="https://www.site-a.com/wire")
        other = _add(store, f"{WIRE} {FOOTER}", url="https://www.site-b.com/1")
        found = reuse(store, other)
        assert {link.other.id for link in found.links} == {wire}  # the wire run, not the footer
        assert all("كلمة السر" not in p.passage for link in found.links for p in link.passages)
        assert not any(
            set(p.articles) <= {*pages, other} for p in store_copies(store).passages if other in p.articles
        )


def _planted_corpus(store: Store, n: int, seed: int) -> dict[int, str]:
    """Recombined sample sentences (which share many passages), plus planted edited copies and a
    refrain repeated past the copies' repeat limit; each article's text by id."""
    rng = random.Random(seed)
    records = list(synthetic_articles(n, seed))
    inputs = []
    for i, record in enumerate(records):
        text = str(record["text"])
        if i % 5 == 0:  # a few words of a copied passage changed, as an editor would
            words = PASSAGE.split()
            for k in rng.sample(range(len(words)), 2):
                words[k] = rng.choice(WORDS)
            text += "\n" + " ".join(words) + "."
        if i % 7 == 0:
            text += "\n" + " ".join(["عاجل سقوط قذائف على حي المزة"] * (MAX_REPEATS + 3)) + "\n" + PASSAGE
        url = f"https://outlet{i % 9}.example/{i}"
        inputs.append(ArticleInput(text=text, source=url, url=url, published=str(record["date"])))
    return {r.article_id: inputs[k].text for k, r in enumerate(store.add_batch(inputs))}


def _oriented(passages: Iterable[CopiedPassage]) -> set[tuple[int, int, int, int]]:
    return {(p.spans[0].start, p.spans[0].end, p.spans[1].start, p.spans[1].end) for p in passages}


@pytest.mark.parametrize("seed", [1, 2])
def test_reuse_is_symmetric_and_agrees_with_the_store_wide_scan(db_path: Path, seed: int) -> None:
    """A lists B iff B lists A, with the same passages mirrored; the scan reports exactly those pairs."""
    with Store.open(db_path) as store:
        texts = _planted_corpus(store, 30, seed)
        reports = {aid: {link.other.id: link for link in reuse(store, aid).links} for aid in texts}
        scan: dict[tuple[int, int], list[CopiedPassage]] = {}
        for p in store_copies(store).passages:
            scan.setdefault(p.articles, []).append(p)
    assert scan, "the generated corpus shares passages"
    for a, links in reports.items():
        for b, link in links.items():
            back = reports[b][a]  # KeyError: one-sided
            assert _oriented(link.passages) == {(c, d, x, y) for x, y, c, d in _oriented(back.passages)}
            lo, hi = sorted((a, b))
            assert _oriented(scan[(lo, hi)]) == _oriented(reports[lo][hi].passages)
    assert set(scan) == {(a, b) for a, links in reports.items() for b in links if a < b}


def test_a_repeated_refrain_keeps_the_look_up_and_an_edited_copy_is_one_passage(db_path: Path) -> None:
    rng = random.Random(11)
    refrain = " ".join(["عاجل سقوط قذائف على حي المزة"] * (MAX_REPEATS + 5))
    words = PASSAGE.split()
    words[3], words[11] = "الرسمي", "مساء"  # two words changed, seven or more apart
    with Store.open(db_path) as store:
        src = _add(store, _text(rng, 40) + " " + refrain + " " + PASSAGE + ". " + _text(rng, 30))
        dst = _add(store, refrain + " " + _text(rng, 20) + " " + " ".join(words) + ". " + _text(rng, 20))
        [link] = reuse(store, dst).links
    assert link.other.id == src
    edited = [p for p in link.passages if "مسيرة" in p.passage]
    assert len(edited) == 1 and edited[0].passage_other.startswith(PASSAGE.split()[0])
    assert edited[0].words >= len(words) - 1
    assert any("المزة" in p.passage for p in link.passages)  # the refrain itself is still aligned
