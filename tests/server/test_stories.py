"""Story pages over HTTP: stories listed largest first, each with a timeline of outlets and its claims."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import tahqiq
from tahqiq.server import ServerSettings, create_app
from tahqiq.server.stories import timeline

FIXTURES = Path(__file__).parents[1] / "fixtures" / "server"
TOKEN = "desk-token-4"


@pytest.fixture
def client(db_path: Path) -> Iterator[TestClient]:
    with tahqiq.open(db_path) as tq:
        summary = tq.ingest([str(FIXTURES / "story.jsonl")])
        assert len(summary.added) == 4
    with TestClient(
        create_app(ServerSettings(db=str(db_path), token=TOKEN)),
        base_url="http://localhost",
        client=("127.0.0.1", 50400),
    ) as c:
        yield c


def test_one_statement_echoed_by_three_outlets_is_one_story(client: TestClient) -> None:
    listing = client.get("/api/stories").json()
    assert listing["total"] == 1
    [story] = listing["stories"]
    assert story["articles"] == 3 and story["outlets"] == 3
    assert (story["first"], story["last"]) == ("2017-12-16", "2017-12-17")
    view = client.get(f"/api/stories/{story['story_id']}").json()
    assert [a["outlet"] for a in view["articles"]] == ["سانا", "الوطن", "روسيا اليوم"]
    assert [row["outlet"] for row in view["timeline"]] == ["سانا", "الوطن", "روسيا اليوم"]
    assert view["timeline"][0]["first"] == "2017-12-16"
    assert "اللاذقية" not in " ".join(a["title"] for a in view["articles"])
    assert view["copy_links"] == 3
    [claim] = view["claims"]
    assert "الجيش السوري الجديد" in claim["text"]
    assert len(claim["articles"]) == 3


def test_stories_follow_new_articles(client: TestClient) -> None:
    first = client.get("/api/stories").json()["stories"][0]
    copy = (FIXTURES / "story.jsonl").read_text(encoding="utf-8").splitlines()[3]
    echo = copy.replace("الوحدة", "تشرين").replace("2017-12-15", "2017-12-18").replace("افتتاح سوق", "سوق")
    echo = echo.replace("بأسعار مخفضة", "بأسعار مخفضة للمواطنين")
    r = client.post(
        "/api/articles/upload",
        files=[("files", ("echo.jsonl", echo.encode()))],
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert r.status_code == 200, r.text
    listing = client.get("/api/stories").json()
    assert listing["total"] == 2
    assert listing["stories"][0] == first  # the largest story stays first
    assert listing["stories"][1]["articles"] == 2


def test_timeline_puts_undated_outlets_last() -> None:
    articles: list[dict[str, Any]] = [
        {"article_id": 3, "outlet": None, "date": None},
        {"article_id": 2, "outlet": "ب", "date": "2017-12-18"},
        {"article_id": 1, "outlet": "أ", "date": "2017-12-17"},
        {"article_id": 4, "outlet": "ب", "date": "2017-12-16"},
    ]
    rows = timeline(articles)
    assert [(r["outlet"], r["first"], r["articles"]) for r in rows] == [
        ("ب", "2017-12-16", [4, 2]),
        ("أ", "2017-12-17", [1]),
        (None, None, [3]),
    ]
