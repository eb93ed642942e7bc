"""Property: whatever a client sends to any route, the answer is never a 5xx.

The routes are read from the application itself, so a route added later is fuzzed too. Each
example picks a route and a method, fills its ``{id}`` parameters with anything (huge and
negative numbers, words, lone surrogates, NUL) and sends an arbitrary JSON body (with the
shapes the write routes expect, so the fuzzing reaches past the first validation), with the
write token so write routes run too. Kept fast: bounded examples on an in-process client.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.routing import Route

import tahqiq
from tahqiq.server import ServerSettings, create_app

from ..conftest import EXAMPLES, SAMPLE_CLAIM, SEED_FILES

TOKEN = "fuzz-token"
HEADERS = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
EXAMPLES_PER_TEST = 150  # about ten seconds on the development machine
PARAM = re.compile(r"\{([^}:]+)(?::[^}]+)?\}")
ARTICLE = "قالت وكالة الأنباء إن الاجتماع عقد في دمشق أمس بحضور الوزراء لبحث الأوضاع الاقتصادية. "
TRICKY = ["\ud83d", "\udc00", "\x00", "\u202e", "", " ", "٣", "1e309", "NaN", "-0", "0x10", "../../etc"]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("fuzz") / "store.db"
    with tahqiq.open(db) as tq:
        tq.ingest([str(EXAMPLES / name) for name in SEED_FILES])
    app = create_app(ServerSettings(db=str(db), token=TOKEN, rate_per_minute=0))
    with TestClient(app, base_url="http://localhost", raise_server_exceptions=False) as c:
        c.post("/api/check", json={"claim": SAMPLE_CLAIM})  # a saved check, so check ids 1.. exist
        yield c


def routes() -> list[tuple[str, str]]:
    """Every (method, path) the application answers: the API from its OpenAPI document, the pages
    (left out of the document) from its route table; static files are left out."""
    app = create_app(ServerSettings(db=":memory:"))
    found = {(m.upper(), path) for path, ops in app.openapi()["paths"].items() for m in ops}
    for route in app.routes:
        if isinstance(route, Route) and route.methods:
            found.update((m, route.path) for m in route.methods if m != "HEAD")
    return sorted(found)


text = st.one_of(
    st.text(max_size=40), st.sampled_from(TRICKY), st.lists(st.sampled_from(TRICKY)).map("".join)
)
ids = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, 1, 2, 2**63 - 1, 2**63, 2**64, -(2**63) - 1]),
    text,
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), text)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=12,
)
article_fields = st.sampled_from(["text", "body", "title", "url", "outlet", "date", "language", "extra"])
# Article text long enough to be stored, with anything mixed in: reaches the store, not just validation.
storable = st.tuples(st.sampled_from([ARTICLE]), text).map(lambda parts: parts[0] + parts[1])
articles = st.one_of(
    st.dictionaries(article_fields, json_values, max_size=5),
    st.fixed_dictionaries({"text": storable}, optional={"title": text, "outlet": text, "extra": json_values}),
)
# The shape each write route expects, so fuzzing gets past its first validation into the store.
SHAPED = {
    "/api/check": st.fixed_dictionaries({"claim": text}, optional={"limit": json_values}),
    "/api/articles": st.fixed_dictionaries(
        {"articles": st.lists(articles, min_size=1, max_size=3)}, optional={"outlet": json_values}
    ),
    "/api/checks/{check_id}/reviews": st.fixed_dictionaries(
        {"reviewer": text, "rating": st.sampled_from(["disputed", "x"]) | text, "verdict_text": text},
        optional={"explanation": json_values},
    ),
    "/api/checks/{check_id}/stances": st.fixed_dictionaries(
        {
            "article_id": st.sampled_from([1, 2, 3]) | ids,
            "stance": st.sampled_from(["agree", "discuss", "x"]) | text,
            "reviewer": text,
        }
    ),
}


def body_for(path: str) -> st.SearchStrategy[Any]:
    shaped = SHAPED.get(path)
    return json_values if shaped is None else st.one_of(shaped, shaped, json_values)


queries = st.dictionaries(st.sampled_from(["limit", "q", "reuse", "download"]), ids, max_size=3)


def fill(path: str, value: object) -> str:
    return PARAM.sub(lambda _: quote(str(value), safe="", errors="surrogatepass"), path)


ROUTES = routes()


def test_the_fuzzed_routes_include_every_id_route() -> None:
    paths = {p for _, p in ROUTES}
    for path in (
        "/api/articles/{article_id}",
        "/api/checks/{check_id}/reviews",
        "/api/checks/{check_id}/stances",
        "/checks/{check_id}/print",
    ):
        assert path in paths


@settings(max_examples=EXAMPLES_PER_TEST, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(route=st.sampled_from(ROUTES), value=ids, query=queries, data=st.data())
def test_no_request_gets_a_5xx(
    client: TestClient, route: tuple[str, str], value: object, query: dict[str, Any], data: Any
) -> None:
    method, path = route
    url = fill(path, value)
    body = data.draw(body_for(path), label="body")
    params = {k: str(v).encode("utf-8", "surrogatepass").decode("utf-8", "replace") for k, v in query.items()}
    try:
        content = json.dumps(body).encode()
    except ValueError:
        content = b"{"
    if data.draw(st.booleans(), label="raw bytes instead of JSON"):
        content = data.draw(st.binary(max_size=200), label="raw body")
    r = client.request(method, url, params=params, content=content, headers=HEADERS)
    assert r.status_code < 500, (method, url, r.status_code, r.text[:300])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=SHAPED["/api/articles"])
def test_no_article_record_gets_a_5xx(client: TestClient, body: dict[str, Any]) -> None:
    r = client.post("/api/articles", content=json.dumps(body).encode(), headers=HEADERS)
    assert r.status_code < 500, (body, r.status_code, r.text[:300])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(["a.json", "a.jsonl", "a.txt", "a.html", "a.xml", "a", "../a.rss"]),
    payload=st.one_of(st.binary(max_size=300), json_values.map(lambda v: json.dumps(v).encode())),
)
def test_no_upload_gets_a_5xx(client: TestClient, name: str, payload: bytes) -> None:
    r = client.post(
        "/api/articles/upload",
        files=[("files", (name, payload))],
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert r.status_code < 500, (name, payload[:80], r.status_code, r.text[:300])


def test_a_store_path_never_reaches_a_fuzzed_answer(
    client: TestClient, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = str(Path(tmp_path_factory.getbasetemp()))
    for path in ("/api/articles/123456", "/api/checks/123456", "/checks/123456/print"):
        assert base not in client.get(path).text
