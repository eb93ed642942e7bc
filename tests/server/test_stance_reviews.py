"""Reviewers' corrections of an article's stance: stored with who and when, listed, and refused
with a clear 4xx (API) or one error line (CLI) when the input is wrong."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tahqiq.api import Tahqiq
from tahqiq.cli import app
from tahqiq.errors import CheckNotFound, ReviewError
from tahqiq.server import ServerSettings, create_app

from ..conftest import SAMPLE_CLAIM

TOKEN = "desk-token-2"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def saved(sample_store: Tahqiq) -> tuple[int, int]:
    """A saved check of the sample claim and the id of its first article."""
    report = sample_store.check(SAMPLE_CLAIM)
    return sample_store.save_check(report), report.evidence[0].article.id


@pytest.fixture
def client(sample_store: Tahqiq, db_path: Path) -> Iterator[TestClient]:
    app_ = create_app(ServerSettings(db=str(db_path), token=TOKEN))
    with TestClient(app_, base_url="http://localhost", client=("127.0.0.1", 50123)) as c:
        yield c


def test_a_correction_is_stored_with_who_and_when(sample_store: Tahqiq, saved: tuple[int, int]) -> None:
    check_id, article_id = saved
    before = sample_store.saved_check(check_id).report
    first = sample_store.review_stance(check_id, article_id, "disagree", reviewer="  هدى ")
    sample_store.review_stance(check_id, article_id, "discuss", reviewer="Sami")
    found = sample_store.stance_reviews(check_id)
    assert [(r.article_id, r.stance, r.reviewer) for r in found] == [
        (article_id, "disagree", "هدى"),
        (article_id, "discuss", "Sami"),
    ]
    assert first.edited_at.endswith("+00:00")
    # The machine's stance in the saved report is left as it was.
    assert sample_store.saved_check(check_id).report == before


def test_bad_corrections_are_refused_by_the_api(sample_store: Tahqiq, saved: tuple[int, int]) -> None:
    check_id, article_id = saved
    with pytest.raises(ReviewError, match="stance must be one of"):
        sample_store.review_stance(check_id, article_id, "maybe", reviewer="x")
    with pytest.raises(ReviewError, match="reviewer is empty"):
        sample_store.review_stance(check_id, article_id, "agree", reviewer=" ")
    with pytest.raises(ReviewError, match="not among the articles"):
        sample_store.review_stance(check_id, 10**9, "agree", reviewer="x")
    with pytest.raises(CheckNotFound):
        sample_store.review_stance(check_id + 1000, article_id, "agree", reviewer="x")
    assert sample_store.stance_reviews(check_id) == []


def test_the_route_stores_and_lists_and_answers_4xx(client: TestClient, saved: tuple[int, int]) -> None:
    check_id, article_id = saved
    url = f"/api/checks/{check_id}/stances"
    r = client.post(url, json={"article_id": article_id, "stance": "agree", "reviewer": "Huda"}, headers=AUTH)
    assert r.status_code == 201, r.text
    assert r.json()["stance"] == "agree" and r.json()["reviewer"] == "Huda"
    assert [e["stance"] for e in client.get(url).json()] == ["agree"]
    bad = [
        {"article_id": article_id, "stance": "x", "reviewer": "Huda"},
        {"article_id": 10**9, "stance": "agree", "reviewer": "Huda"},
        {"article_id": "one", "stance": "agree", "reviewer": "Huda"},
        {"article_id": article_id, "stance": "agree", "reviewer": ""},
        {"stance": "agree"},
    ]
    for body in bad:
        r = client.post(url, json=body, headers=AUTH)
        assert r.status_code == 422, (body, r.status_code, r.text)
    assert (
        client.post("/api/checks/999999/stances", json=bad[0] | {"stance": "agree"}, headers=AUTH).status_code
        == 404
    )
    assert client.post(
        url, json={"article_id": article_id, "stance": "agree", "reviewer": "H"}
    ).status_code in (
        401,
        403,
    )
    assert len(client.get(url).json()) == 1


def test_the_cli_corrects_and_refuses_in_one_line(db_path: Path, saved: tuple[int, int]) -> None:
    check_id, article_id = saved
    runner = CliRunner()
    ok = runner.invoke(app, ["review-stance", str(check_id), str(article_id), "unrelated", "--by", "Huda",
                             "--db", str(db_path)])  # fmt: skip
    assert ok.exit_code == 0, ok.output
    assert "unrelated" in ok.output
    bad = runner.invoke(app, ["review-stance", str(check_id), str(article_id), "maybe", "--db", str(db_path)])
    assert bad.exit_code == 1
    assert bad.output.strip().count("\n") == 0 and "stance must be one of" in bad.output


def test_the_check_page_has_a_correction_form_per_article(client: TestClient, saved: tuple[int, int]) -> None:
    check_id, article_id = saved
    page = client.get(f"/checks/{check_id}").text
    assert f'data-article-id="{article_id}"' in page and 'class="stance-form"' in page
    assert "<script>" not in page and "style=" not in page
