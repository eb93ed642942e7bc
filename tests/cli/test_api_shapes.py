"""The CLI's --json and the HTTP API give the same record the same shape: one serializer for both."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tahqiq.api import Tahqiq
from tahqiq.cli import app
from tahqiq.server import ServerSettings, create_app

from ..conftest import SAMPLE_CLAIM, article_id_for

runner = CliRunner()
HUB = "000_d620f0c0ea8628c3.txt"
OPPOSITION = "004_9a22f17ed7bf8f62.txt"


@pytest.fixture
def client(sample_store: Tahqiq, db_path: Path) -> Iterator[TestClient]:
    app_ = create_app(ServerSettings(db=str(db_path), token="shapes-token"))
    with TestClient(app_, base_url="http://localhost", client=("127.0.0.1", 50777)) as c:
        yield c


def _cli(db_path: Path, *args: str) -> Any:
    result = runner.invoke(app, [*args, "--db", str(db_path), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_an_article_with_quotes_has_one_shape(
    client: TestClient, sample_store: Tahqiq, db_path: Path
) -> None:
    aid = article_id_for(sample_store, OPPOSITION)
    api = client.get(f"/api/articles/{aid}").json()
    quotes = _cli(db_path, "quotes", str(aid))
    assert quotes["quotes"] and quotes["quotes"] == api["quotes"]
    assert quotes["attributions"] == api["attributions"]
    assert quotes["primary_source"] == api["primary_source"]
    assert isinstance(api["quotes"][0]["verb_span"], list)  # [start, end], never {"start", "end"}
    shown = _cli(db_path, "show", str(aid))
    assert shown == {k: api[k] for k in shown}


def test_a_check_has_one_shape(client: TestClient, db_path: Path) -> None:
    cli = _cli(db_path, "check", SAMPLE_CLAIM)
    api = client.post("/api/check", json={"claim": SAMPLE_CLAIM}).json()
    for key in ("checked_at", "check_id", "links", "review"):
        cli.pop(key, None)
        api.pop(key, None)
    assert cli == api
    saved = _cli(db_path, "check", SAMPLE_CLAIM)
    assert saved["copies"] and set(saved["copies"][0]) == {
        "articles",
        "passage",
        "passage_other",
        "spans",
        "words",
    }


def test_reuse_has_one_shape(client: TestClient, sample_store: Tahqiq, db_path: Path) -> None:
    aid = article_id_for(sample_store, HUB)
    cli = _cli(db_path, "reuse", str(aid))
    api = client.get(f"/api/articles/{aid}").json()["reuse"]
    assert cli["links"] and cli == api
    link = cli["links"][0]
    assert {"article_id", "date"} <= set(link["other"])  # an article is named as in a check report
    assert set(link["passages"][0]) == {"articles", "passage", "passage_other", "spans", "words"}


def test_stories_name_articles_as_a_check_does(client: TestClient, db_path: Path) -> None:
    cli = _cli(db_path, "stories")
    assert cli
    story = client.get(f"/api/stories/{cli[0]['id']}").json()
    assert [a["article_id"] for a in story["articles"]] == [a["article_id"] for a in cli[0]["articles"]]
    assert story["claims"] == cli[0]["claims"]


def test_every_output_command_shares_json_and_format(sample_store: Tahqiq, db_path: Path) -> None:
    """--json and --format json mean the same on every command; a format a command lacks is a usage error."""
    aid = str(article_id_for(sample_store, HUB))
    for args in (
        ["search", "الحسكة"],
        ["show", aid],
        ["quotes", aid],
        ["reuse", aid],
        ["stories"],
        ["stats"],
    ):
        by_flag = _cli(db_path, *args)
        by_format = runner.invoke(app, [*args, "--db", str(db_path), "--format", "json"])
        assert by_format.exit_code == 0, by_format.output
        assert json.loads(by_format.stdout) == by_flag, args
    refused = runner.invoke(app, ["reuse", aid, "--db", str(db_path), "--format", "markdown"])
    assert refused.exit_code == 2
    both = runner.invoke(app, ["check", SAMPLE_CLAIM, "--db", str(db_path), "--json", "--format", "markdown"])
    assert both.exit_code == 2
