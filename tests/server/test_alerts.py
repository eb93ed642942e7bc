"""Alerts over HTTP: the JSON list and count, the page, the header's badge, and a server that watches a folder."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tahqiq.api import Tahqiq
from tahqiq.records import ArticleInput
from tahqiq.server import ServerSettings, create_app

from ..conftest import SAMPLE_CLAIM

TOKEN = "alert-token"
LOOPBACK = ("127.0.0.1", 50000)
REWORDED = "وقالت مصادر محلية إن القوات الأمريكية تدرب عناصر منشقة عن تنظيم داعش في محافظة الحسكة."


@pytest.fixture
def checked(sample_store: Tahqiq) -> Tahqiq:
    sample_store.save_check(sample_store.check(SAMPLE_CLAIM))
    return sample_store


def _client(db: str, **settings: object) -> TestClient:
    app = create_app(ServerSettings(db=db, token=TOKEN, rate_per_minute=0, **settings))  # type: ignore[arg-type]
    return TestClient(app, base_url="http://localhost", client=LOOPBACK)


@pytest.fixture
def client(checked: Tahqiq) -> Iterator[TestClient]:
    with _client(checked.store.path) as c:
        yield c


def test_alerts_are_listed_counted_and_shown(client: TestClient, checked: Tahqiq) -> None:
    assert client.get("/api/alerts").json() == {"count": 0, "alerts": []}
    page = client.get("/alerts")
    assert page.status_code == 200 and 'id="alert-badge"' in page.text
    checked.add_articles([ArticleInput(text=f"{REWORDED}\nوأضافت المصادر أن التدريب مستمر.", title="رفع")])
    answer = client.get("/api/alerts").json()
    assert answer["count"] == 1 and answer["alerts"][0]["claim"] == SAMPLE_CLAIM
    assert client.get("/api/alerts/count").json() == {"count": 1}
    assert client.get("/api/alerts/count", params={"since": "2999-01-01"}).json() == {"count": 0}
    page = client.get("/alerts?lang=en")
    assert "منشقة" in page.text and f"/checks/{answer['alerts'][0]['check_id']}" in page.text


def test_a_bad_since_is_a_422_not_a_traceback(client: TestClient) -> None:
    answer = client.get("/api/alerts", params={"since": "yesterday"})
    assert answer.status_code == 422 and "yesterday" in answer.json()["detail"]


def test_an_upload_through_the_api_raises_an_alert(client: TestClient) -> None:
    body = {"articles": [{"title": "رفع", "text": f"{REWORDED}\nوأضافت المصادر أن التدريب مستمر."}]}
    answer = client.post("/api/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200, answer.text
    assert client.get("/api/alerts/count").json() == {"count": 1}


def test_the_server_watches_a_folder_itself(checked: Tahqiq, tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    jsonl = tmp_path / "alerts.jsonl"
    db = checked.store.path
    with _client(db, watch=(str(folder),), watch_every=0.2, alerts_jsonl=str(jsonl)) as c:
        record = {"title": "خبر", "text": f"{REWORDED}\nوأضافت المصادر أن التدريب مستمر.", "outlet": "جديد"}
        (folder / "feed.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        deadline = time.monotonic() + 120
        while c.get("/api/alerts/count").json()["count"] == 0:
            assert time.monotonic() < deadline, "the watch raised no alert"
            time.sleep(0.2)
        (alert,) = c.get("/api/alerts").json()["alerts"]
        assert alert["outlet"] == "جديد" and alert["new_outlet"]
    assert json.loads(jsonl.read_text(encoding="utf-8").splitlines()[0])["id"] == alert["id"]


def test_the_claimreview_export_lists_the_report_an_alert_found_later(
    client: TestClient, checked: Tahqiq
) -> None:
    (check,) = checked.recent_checks()
    url = "https://new.example/1"
    text = f"{REWORDED}\nوأضافت المصادر أن التدريب مستمر."
    before = client.get(f"/api/checks/{check.check_id}/claimreview").json()["itemReviewed"]["appearance"]
    checked.add_articles([ArticleInput(text=text, title="رفع", url=url)])
    (alert,) = checked.alerts()
    assert alert.stance == "agree"
    after = client.get(f"/api/checks/{check.check_id}/claimreview").json()["itemReviewed"]["appearance"]
    assert len(after) == len(before) + 1
    assert url in json.dumps(after)
