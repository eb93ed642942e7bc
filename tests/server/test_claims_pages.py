"""Persuasion spans on the article page and the claims page, through the in-process client:
highlighting, escaping of hostile text inside a span, the check button, and hostile queries."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tahqiq.api import Tahqiq
from tahqiq.server import ServerSettings, create_app
from tahqiq.server.pages import paragraphs

from ..conftest import SAMPLE_CLAIM, article_id_for

TOKEN = "claims-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
BALADI = "004_9a22f17ed7bf8f62.txt"


@pytest.fixture
def client(sample_store: Tahqiq, db_path: Path) -> Iterator[TestClient]:
    app = create_app(ServerSettings(db=str(db_path), token=TOKEN, rate_per_minute=0))
    with TestClient(app, base_url="http://localhost", client=("127.0.0.1", 50322)) as c:
        yield c


def _no_inline_code(html: str) -> None:
    assert re.findall(r"<script(?![^>]*(?:src=|application/ld\+json))", html) == []
    assert " style=" not in html and " onclick=" not in html


def test_the_article_page_highlights_spans_with_their_technique(
    client: TestClient, sample_store: Tahqiq
) -> None:
    aid = article_id_for(sample_store, BALADI)
    spans = sample_store.show(aid).persuasion
    assert spans is not None and spans.spans
    html = client.get(f"/articles/{aid}").text
    _no_inline_code(html)
    marks = re.findall(
        r'<mark class="technique" data-technique="([^"]+)" title="([^"]+)">([^<]+)</mark>', html
    )
    assert len(marks) == len(spans.spans)
    assert ("Name_Calling,Labeling", "الوصم والتسمية", "ما يسمى") in marks
    assert 'id="persuasion"' in html and "جمل بلغة مشحونة" in html
    english = client.get(f"/articles/{aid}?lang=en").text
    assert 'title="Name calling, labelling"' in english


def test_a_hostile_span_is_escaped(client: TestClient) -> None:
    record = {
        "title": "اختبار",
        "text": "قالت الميليشيات&lt;i&gt; (x<y & y>z) إنها قصفت المدينة أمس. وأضافت أن القصف مستمر.",
    }
    r = client.post("/api/articles", json={"articles": [record]}, headers=AUTH)
    assert r.status_code == 200, r.text
    [aid] = r.json()["added"]
    html = client.get(f"/articles/{aid}").text
    stored = client.get(f"/api/articles/{aid}").json()["text"]
    assert "الميليشيات<i>" in stored  # the entity is text once ingested: a tag right after the span
    assert "<i>" not in html
    assert re.search(r'<mark class="technique"[^>]*>الميليشيات</mark>&lt;i&gt;', html)


def test_paragraphs_cut_sentences_at_spans() -> None:
    text = "أ ب ج. د هـ و."
    sentences = [{"index": 0, "start": 0, "end": 6}, {"index": 1, "start": 7, "end": 14}]
    spans = [
        {"start": 2, "end": 3, "technique": "Doubt", "cue": "ب"},
        {"start": 2, "end": 5, "technique": "X"},
    ]
    [para] = paragraphs(text, sentences, set(), spans)
    first, second = [s for s in para if s.number]
    assert "".join(p.text for p in first.pieces) == first.text
    assert [p.technique for p in first.pieces] == [None, "X", None]  # the longer span at a start wins
    assert second.pieces == ()


def test_the_claims_page_lists_claims_with_a_check_button(client: TestClient) -> None:
    html = client.get("/claims").text
    _no_inline_code(html)
    first = re.search(r'<li class="claim"[^>]*>\s*<p[^>]*>([^<]+)</p>', html)
    assert first and "حميميم" in first.group(1)
    assert '<form class="claim-check" action="/" method="get">' in html
    check_id = client.post("/api/check", json={"claim": SAMPLE_CLAIM}).json()["check_id"]
    again = client.get("/claims").text
    assert f'href="/checks/{check_id}"' in again
    # Without the script, the button opens the claim form filled in.
    home = client.get("/", params={"claim": "ادعاء <b>للتحقق</b>"}).text
    assert "ادعاء &lt;b&gt;للتحقق&lt;/b&gt;</textarea>" in home


def test_the_claims_api_answers_as_the_command(client: TestClient, sample_store: Tahqiq) -> None:
    r = client.get("/api/claims", params={"limit": 3})
    assert r.status_code == 200
    data = r.json()
    assert [c["text"] for c in data] == [c.text for c in sample_store.claims(limit=3)]
    assert client.get("/api/claims", params={"since": "2030-01-01"}).json() == []
    assert client.get("/api/claims", params={"article": 999}).status_code == 404


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    key=st.sampled_from(["article", "story", "since", "limit"]),
    value=st.one_of(
        st.text(max_size=30),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.sampled_from(["\x00", "2017-13-45", "9999-99-99", "../", "1e309", "٣", "-0"]),
    ),
    page=st.booleans(),
)
def test_hostile_claims_queries_never_fail_the_server(
    client: TestClient, key: str, value: str, page: bool
) -> None:
    path = "/claims" if page else "/api/claims"
    r = client.get(path, params={key: value})
    assert r.status_code < 500, (path, key, value, r.text[:200])
