"""Outlet and date from a page's URL, and how ingest weighs them against the text."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tahqiq.api import Tahqiq
from tahqiq.ingest.build import build_article
from tahqiq.ingest.urls import date_from_url, host_of, outlet_from_url, registrable_domain
from tahqiq.store import Store


def test_a_listed_domain_gives_the_outlets_name_and_the_most_specific_row_wins() -> None:
    assert outlet_from_url("https://www.aljazeera.net/news/2017/12/17/x") == "الجزيرة نت"
    assert outlet_from_url("http://mubasher.aljazeera.net/news/1") == "الجزيرة مباشر"
    assert outlet_from_url("https://m.arabic.rt.com/middle_east/912345") == "روسيا اليوم"
    assert outlet_from_url("https://www.bbc.com/arabic/middleeast-42370000") == "بي بي سي عربي"
    assert outlet_from_url("https://www.bbc.com/news/world-42370000") == "بي بي سي"


def test_an_unlisted_domain_is_its_own_name() -> None:
    assert outlet_from_url("https://news.example-syria.org/a/1") == "example-syria.org"
    assert outlet_from_url("http://www.alquds-news.co.uk/?p=5") == "alquds-news.co.uk"
    assert registrable_domain("a.b.example.com.lb") == "example.com.lb"


def test_no_outlet_without_a_web_address() -> None:
    for url in (None, "", "examples/001.txt", "mailto:desk@example.org", "https://localhost/x"):
        assert outlet_from_url(url) is None


def test_a_date_in_the_path_is_read_and_an_impossible_one_is_not() -> None:
    assert date_from_url("https://www.alarabiya.net/ar/2017/12/17/story.html") == "2017-12-17"
    assert date_from_url("https://a.example/news/2017-12-17-title") == "2017-12-17"
    assert date_from_url("https://a.example/20171217/story") == "2017-12-17"
    assert date_from_url("https://a.example/2017/02/31/story") is None
    assert date_from_url("https://a.example/story/1948111200") is None  # an id, not a date
    assert date_from_url("https://a.example/?p=201712") is None


@given(st.text(max_size=200))
def test_any_string_is_answered_without_an_error(url: str) -> None:
    host_of(url)
    outlet_from_url(url)
    date_from_url(url)


def test_the_url_outranks_a_site_name_read_from_the_text_and_a_header_date_of_another_month() -> None:
    article = build_article(
        text="الأحد 12 نوفمبر 2017\nقال مصدر إن الاشتباكات استمرت.",
        title="اشتباكات",
        source="page.txt",
        url="https://www.enabbaladi.net/archives/2014/06/123",
        site_guess="Arabic .",
    )
    assert article.outlet == "عنب بلدي"
    assert article.published is None  # the header says November 2017, the URL June 2014
    assert article.metadata["dateline_ignored"] == "2017-11-12"


def test_a_record_with_a_url_and_no_outlet_gets_one_at_ingest(tmp_path: Path) -> None:
    corpus = tmp_path / "pages.jsonl"
    corpus.write_text(
        json.dumps(
            {
                "url": "https://arabic.rt.com/middle_east/2017/12/17/hasakah",
                "title": "موسكو: واشنطن تدرب منشقين عن داعش",
                "text": "قالت وزارة الدفاع الروسية إن مدربين أمريكيين يدربون منشقين عن داعش قرب الحسكة.",
            },
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    with Tahqiq(Store.open(tmp_path / "t.db")) as tq:
        tq.ingest([str(corpus)])
        [article] = list(tq.store.iter_articles())
    assert article.outlet == "روسيا اليوم" and article.published == "2017-12-17"
