"""Ingest over HTTP: files and JSON go in whole or not at all; bad uploads get a clear 4xx."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tahqiq.api import Tahqiq
from tahqiq.server import ServerSettings, create_app
from tahqiq.server.uploads import safe_name

FIXTURES = Path(__file__).parents[1] / "fixtures" / "server"
TOKEN = "desk-token-2"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def make_client(db_path: Path, **overrides: object) -> TestClient:
    settings = ServerSettings(db=str(db_path), token=TOKEN, **overrides)  # type: ignore[arg-type]
    return TestClient(create_app(settings), base_url="http://localhost", client=("127.0.0.1", 50200))


@pytest.fixture
def client(sample_store: Tahqiq, db_path: Path) -> Iterator[TestClient]:
    with make_client(db_path) as c:
        yield c


def count(client: TestClient) -> int:
    n: int = client.get("/api/stats").json()["articles"]
    return n


def fixture(name: str) -> tuple[str, bytes]:
    return name, (FIXTURES / name).read_bytes()


def test_files_are_ingested_with_upload_sources(client: TestClient) -> None:
    files = [("files", fixture("report_a.txt")), ("files", fixture("feed.jsonl"))]
    r = client.post("/api/articles/upload", files=files, headers=AUTH)
    assert r.status_code == 200, r.text
    body = r.json()
    assert len(body["added"]) == 3 and body["duplicates"] == [] and body["unchanged"] == []
    assert count(client) == 8
    first = client.get(f"/api/articles/{body['added'][0]}", params={"reuse": "false"}).json()
    assert first["sources"] == ["upload:report_a.txt"]
    assert first["title"].startswith("مسؤول: افتتاح جسر جديد")
    second = client.get(f"/api/articles/{body['added'][1]}", params={"reuse": "false"}).json()
    assert second["sources"] == ["upload:feed.jsonl:1"]
    assert second["outlet"] == "سانا" and second["date"] == "2017-12-18"
    again = client.post("/api/articles/upload", files=files, headers=AUTH).json()
    assert again["added"] == [] and len(again["unchanged"]) == 3
    assert count(client) == 8


def test_an_upload_with_one_bad_record_stores_nothing(client: TestClient) -> None:
    files = [("files", fixture("report_a.txt")), ("files", fixture("broken.jsonl"))]
    r = client.post("/api/articles/upload", files=files, headers=AUTH)
    assert r.status_code == 422
    body = r.json()
    assert "nothing was stored" in body["detail"]
    assert body["problems"] == [{"source": "upload:broken.jsonl:2", "reason": body["problems"][0]["reason"]}]
    assert "invalid JSON" in body["problems"][0]["reason"]
    assert count(client) == 5


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("binary.txt", bytes(range(256)) * 8, "binary"),
        ("list.json", b"[]", "empty"),
    ],
)
def test_unreadable_files_get_422_with_their_reason(
    client: TestClient, name: str, data: bytes, reason: str
) -> None:
    r = client.post("/api/articles/upload", files=[("files", (name, data))], headers=AUTH)
    assert r.status_code == 422, r.text
    [problem] = r.json()["problems"]
    assert problem["source"] == f"upload:{name}"
    assert reason in problem["reason"]
    assert count(client) == 5


def test_oversized_uploads_get_413_and_store_nothing(sample_store: Tahqiq, db_path: Path) -> None:
    big = (FIXTURES / "report_a.txt").read_bytes() * 200  # ~100 KiB against a 64 KiB limit
    with make_client(db_path, max_upload_bytes=64 * 1024) as c:
        r = c.post("/api/articles/upload", files=[("files", ("big.txt", big))], headers=AUTH)
        assert r.status_code == 413
        assert "nothing was stored" in r.json()["detail"]
        # Without a Content-Length the body is counted while it streams in.
        chunks = iter([big[i : i + 8192] for i in range(0, len(big), 8192)])
        r = c.post(
            "/api/articles",
            content=chunks,
            headers={**AUTH, "Content-Type": "application/json"},
        )
        assert r.status_code == 413
        assert count(c) == 5


def test_too_many_articles_in_one_request_are_refused(sample_store: Tahqiq, db_path: Path) -> None:
    with make_client(db_path, max_upload_articles=1) as c:
        r = c.post("/api/articles/upload", files=[("files", fixture("feed.jsonl"))], headers=AUTH)
        assert r.status_code == 422
        assert "limit is 1" in r.json()["detail"]
        r = c.post(
            "/api/articles",
            json={"articles": [{"text": "نص أول للخبر"}, {"text": "نص ثان للخبر"}]},
            headers=AUTH,
        )
        assert r.status_code == 422
        assert count(c) == 5


def test_malformed_multipart_and_missing_files_are_4xx(client: TestClient) -> None:
    broken = b'--XYZ\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\nno end boundary'
    r = client.post(
        "/api/articles/upload",
        content=broken,
        headers={**AUTH, "Content-Type": "multipart/form-data; boundary=XYZ"},
    )
    assert 400 <= r.status_code < 500
    r = client.post("/api/articles/upload", data={"outlet": "سانا"}, headers=AUTH)
    assert r.status_code == 422
    assert "no files" in r.json()["detail"]
    assert count(client) == 5


def test_json_articles_go_in_whole_or_not_at_all(client: TestClient) -> None:
    good = {
        "title": "خبر",
        "text": "أعلنت البلدية إغلاق الطريق الرئيسي لأعمال الصيانة حتى نهاية الأسبوع.",
        "url": "https://example.org/x",
    }
    r = client.post("/api/articles", json={"articles": [good, {"title": "بلا نص"}]}, headers=AUTH)
    assert r.status_code == 422
    assert r.json()["problems"][0]["source"] == "api:#2"
    assert count(client) == 5
    r = client.post("/api/articles", json={"articles": [good], "outlet": "البلدية"}, headers=AUTH)
    assert r.status_code == 200
    [aid] = r.json()["added"]
    stored = client.get(f"/api/articles/{aid}", params={"reuse": "false"}).json()
    assert stored["outlet"] == "البلدية" and stored["url"] == "https://example.org/x"
    assert client.post("/api/articles", json={"articles": "not a list"}, headers=AUTH).status_code == 422
    assert client.post("/api/articles", json={"articles": []}, headers=AUTH).status_code == 422


def test_upload_names_cannot_escape_the_upload_folder() -> None:
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("..\\..\\win.ini") == "win.ini"
    assert safe_name(".hidden.txt") == "hidden.txt"
    assert safe_name("تقرير الحسكة.txt") == "تقرير_الحسكة.txt"
    assert safe_name("") == "upload"
