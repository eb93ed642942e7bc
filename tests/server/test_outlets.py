"""Outlet profiles over HTTP: the JSON routes, the desk's renames, and the pages in both languages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from tahqiq.api import Tahqiq
from tahqiq.server import ServerSettings, create_app

from ..conftest import SAMPLE_CLAIM

TOKEN = "desk-token-outlets"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
BALADI = quote("بلدي نيوز")


@pytest.fixture
def client(sample_store: Tahqiq, db_path: Path) -> Iterator[TestClient]:
    sample_store.save_check(sample_store.check(SAMPLE_CLAIM))
    app_ = create_app(ServerSettings(db=str(db_path), token=TOKEN))
    with TestClient(app_, base_url="http://localhost", client=("127.0.0.1", 50123)) as c:
        yield c


def test_the_api_lists_outlets_and_answers_a_profile(client: TestClient) -> None:
    listed = client.get("/api/outlets").json()
    assert listed["outlets"][0]["name"] == "سانا"
    profile = client.get(f"/api/outlets/{BALADI}")
    assert profile.status_code == 200
    data = profile.json()
    assert data["denials"][0]["speaker"] == "مضر حماد الأسعد"
    assert data["stance"]["disputed_claims"][0]["articles"] == data["articles"]["articles"]


def test_an_unknown_outlet_is_404_json_and_an_html_404_page(client: TestClient) -> None:
    answer = client.get(f"/api/outlets/{quote('لا أحد')}")
    assert answer.status_code == 404
    assert "no outlet named" in answer.json()["detail"]
    page = client.get(f"/outlets/{quote('لا أحد')}")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")


def test_renames_need_the_token_and_are_kept_with_who(client: TestClient) -> None:
    body = {"old": "سانا", "new": "وكالة سانا", "by": "هدى"}
    assert client.post("/api/outlets/rename", json=body).status_code in (401, 403)
    done = client.post("/api/outlets/rename", json=body, headers=AUTH)
    assert done.status_code == 201 and done.json()["changed_by"] == "هدى"
    assert client.get(f"/api/outlets/{quote('وكالة سانا')}").json()["articles"]["count"] == 2
    merged = client.post(
        "/api/outlets/merge", json={"name": "الوطن السورية", "into": "وكالة سانا", "by": "Sami"}, headers=AUTH
    )
    assert merged.status_code == 201
    assert [c["action"] for c in client.get("/api/outlets/changes").json()] == ["rename", "merge"]
    missing = client.post("/api/outlets/rename", json={"old": "لا أحد", "new": "x", "by": "y"}, headers=AUTH)
    assert missing.status_code == 404
    empty = client.post("/api/outlets/rename", json={"old": "سانا", "new": "", "by": "y"}, headers=AUTH)
    assert empty.status_code == 422


def test_the_pages_link_every_figure_to_its_articles(client: TestClient) -> None:
    listing = client.get("/outlets")
    assert listing.status_code == 200
    assert f'href="/outlets/{BALADI}"' in listing.text
    page = client.get(f"/outlets/{BALADI}")
    assert page.status_code == 200
    assert 'href="/articles/5' in page.text
    assert "مضر حماد الأسعد" in page.text
    english = client.get(f"/outlets/{BALADI}?lang=en")
    assert "Denials it carried" in english.text
    assert 'href="/outlets"' in client.get("/").text
