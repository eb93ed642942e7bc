"""The HTTP API on a real store of the five sample reports: checks, saved reports, articles, access."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tahqiq.api import Tahqiq
from tahqiq.report.json_report import SCHEMA_VERSION, report_dict
from tahqiq.server import ServerSettings, create_app

from ..conftest import SAMPLE_CLAIM, article_id_for

TOKEN = "desk-token-1"
LOOPBACK = ("127.0.0.1", 50123)
AUTH = {"Authorization": f"Bearer {TOKEN}"}
OPPOSITION = "004_9a22f17ed7bf8f62.txt"


@pytest.fixture
def client(sample_store: Tahqiq, db_path: Path) -> Iterator[TestClient]:
    app = create_app(ServerSettings(db=str(db_path), token=TOKEN))
    with TestClient(app, base_url="http://localhost", client=LOOPBACK) as c:
        yield c


def test_check_answers_the_versioned_report_and_saves_it(client: TestClient, sample_store: Tahqiq) -> None:
    r = client.post("/api/check", json={"claim": SAMPLE_CLAIM})
    assert r.status_code == 200, r.text
    data = r.json()
    direct = report_dict(sample_store.check(SAMPLE_CLAIM))
    # The same schema as `tahqiq check --json`: every field of the CLI report, with the same values
    # apart from the check time, plus the fields that locate the saved check.
    for key, value in direct.items():
        assert key in data
        if key != "checked_at":
            assert data[key] == value, key
    assert data["schema_version"] == SCHEMA_VERSION
    assert set(data) - set(direct) == {"check_id", "links", "review"}
    saved = client.get(f"/api/checks/{data['check_id']}").json()
    assert saved["claim"] == SAMPLE_CLAIM
    assert saved["verdict"] == data["verdict"]
    assert saved["links"]["claimreview"] == f"/api/checks/{data['check_id']}/claimreview"
    recent = client.get("/api/checks").json()
    assert recent[0]["check_id"] == data["check_id"]
    assert recent[0]["label"] == data["verdict"]["label"]


def test_denial_rationale_is_in_the_check(client: TestClient, sample_store: Tahqiq) -> None:
    data = client.post("/api/check", json={"claim": SAMPLE_CLAIM}).json()
    opposition = article_id_for(sample_store, OPPOSITION)
    [entry] = [e for e in data["evidence"] if e["article_id"] == opposition]
    assert entry["stance"] != "agree"
    assert any("نفى الصحافي السوري" in r["text"] for r in entry["rationales"])


@pytest.mark.parametrize(
    ("claim", "reason"),
    [("   ", "empty"), ("US forces train defectors", "no Arabic words"), ("في من على", "stop words")],
)
def test_claims_that_cannot_be_checked_get_422_with_the_reason(
    client: TestClient, claim: str, reason: str
) -> None:
    r = client.post("/api/check", json={"claim": claim})
    assert r.status_code == 422
    assert reason in r.json()["detail"]


def test_malformed_check_requests_are_4xx(client: TestClient) -> None:
    assert (
        client.post(
            "/api/check", content=b"{not json", headers={"Content-Type": "application/json"}
        ).status_code
        == 422
    )
    assert client.post("/api/check", json={"claim": SAMPLE_CLAIM, "limit": 0}).status_code == 422
    assert client.post("/api/check", json={"text": SAMPLE_CLAIM}).status_code == 422


def test_search_matches_the_cli_fields(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": "الحسكة الجيش السوري الجديد", "limit": 3}).json()
    assert 1 <= len(hits) <= 3
    assert {"article_id", "title", "outlet", "date", "score", "sentences"} <= set(hits[0])
    assert hits == sorted(hits, key=lambda h: -h["score"])


def test_article_view_has_text_sentences_quotes_sources_and_reuse(
    client: TestClient, sample_store: Tahqiq
) -> None:
    aid = article_id_for(sample_store, OPPOSITION)
    a = client.get(f"/api/articles/{aid}").json()
    assert a["article_id"] == aid
    for s in a["sentences"]:
        assert a["text"][s["start"] : s["end"]] == s["text"]
    denial = [q for q in a["quotes"] if q["verb_class"] == "denies"]
    assert any("الأسعد" in q["speaker"] for q in denial), a["quotes"]
    assert all(len(q["content_span"]) == 2 for q in a["quotes"])
    assert a["attributions"], "the article cites the Hmeimim channel"
    hub = article_id_for(sample_store, "000_d620f0c0ea8628c3.txt")
    assert hub in {link["other"]["article_id"] for link in a["reuse"]["links"]}
    without = client.get(f"/api/articles/{aid}", params={"reuse": "false"}).json()
    assert without["reuse"] is None


def test_unknown_ids_are_404(client: TestClient) -> None:
    for path in ("/api/articles/999", "/api/checks/999", "/api/checks/999/graph", "/api/stories/999"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert "999" in r.json()["detail"]


def test_reads_from_other_machines_need_the_token(sample_store: Tahqiq, db_path: Path) -> None:
    app = create_app(ServerSettings(db=str(db_path), token=TOKEN))
    with TestClient(app, base_url="http://localhost", client=("192.0.2.7", 40000)) as remote:
        assert remote.get("/api/stats").status_code == 401
        assert remote.get("/api/stats", headers=AUTH).status_code == 200
        assert remote.get("/api/stats", headers={"X-Tahqiq-Token": TOKEN}).status_code == 200
        assert remote.get("/api/stats", headers={"Authorization": "Bearer wrong"}).status_code == 401
    opened = create_app(ServerSettings(db=str(db_path), token=TOKEN, open_reads=True))
    with TestClient(opened, base_url="http://localhost", client=("192.0.2.7", 40000)) as remote:
        assert remote.get("/api/stats").json()["articles"] == 5
        assert remote.post("/api/articles", json={"articles": [{"text": "نص"}]}).status_code == 401


def test_writes_need_the_token_and_are_refused_when_none_is_set(
    client: TestClient, sample_store: Tahqiq, db_path: Path
) -> None:
    body = {"articles": [{"title": "خبر", "text": "قالت وكالة الأنباء إن الاجتماع عقد في دمشق أمس."}]}
    assert client.post("/api/articles", json=body).status_code == 401
    assert (
        client.post("/api/articles", json=body, headers={"Authorization": "Bearer nope"}).status_code == 401
    )
    assert sample_store.store.count() == 5
    no_token = create_app(ServerSettings(db=str(db_path), token=None))
    with TestClient(no_token, base_url="http://localhost", client=LOOPBACK) as c:
        r = c.post("/api/articles", json=body, headers=AUTH)
        assert r.status_code == 403
        assert "TAHQIQ_TOKEN" in r.json()["detail"]
        assert c.get("/api/health").json()["writes_enabled"] is False


def test_every_response_carries_the_strict_csp(client: TestClient) -> None:
    for path in ("/", "/checks/1", "/static/app.js", "/api/stats", "/api/articles/999"):
        csp = client.get(path).headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "default-src 'none'" in csp


def test_the_pages_local_font_is_served(client: TestClient) -> None:
    css = client.get("/static/style.css").text
    assert 'url("/static/fonts/NotoSansArabic-Regular.ttf")' in css
    font = client.get("/static/fonts/NotoSansArabic-Regular.ttf")
    assert font.status_code == 200 and font.content[:4] == b"\x00\x01\x00\x00"


def test_openapi_document_lists_the_routes(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in (
        "/api/check",
        "/api/search",
        "/api/articles",
        "/api/articles/upload",
        "/api/articles/{article_id}",
        "/api/checks/{check_id}/graph",
        "/api/checks/{check_id}/claimreview",
        "/api/checks/{check_id}/reviews",
        "/api/stories",
        "/api/stories/{story_id}",
    ):
        assert path in paths, path
    assert "multipart/form-data" in paths["/api/articles/upload"]["post"]["requestBody"]["content"]
