"""The server against hostile and careless input: foreign Host names, huge ids, lone surrogates,
NUL characters, fields of the wrong type, bidi overrides in names, a flooding local script,
and anonymous checks piling up."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import tahqiq
from tahqiq.api import Tahqiq
from tahqiq.records import CheckReport
from tahqiq.records.serialize import from_dict
from tahqiq.server import ServerSettings, create_app
from tahqiq.store import Store
from tahqiq.text.bidi import FSI, PDI

from ..conftest import EXAMPLES, SAMPLE_CLAIM, SEED_FILES

TOKEN = "desk-token-h"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
LOOPBACK = ("127.0.0.1", 50600)
RLO = "\u202e"
HUGE = 2**63
ID_ROUTES = (
    "/api/articles/{id}",
    "/api/checks/{id}",
    "/api/checks/{id}/graph",
    "/api/checks/{id}/reviews",
    "/api/checks/{id}/claimreview",
    "/api/stories/{id}",
)  # a page with an impossible id answers the 404 page (tests/server/test_pages.py)
ARABIC = "قالت وكالة الأنباء إن الاجتماع عقد في دمشق أمس بحضور الوزراء لبحث الأوضاع."


def make_client(db_path: Path, base_url: str = "http://localhost", **overrides: object) -> TestClient:
    settings = ServerSettings(db=str(db_path), token=TOKEN, **overrides)  # type: ignore[arg-type]
    return TestClient(create_app(settings), base_url=base_url, client=LOOPBACK)


@pytest.fixture
def client(sample_store: Tahqiq, db_path: Path) -> Iterator[TestClient]:
    with make_client(db_path) as c:
        yield c


def post_json(client: TestClient, path: str, body: object, **kwargs: Any) -> Any:
    """POST ``body`` as JSON with ASCII escapes, as a client must to send a lone surrogate at all."""
    headers = {"Content-Type": "application/json", **AUTH}
    return client.post(path, content=json.dumps(body).encode(), headers=headers, **kwargs)


def stored_texts(db_path: Path) -> list[str]:
    with Store.open(str(db_path)) as store:
        rows = store.conn.execute(
            "SELECT title, text, coalesce(outlet, ''), metadata FROM articles"
        ).fetchall()
    return [str(v) for row in rows for v in row]


# ---------------------------------------------------------------- DNS rebinding


def test_a_foreign_host_name_is_refused_before_anything_is_read(sample_store: Tahqiq, db_path: Path) -> None:
    with make_client(db_path, base_url="http://evil.example:8000") as evil:
        for path in ("/api/checks", "/api/stats", "/", "/api/articles/1"):
            r = evil.get(path)
            assert r.status_code == 400, path
            assert "evil.example" in r.json()["detail"] and "--allowed-host" in r.json()["detail"]
        assert evil.post("/api/check", json={"claim": SAMPLE_CLAIM}).status_code == 400
        page = evil.get("/", headers={"Accept": "text/html,application/xhtml+xml"})
        assert page.status_code == 400 and page.headers["content-type"].startswith("text/plain")
        assert "لا يجيب" in page.text and "--allowed-host" in page.text
    with Store.open(str(db_path)) as store:
        assert store.conn.execute("SELECT count(*) FROM checks").fetchone()[0] == 0


@pytest.mark.parametrize("base", ["http://localhost:8000", "http://127.0.0.1:8000", "http://[::1]:8000"])
def test_loopback_names_are_answered(sample_store: Tahqiq, db_path: Path, base: str) -> None:
    with make_client(db_path, base_url=base) as c:
        assert c.get("/api/stats").status_code == 200


def test_configured_and_public_host_names_are_answered(
    sample_store: Tahqiq, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TAHQIQ_ALLOWED_HOSTS", "desk.lan, Other.Example:8080")
    monkeypatch.setenv("TAHQIQ_PUBLIC_URL", "https://checks.example.org/desk")
    settings = ServerSettings.from_env(str(db_path), token=TOKEN, allowed_hosts=["cli.example"])
    assert {"desk.lan", "other.example", "checks.example.org", "cli.example", "localhost"} <= set(
        settings.allowed_hosts
    )
    app = create_app(settings)
    for base in (
        "http://desk.lan",
        "http://other.example",
        "https://checks.example.org",
        "http://cli.example",
    ):
        with TestClient(app, base_url=base, client=LOOPBACK) as c:
            assert c.get("/api/stats").status_code == 200, base
    with TestClient(app, base_url="http://rebound.example", client=LOOPBACK) as c:
        assert c.get("/api/stats").status_code == 400


def test_a_star_turns_the_host_check_off_for_a_proxy_that_does_it(
    sample_store: Tahqiq, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TAHQIQ_ALLOWED_HOSTS", "*")
    with TestClient(
        create_app(ServerSettings.from_env(str(db_path))), base_url="http://anything.example", client=LOOPBACK
    ) as c:
        assert c.get("/api/stats").status_code == 200


def test_the_listening_address_is_a_host_name_but_a_wildcard_is_not(tmp_path: Path) -> None:
    from tahqiq.server.run import with_listen_host

    settings = ServerSettings(db=str(tmp_path / "x.db"))
    assert "192.0.2.7" in with_listen_host(settings, "192.0.2.7").allowed_hosts
    assert with_listen_host(settings, "0.0.0.0").allowed_hosts == settings.allowed_hosts


# ---------------------------------------------------------------- ids out of range


@pytest.mark.parametrize("route", ID_ROUTES)
@pytest.mark.parametrize("value", [HUGE, 2**64 + 5, -1, 0, "x"])
def test_ids_out_of_range_are_4xx_with_a_message(client: TestClient, route: str, value: int) -> None:
    r = client.get(route.replace("{id}", str(value)))
    assert r.status_code == 422, (route, value, r.text)
    assert r.json()["detail"].endswith("_id must be a whole number from 1 to 9223372036854775807")


def test_a_review_of_a_huge_id_is_4xx(client: TestClient) -> None:
    body = {"reviewer": "محرر", "rating": "disputed", "verdict_text": "متنازع عليه"}
    r = client.post(f"/api/checks/{HUGE}/reviews", json=body, headers=AUTH)
    assert r.status_code == 422
    assert r.json()["detail"] == "check_id must be a whole number from 1 to 9223372036854775807"


# ---------------------------------------------------------------- lone surrogates, NUL, wrong types


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ({"text": ARABIC + "\ud83d", "title": "خبر"}, "text"),
        ({"text": ARABIC, "outlet": "سانا\ud83d"}, "outlet"),
        ({"text": ARABIC, "tags": ["أ", "\udc00"]}, "tags[1]"),
        ({"text": ARABIC, "extra": {"\ud800key": 1}}, "extra"),
    ],
)
def test_a_lone_surrogate_in_any_article_field_is_422(
    client: TestClient, db_path: Path, record: dict[str, object], field: str
) -> None:
    r = post_json(client, "/api/articles", {"articles": [record]})
    assert r.status_code == 422, r.text
    [problem] = r.json()["problems"]
    assert "lone surrogate" in problem["reason"] and field in problem["reason"]
    assert client.get("/api/stats").json()["articles"] == 5


def test_a_lone_surrogate_in_an_uploaded_jsonl_file_is_422_with_its_line(client: TestClient) -> None:
    good = json.dumps({"text": ARABIC, "title": "خبر"}, ensure_ascii=False)
    bad = json.dumps({"text": ARABIC + " ثانٍ", "outlet": "x\ud83d"})  # ASCII escapes keep it as \\ud83d
    data = f"{good}\n{bad}\n".encode()
    r = client.post("/api/articles/upload", files=[("files", ("feed.jsonl", data))], headers=AUTH)
    assert r.status_code == 422, r.text
    [problem] = r.json()["problems"]
    assert problem["source"] == "upload:feed.jsonl:2" and "lone surrogate" in problem["reason"]
    assert client.get("/api/stats").json()["articles"] == 5


def test_a_lone_surrogate_in_a_claim_review_or_outlet_field_is_422(client: TestClient) -> None:
    r = post_json(client, "/api/check", {"claim": SAMPLE_CLAIM + "\ud83d"})
    assert r.status_code == 422 and "body.claim" in r.json()["detail"]
    assert client.get("/api/search", params={"q": "دمشق\x00"}).status_code == 422
    assert (
        post_json(client, "/api/articles", {"articles": [{"text": ARABIC}], "outlet": "\ud83d"}).status_code
        == 422
    )
    review = {"reviewer": "\udc00", "rating": "disputed", "verdict_text": "x"}
    assert post_json(client, "/api/checks/1/reviews", review).status_code == 422


def test_nul_characters_are_stripped_from_articles_and_never_stored(
    client: TestClient, db_path: Path
) -> None:
    record = {"text": ARABIC + "\x00 ثم", "title": "خ\x00بر", "outlet": "سا\x00نا", "note": ["\x00"]}
    r = client.post("/api/articles", json={"articles": [record]}, headers=AUTH)
    assert r.status_code == 200, r.text
    assert any("NUL" in w["message"] for w in r.json()["warnings"])
    line = json.dumps({"text": "\x00" + ARABIC + " آخر", "title": "t\x00"})
    up = client.post("/api/articles/upload", files=[("files", ("a.jsonl", line.encode()))], headers=AUTH)
    assert up.status_code == 200, up.text
    assert len(up.json()["added"]) == 1 and any("NUL" in w["message"] for w in up.json()["warnings"])
    [added] = r.json()["added"]
    article = client.get(f"/api/articles/{added}", params={"reuse": "false"}).json()
    assert article["title"] == "خبر" and article["outlet"] == "سانا"
    assert all("\x00" not in text for text in stored_texts(db_path))


def test_a_file_with_raw_nul_bytes_is_refused(client: TestClient) -> None:
    r = client.post(
        "/api/articles/upload", files=[("files", ("a.txt", ARABIC.encode() + b"\x00"))], headers=AUTH
    )
    assert r.status_code == 422


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"text": ARABIC, "title": {"ar": "خبر"}}, "field 'title' is an object"),
        ({"text": ARABIC, "url": ["https://a.example/1", "https://a.example/2"]}, "field 'url' is a list"),
        ({"text": ARABIC, "date": ["2017"]}, "field 'date' is a list"),
        ({"text": 5}, "field 'text' is a number"),
        ({"body": [ARABIC, 3]}, "field 'body' is a list"),
        ({"text": ARABIC, "outlet": True}, "field 'outlet' is true/false"),
    ],
)
def test_fields_of_the_wrong_type_are_422_not_coerced(
    client: TestClient, tmp_path: Path, record: dict[str, object], reason: str
) -> None:
    r = client.post("/api/articles", json={"articles": [record]}, headers=AUTH)
    assert r.status_code == 422, r.text
    assert reason in r.json()["problems"][0]["reason"]
    as_file = json.dumps([record], ensure_ascii=False).encode()
    up = client.post("/api/articles/upload", files=[("files", ("list.json", as_file))], headers=AUTH)
    assert up.status_code == 422, up.text
    assert up.json()["problems"][0]["source"] == "upload:list.json#1"
    assert reason in up.json()["problems"][0]["reason"]


@pytest.mark.parametrize("name", ["deep.json", "deep.jsonl"])
@pytest.mark.parametrize("depth", [40, 900, 50_000])
def test_records_nested_too_deep_are_422(client: TestClient, name: str, depth: int) -> None:
    nested = "[" * depth + "]" * depth
    data = f'{{"text": "{ARABIC}", "x": {nested}}}\n'.encode()
    r = client.post("/api/articles/upload", files=[("files", (name, data))], headers=AUTH)
    assert r.status_code == 422, r.text
    assert client.get("/api/stats").json()["articles"] == 5


def test_an_api_record_nested_too_deep_is_422_and_a_shallow_one_kept(client: TestClient) -> None:
    deep: object = "leaf"
    for _ in range(40):
        deep = [deep]
    r = post_json(client, "/api/articles", {"articles": [{"text": ARABIC, "x": deep}]})
    assert r.status_code == 422 and "levels deep" in r.json()["problems"][0]["reason"]
    ok = post_json(client, "/api/articles", {"articles": [{"text": ARABIC, "x": {"a": [{"b": [1]}]}}]})
    assert ok.status_code == 200, ok.text


def test_nan_infinity_and_numbers_too_long_to_read_are_422(client: TestClient) -> None:
    for extra in ({"x": [1, float("nan")]}, {"date": float("inf")}):
        r = post_json(client, "/api/articles", {"articles": [{"text": ARABIC, **extra}]})
        assert r.status_code == 422 and "not a finite number" in r.json()["problems"][0]["reason"]
        data = json.dumps({"text": ARABIC, **extra}).encode()
        up = client.post("/api/articles/upload", files=[("files", ("nan.json", data))], headers=AUTH)
        assert up.status_code == 422 and "not a finite number" in up.json()["problems"][0]["reason"]
    long_number = f'{{"text": "{ARABIC}", "x": {"9" * 5000}}}\n'.encode()
    for name in ("long.json", "long.jsonl"):
        up = client.post("/api/articles/upload", files=[("files", (name, long_number))], headers=AUTH)
        assert up.status_code == 422 and "too long to read" in up.json()["problems"][0]["reason"]
    assert client.get("/api/stats").json()["articles"] == 5


def test_paragraph_lists_and_outlet_objects_are_still_accepted(client: TestClient) -> None:
    record = {
        "body": [ARABIC, "وأضاف المتحدث أن اللقاء كان إيجابياً."],
        "outlet": {"name": "سانا"},
        "date": 1513468800,
    }
    r = client.post("/api/articles", json={"articles": [record]}, headers=AUTH)
    assert r.status_code == 200, r.text


def test_not_found_messages_do_not_reveal_the_store_path(client: TestClient, db_path: Path) -> None:
    for path in ("/api/articles/999", "/api/checks/999", "/api/stories/999", "/checks/999/print"):
        r = client.get(path)
        assert r.status_code == 404
        assert str(db_path) not in r.text and str(db_path.parent) not in r.text and "store.db" not in r.text
        if path.startswith("/api/"):
            assert "999" in r.json()["detail"]


# ---------------------------------------------------------------- bidi overrides in names


@pytest.fixture
def rlo_client(tmp_path: Path) -> Iterator[TestClient]:
    """The five sample reports, the denying one published by an outlet whose name holds U+202E."""
    db = tmp_path / "rlo.db"
    denial = (EXAMPLES / "004_9a22f17ed7bf8f62.txt").read_text(encoding="utf-8")
    title, _, body = denial.partition("\n")
    feed = tmp_path / "denial.jsonl"
    record = {"title": title, "text": body, "outlet": f"{RLO}شبكة مزيفة"}
    feed.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    others = [str(EXAMPLES / n) for n in SEED_FILES if not n.startswith("004")]
    with tahqiq.open(db) as tq:
        assert len(tq.ingest([*others, str(feed)]).added) == 5
    with make_client(db) as c:
        yield c


def test_an_override_in_an_outlet_name_is_isolated_everywhere_it_is_repeated(rlo_client: TestClient) -> None:
    report = rlo_client.post("/api/check", json={"claim": SAMPLE_CLAIM}).json()
    explanation = report["verdict"]["explanation"]
    assert f"{FSI}شبكة مزيفة{PDI}" in explanation, explanation
    assert RLO not in explanation
    check_id = report["check_id"]
    body = rlo_client.get(f"/api/checks/{check_id}/claimreview").json()
    assert RLO not in body["reviewBody"] and f"{FSI}شبكة مزيفة{PDI}" in body["reviewBody"]
    assert all(
        RLO not in json.dumps(a, ensure_ascii=False) for a in body["itemReviewed"].get("appearance", [])
    )
    page = rlo_client.get(f"/checks/{check_id}/print").text
    paragraph = page.split('<p class="explanation"', 1)[1].split("</p>", 1)[0]
    assert RLO not in paragraph and f"{FSI}شبكة مزيفة{PDI}" in paragraph
    # Wherever the raw name is shown on its own, it sits in a <bdi> and cannot reach past it.
    assert page.count(RLO) == page.count(f"<bdi>{RLO}")


def test_an_explanation_saved_before_the_fix_is_contained_on_export(
    client: TestClient, db_path: Path
) -> None:
    report = client.post("/api/check", json={"claim": SAMPLE_CLAIM}).json()
    old = {k: v for k, v in report.items() if k not in ("check_id", "links", "review")}
    old["verdict"] = {**old["verdict"], "explanation": f"#5 ({RLO}evil): rest of the paragraph."}
    with Store.open(str(db_path)) as store:
        check_id = store.save_check(from_dict(CheckReport, old))
    body = client.get(f"/api/checks/{check_id}/claimreview").json()
    assert body["reviewBody"] == "#5 (evil): rest of the paragraph."
    assert RLO not in client.get(f"/checks/{check_id}/print").text.split('class="explanation"')[1]


# ---------------------------------------------------------------- rate limit per client


def test_a_flooding_local_script_does_not_starve_the_page(sample_store: Tahqiq, db_path: Path) -> None:
    app = create_app(ServerSettings(db=str(db_path), token=TOKEN, rate_per_minute=60, rate_burst=3))
    with TestClient(app, base_url="http://localhost", client=("127.0.0.1", 50601)) as c:
        script = [c.get("/api/stats").status_code for _ in range(5)]
        assert script[-1] == 429
        tab = {"X-Tahqiq-Client": "6f1c2a7e-4b1d-4c55-9d0e-2f6a9b3c8d11"}
        assert [c.get("/api/stats", headers=tab).status_code for _ in range(3)] == [200, 200, 200]
        assert c.get("/api/stats", headers=AUTH).status_code == 200  # the token is a client of its own
        assert c.get("/api/stats", headers={"X-Tahqiq-Client": "short"}).status_code == 429  # not a name
    with TestClient(app, base_url="http://localhost", client=("192.0.2.9", 40001)) as remote:
        # The token's bucket is shared by whoever presents it (one request was made above).
        assert [remote.get("/api/stats", headers=AUTH).status_code for _ in range(3)] == [200, 200, 429]
        # A client elsewhere cannot get a fresh bucket by naming itself anew (401: reads need the token).
        named = [remote.get("/api/health", headers={"X-Tahqiq-Client": f"{i}" * 20}) for i in range(4)]
        assert [r.status_code for r in named] == [401, 401, 401, 429]


# ---------------------------------------------------------------- saved checks are bounded


def test_unreviewed_checks_are_bounded_and_reviewed_ones_kept(sample_store: Tahqiq, db_path: Path) -> None:
    with make_client(db_path, max_saved_checks=3) as c:
        ids = [c.post("/api/check", json={"claim": SAMPLE_CLAIM}).json()["check_id"] for _ in range(2)]
        review = {"reviewer": "محرر", "rating": "disputed", "verdict_text": "متنازع عليه"}
        assert c.post(f"/api/checks/{ids[0]}/reviews", json=review, headers=AUTH).status_code == 201
        ids += [c.post("/api/check", json={"claim": SAMPLE_CLAIM}).json()["check_id"] for _ in range(4)]
        kept = sorted(x["check_id"] for x in c.get("/api/checks", params={"limit": 200}).json())
        assert kept == [ids[0], *ids[-3:]]
        assert c.get(f"/api/checks/{ids[1]}").status_code == 404
