"""Claims and persuasion spans in a real browser: one click checks a claim; spans are marked and named."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import Watched
from .live_server import LiveServer

pytestmark = pytest.mark.browser

FIRST = "ol.claims li.claim >> nth=0"


def test_one_click_checks_a_listed_claim(page: Watched, live: LiveServer) -> None:
    p = page.page
    p.goto(live.url + "/claims")
    assert "حميميم" in p.inner_text(f"{FIRST} >> p.claim-text")
    p.click(f"{FIRST} >> form.claim-check button")
    p.wait_for_url(re.compile(r".*/checks/\d+$"))
    p.wait_for_selector("#verdict")
    check_id = p.url.rsplit("/", 1)[1]
    p.goto(live.url + "/claims")
    assert p.get_attribute(f"{FIRST} >> a.button", "href") == f"/checks/{check_id}"
    assert p.evaluate("document.documentElement.scrollWidth") <= p.viewport_size["width"]
    assert page.errors == [] and page.dialogs == []


def test_the_article_page_marks_and_names_persuasion_spans(page: Watched, live: LiveServer) -> None:
    p = page.page
    p.goto(live.url + "/articles/5")
    marks: Any = p.eval_on_selector_all(
        "mark.technique", "ms => ms.map(m => [m.dataset.technique, m.title, m.textContent])"
    )
    assert ["Name_Calling,Labeling", "الوصم والتسمية", "ما يسمى"] in marks
    assert p.is_visible("#persuasion") and "الوصم والتسمية" in p.inner_text("#persuasion")
    assert p.evaluate("document.documentElement.scrollWidth") <= p.viewport_size["width"]
    assert page.errors == []
